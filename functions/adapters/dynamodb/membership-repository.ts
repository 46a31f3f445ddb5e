import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DocumentClient } from './client.ts';
import { normaliseRegistryId, type Registration } from '../../domain/entrant.ts';
import { AlreadyExists } from '../../domain/errors.ts';
import type { Membership, Role } from '../../domain/membership.ts';
import type { MemberIdentity, MembershipRepository } from '../../use-cases/ports.ts';
import type { CursorCodec, CursorScope } from './cursor.ts';
import { fromItem, getMany, isConditionFailure, queryUserItems } from './items.ts';
import * as keys from './keys.ts';
import { noteConflictInputsChanged } from './conflict-list.ts';

interface StoredMembership extends Omit<Membership, 'roles'> {
  roles?: Set<Role> | Role[];
}

function toMembership(item: Record<string, unknown>): Membership {
  const m = fromItem<StoredMembership>(item);
  // A team member's membership (team-repository.ts) may hold no role at all.
  return { ...m, roles: [...(m.roles ?? [])].sort() };
}

export function membershipRepository(db: DocumentClient, table: string, cursors: CursorCodec): MembershipRepository {
  const listScope = (competitionId: string): CursorScope => ({
    listing: 'members',
    keyAttributes: ['pk', 'sk'],
    equals: { pk: keys.competition(competitionId).pk },
    prefixes: { sk: keys.membershipPrefix() },
  });

  /**
   * Creates the membership item if needed and adds `role` to its role set (idempotent). With a
   * registration, also records it — once: a second registration fails the condition.
   */
  const addRole = (
    competitionId: string,
    user: MemberIdentity,
    role: Role,
    registration?: Registration & { registeredAt: string },
  ) => {
    const k = keys.membershipByUser(user.sub, competitionId);
    return new UpdateCommand({
      TableName: table,
      Key: keys.membership(competitionId, user.sub),
      UpdateExpression:
        'SET #type = :type, schemaVersion = :sv, competitionId = :c, userSub = :s, userEmail = :e, userEmailVerified = :ev, gsi1pk = :g1, gsi1sk = :g1s' +
        (registration ? ', registration = :r' : '') +
        ' ADD #roles :role',
      // A member of someone else's team (team-repository.ts) cannot register an organisation of their own there.
      ConditionExpression: registration ? 'attribute_not_exists(registration) AND attribute_not_exists(team)' : undefined,
      ExpressionAttributeNames: { '#type': 'type', '#roles': 'roles' },
      ExpressionAttributeValues: {
        ':type': 'Membership',
        ':sv': 1,
        ':c': competitionId,
        ':s': user.sub,
        ':e': user.email,
        ':ev': user.emailVerified === true,
        ':g1': k.gsi1pk,
        ':g1s': k.gsi1sk,
        ':role': new Set([role]),
        ...(registration ? { ':r': registration } : {}),
      },
    });
  };

  return {
    async get(competitionId, userSub) {
      const r = await db.send(
        new GetCommand({ TableName: table, Key: keys.membership(competitionId, userSub), ConsistentRead: true }),
      );
      return r.Item ? toMembership(r.Item) : undefined;
    },

    async grant(competitionId, user, role) {
      await db.send(addRole(competitionId, user, role));
      // The address (and whether it is verified) keys automatic conflicts (conflict-list.ts).
      await noteConflictInputsChanged(db, table, competitionId);
    },

    async claimOrganisation(competitionId, user, registryId) {
      const orgKey = normaliseRegistryId(registryId);
      // The same user retrying is fine (idempotent); the old item says whether this call made the claim.
      try {
        const r = await db.send(
          new PutCommand({
            TableName: table,
            Item: { ...keys.organisationGuard(competitionId, orgKey), type: 'OrganisationGuard', schemaVersion: 1, ownerSub: user.sub },
            ConditionExpression: 'attribute_not_exists(pk) OR ownerSub = :s',
            ExpressionAttributeValues: { ':s': user.sub },
            ReturnValues: 'ALL_OLD',
          }),
        );
        return r.Attributes === undefined;
      } catch (e) {
        if (isConditionFailure(e))
          throw new AlreadyExists(
            'ORGANISATION_ALREADY_REGISTERED',
            'This organisation is already registered for this competition by someone else. Ask them to add you to the team.',
            { registryId: 'already registered' },
          );
        throw e;
      }
    },

    async releaseOrganisation(competitionId, user, registryId) {
      // Only the caller's own claim (a claim another user holds is theirs).
      try {
        await db.send(
          new DeleteCommand({
            TableName: table,
            Key: keys.organisationGuard(competitionId, normaliseRegistryId(registryId)),
            ConditionExpression: 'ownerSub = :s',
            ExpressionAttributeValues: { ':s': user.sub },
          }),
        );
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    },

    async register(competitionId, user, registration, at, claim) {
      const orgKey = normaliseRegistryId(registration.registryId);
      // 1. Claim the organisation — unless the caller claimed it already (with its reads: register-entrant.ts).
      const claimedNow = claim ? await claim : (await this.claimOrganisation(competitionId, user, registration.registryId), true);
      // 2. Record the registration on the caller's membership, once.
      try {
        await db.send(addRole(competitionId, user, 'entrant', { ...registration, registeredAt: at }));
      } catch (e) {
        if (isConditionFailure(e)) {
          // Undo the claim only if this call made it and it is not the user's existing organisation.
          const existing = await this.get(competitionId, user.sub);
          const existingOrg = existing?.registration ? normaliseRegistryId(existing.registration.registryId) : undefined;
          if (claimedNow && existingOrg !== orgKey)
            await db.send(new DeleteCommand({ TableName: table, Key: keys.organisationGuard(competitionId, orgKey) }));
          if (existing?.team && !existing.registration)
            throw new AlreadyExists('IN_A_TEAM', "You are a member of another organisation's team in this competition; leave that team first to register your own.", { registration: 'in a team' });
          throw new AlreadyExists('ALREADY_REGISTERED', 'You have already registered for this competition.');
        }
        // Leave nothing half-written: release the organisation again.
        if (claimedNow)
          await db.send(new DeleteCommand({ TableName: table, Key: keys.organisationGuard(competitionId, orgKey) }));
        throw e;
      }
      // Registry id and team key automatic conflicts: the use case moves conflictInputs on (conflict-list.ts).
    },

    async listForUser(userSub) {
      return (await queryUserItems(db, table, userSub, keys.membershipPrefix())).map(toMembership);
    },

    async listForCompetition(competitionId, limit, cursor) {
      const state = cursors.decode(listScope(competitionId), cursor);
      const r = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :m)',
          ExpressionAttributeValues: { ':p': keys.competition(competitionId).pk, ':m': keys.membershipPrefix() },
          Limit: limit,
          ExclusiveStartKey: state?.key,
        }),
      );
      return {
        items: (r.Items ?? []).map(toMembership),
        nextCursor: r.LastEvaluatedKey ? cursors.encode(listScope(competitionId), { key: r.LastEvaluatedKey as Record<string, string> }) : undefined,
      };
    },

    async getMany(competitionId, userSubs) {
      return (await getMany(db, table, userSubs.map((sub) => keys.membership(competitionId, sub)))).map(toMembership);
    },
  };
}
