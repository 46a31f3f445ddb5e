/**
 * Entrant teams (ACCESS-PATTERNS.md: teams). A member's place in a team is the `team` attribute of
 * their own membership item (`COMP#<c>` / `MEMBER#<sub>`), with gsi2 keys `TEAM#<c>#<team>` /
 * `MEMBER#<sub>` so a team's roster is one query; invitations are items `TEAMINVITE#<token hash>`
 * in the competition's partition (found from the link), on gsi2 under the same team partition
 * (`INVITE#<created>#<hash>`). The team's seats (`TEAMSEATS#<team>`: one per address, members and
 * pending invitations, and their count) make the seat limit and "one invitation per address" one
 * conditional write, where the roster (an eventually consistent index) could let two invites pass. Each change is one conditional write of one item: joining (a person
 * in no team who registered nothing), moving a member between roles, claiming an invitation.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DocumentClient } from './client.ts';
import { AlreadyExists } from '../../domain/errors.ts';
import type { Membership } from '../../domain/membership.ts';
import type { TeamInvitation, TeamSeats } from '../../domain/team.ts';
import type { TeamRepository } from '../../use-cases/ports.ts';
import { fromItem, toItem, writeIf } from './items.ts';
import * as keys from './keys.ts';

function toMembership(item: Record<string, unknown>): Membership {
  const m = fromItem<Membership & { roles?: Iterable<Membership['roles'][number]> }>(item);
  return { ...m, roles: [...(m.roles ?? [])].sort() };
}

export function teamRepository(db: DocumentClient, table: string): TeamRepository {
  const conditional = async (command: UpdateCommand | PutCommand) => {
    return writeIf(db, command);
  };

  return {
    async createInvitation(i) {
      const item = { ...toItem('TeamInvitation', i, keys.teamInvitation(i.competitionId, i.tokenHash)), ...keys.teamRosterInvitation(i.competitionId, i.teamSub, i.createdAt, i.tokenHash) };
      if (!(await conditional(new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }))))
        throw new AlreadyExists('INVITATION_EXISTS', 'This invitation exists already.');
    },

    async getInvitation(competitionId, tokenHash) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.teamInvitation(competitionId, tokenHash), ConsistentRead: true }));
      return r.Item ? fromItem<TeamInvitation>(r.Item) : undefined;
    },

    claimInvitation(competitionId, tokenHash, userSub, at) {
      return conditional(
        new UpdateCommand({
          TableName: table,
          Key: keys.teamInvitation(competitionId, tokenHash),
          UpdateExpression: 'SET acceptedBy = :s, acceptedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(acceptedBy) AND attribute_not_exists(revokedAt) AND expiresAt > :at',
          ExpressionAttributeValues: { ':s': userSub, ':at': at },
        }),
      );
    },

    async releaseInvitation(competitionId, tokenHash, userSub) {
      await conditional(
        new UpdateCommand({
          TableName: table,
          Key: keys.teamInvitation(competitionId, tokenHash),
          UpdateExpression: 'REMOVE acceptedBy, acceptedAt',
          ConditionExpression: 'acceptedBy = :s',
          ExpressionAttributeValues: { ':s': userSub },
        }),
      );
    },

    revokeInvitation(competitionId, tokenHash, at) {
      return conditional(
        new UpdateCommand({
          TableName: table,
          Key: keys.teamInvitation(competitionId, tokenHash),
          UpdateExpression: 'SET revokedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(acceptedBy) AND attribute_not_exists(revokedAt)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
    },

    // Issue 13: the e-mail of this invitation did not go out (failed, or held back for a suppressed address).
    async noteInvitationMailNotSent(competitionId, tokenHash, mail) {
      await conditional(
        new UpdateCommand({
          TableName: table,
          Key: keys.teamInvitation(competitionId, tokenHash),
          UpdateExpression: 'SET mailState = :s, mailError = :e',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':s': mail.mailState, ':e': mail.mailError },
        }),
      );
    },

    async join(competitionId, user, link) {
      const byUser = keys.membershipByUser(user.sub, competitionId);
      const joined = await conditional(
        new UpdateCommand({
          TableName: table,
          Key: keys.membership(competitionId, user.sub),
          UpdateExpression:
            'SET #type = :type, schemaVersion = :sv, competitionId = :c, userSub = :s, userEmail = :e, userEmailVerified = :ev, gsi1pk = :g1, gsi1sk = :g1s, #team = :team, gsi2pk = :g2, gsi2sk = :g2s',
          ConditionExpression: 'attribute_not_exists(#team) AND attribute_not_exists(registration)',
          ExpressionAttributeNames: { '#type': 'type', '#team': 'team' },
          ExpressionAttributeValues: {
            ':type': 'Membership',
            ':sv': 1,
            ':c': competitionId,
            ':s': user.sub,
            ':e': user.email,
            ':ev': user.emailVerified === true,
            ':g1': byUser.gsi1pk,
            ':g1s': byUser.gsi1sk,
            ':team': link,
            ...prefixed(keys.teamRosterMember(competitionId, link.teamSub, user.sub)),
          },
        }),
      );
      if (joined) return 'joined';
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.membership(competitionId, user.sub), ConsistentRead: true }));
      return r.Item?.registration ? 'registered' : 'in-a-team';
    },

    moveMember(competitionId, userSub, teamSub, from, to) {
      const roster = keys.teamRosterMember(competitionId, teamSub, userSub);
      const condition =
        from === 'registrant'
          ? 'attribute_not_exists(#team) AND attribute_exists(registration) AND userSub = :t'
          : '#team.teamSub = :t AND #team.#role = :from';
      const values: Record<string, unknown> = { ':t': teamSub, ...(from === 'registrant' ? {} : { ':from': from }) };
      // Out of the team: the link goes (the person may join another team or register), except for
      // the registering account, whose membership keeps the team's registration: it stays `former`.
      const update =
        to === null
          ? 'REMOVE #team, gsi2pk, gsi2sk'
          : to.role === 'former'
            ? 'SET #team = :to REMOVE gsi2pk, gsi2sk'
            : 'SET #team = :to, gsi2pk = :g2, gsi2sk = :g2s';
      return conditional(
        new UpdateCommand({
          TableName: table,
          Key: keys.membership(competitionId, userSub),
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#team': 'team', ...(from === 'registrant' ? {} : { '#role': 'role' }) },
          ExpressionAttributeValues: { ...values, ...(to ? { ':to': to } : {}), ...(to && to.role !== 'former' ? prefixed(roster) : {}) },
        }),
      );
    },

    // ——— seats: one item per team holds the seat limit and one seat per address (issue 13 mends) ———
    async getSeats(competitionId, teamSub) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.teamSeats(competitionId, teamSub), ConsistentRead: true }));
      return r.Item ? { seats: (r.Item.seats ?? {}) as TeamSeats['seats'], taken: Number(r.Item.taken ?? 0) } : undefined;
    },

    async seedSeats(competitionId, teamSub, seats) {
      const item = { ...keys.teamSeats(competitionId, teamSub), type: 'TeamSeats', schemaVersion: 1, competitionId, teamSub, seats, taken: Object.keys(seats).length };
      await conditional(new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    },

    async takeSeat(competitionId, teamSub, email, holder, limit) {
      const taken = await conditional(
        new UpdateCommand({
          TableName: table,
          Key: keys.teamSeats(competitionId, teamSub),
          UpdateExpression: 'SET seats.#e = :h ADD taken :one',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(seats.#e) AND taken < :limit',
          ExpressionAttributeNames: { '#e': email },
          ExpressionAttributeValues: { ':h': holder, ':one': 1, ':limit': limit },
        }),
      );
      if (taken) return 'taken';
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.teamSeats(competitionId, teamSub), ConsistentRead: true }));
      return (r.Item?.seats as TeamSeats['seats'] | undefined)?.[email] ? 'duplicate' : 'full';
    },

    replaceSeat(competitionId, teamSub, email, tokenHash, holder) {
      return conditional(
        new UpdateCommand({
          TableName: table,
          Key: keys.teamSeats(competitionId, teamSub),
          UpdateExpression: 'SET seats.#e = :h',
          ConditionExpression: 'seats.#e.tokenHash = :t',
          ExpressionAttributeNames: { '#e': email },
          ExpressionAttributeValues: { ':h': holder, ':t': tokenHash },
        }),
      );
    },

    releaseSeat(competitionId, teamSub, email, heldBy) {
      const [field, value] = 'tokenHash' in heldBy ? ['tokenHash', heldBy.tokenHash] : ['sub', heldBy.sub];
      return conditional(
        new UpdateCommand({
          TableName: table,
          Key: keys.teamSeats(competitionId, teamSub),
          UpdateExpression: 'REMOVE seats.#e ADD taken :minus',
          ConditionExpression: 'seats.#e.#f = :v',
          ExpressionAttributeNames: { '#e': email, '#f': field },
          ExpressionAttributeValues: { ':minus': -1, ':v': value },
        }),
      );
    },

    async roster(competitionId, teamSub) {
      const members: Membership[] = [];
      const invitations: TeamInvitation[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const r = await db.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :p',
            ExpressionAttributeValues: { ':p': keys.teamRoster(competitionId, teamSub) },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of r.Items ?? []) {
          if (item.type === 'TeamInvitation') invitations.push(fromItem<TeamInvitation>(item));
          else if (item.type === 'Membership') members.push(toMembership(item));
        }
        startKey = r.LastEvaluatedKey;
      } while (startKey);
      return { members, invitations };
    },
  };
}

/** gsi2 keys as expression values `:g2` / `:g2s`. */
function prefixed(k: { gsi2pk: string; gsi2sk: string }) {
  return { ':g2': k.gsi2pk, ':g2s': k.gsi2sk };
}
