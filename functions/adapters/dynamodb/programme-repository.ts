/**
 * Programmes (ACCESS-PATTERNS.md: programmes): one partition per programme, `PROG#<id>`, holding
 * the programme item (`PROG`, versioned), its people (`MEMBER#<sub>`, also on gsi1 under the
 * person: `USER#<sub>` / `PROGMEMBER#<id>`) and its calls (`CALL#<competition>`). The cross-call
 * ledger's items (`LEDGER`, `RECIPIENT#…`) share the partition; the awards repository writes them.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DocumentClient } from './client.ts';
import { AlreadyExists, VersionConflict } from '../../domain/errors.ts';
import { PROGRAMME_SCHEMA_VERSION, programmeAmountsInMinorUnits, type OrganiserInvitation, type Programme, type ProgrammeInvitation, type ProgrammeMember } from '../../domain/programme.ts';
import type { InvitationStore, ProgrammeCall, ProgrammeRepository } from '../../use-cases/ports.ts';
import type { CursorCodec, CursorScope } from './cursor.ts';
import { fromItem, getMany, isConditionFailure, queryPartition, queryUserItems, toItem, writeIf } from './items.ts';
import * as keys from './keys.ts';

/**
 * A programme item as the domain has it: items written before amounts were counted in minor units
 * (schemaVersion 1: whole units) are converted as they are read, never rewritten behind anyone's back.
 */
export function programmeOfItem(item: Record<string, unknown>): Programme {
  return programmeAmountsInMinorUnits(fromItem<Programme>(item), typeof item.schemaVersion === 'number' ? item.schemaVersion : undefined);
}

/** The item a programme is stored as (schema 2: amounts in minor units). */
const programmeItem = (p: Programme) => ({ ...toItem('Programme', p, keys.programme(p.id)), schemaVersion: PROGRAMME_SCHEMA_VERSION });

export function programmeRepository(db: DocumentClient, table: string, cursors: CursorCodec): ProgrammeRepository {
  const memberScope = (programmeId: string): CursorScope => ({
    listing: 'programme-members',
    keyAttributes: ['pk', 'sk'],
    equals: { pk: keys.programmePartition(programmeId) },
    prefixes: { sk: keys.programmeMemberPrefix() },
  });

  /** Removes `sub` from a string set only while another member stays in it: the invariant's one conditional write. */
  const takeFromSet = async (key: Record<string, string>, sub: string): Promise<boolean> => {
    return writeIf(db,
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: 'DELETE subs :s',
        ConditionExpression: 'contains(subs, :sub) AND size(subs) > :one',
        ExpressionAttributeValues: { ':s': new Set([sub]), ':sub': sub, ':one': 1 },
      }),
    );
  };
  /** A competition's organiser set starts as its creator, written once on first use. */
  const seedOrganisers = async (competition: { id: string; createdBy: string }) => {
    await db
      .send(
        new PutCommand({
          TableName: table,
          Item: { ...keys.competitionOrganisers(competition.id), type: 'CompetitionOrganisers', schemaVersion: 1, subs: new Set([competition.createdBy]) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch((e: unknown) => {
        if (!isConditionFailure(e)) throw e;
      });
  };

  return {
    async get(programmeId) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.programme(programmeId), ConsistentRead: true }));
      return r.Item ? programmeOfItem(r.Item) : undefined;
    },

    async create(p) {
      try {
        await db.send(new PutCommand({ TableName: table, Item: programmeItem(p), ConditionExpression: 'attribute_not_exists(pk)' }));
      } catch (e) {
        if (isConditionFailure(e)) throw new AlreadyExists('PROGRAMME_EXISTS', 'A programme with this id exists already.');
        throw e;
      }
    },

    async update(p, expectedVersion) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: programmeItem(p),
            ConditionExpression: 'attribute_exists(pk) AND version = :v',
            ExpressionAttributeValues: { ':v': expectedVersion },
          }),
        );
      } catch (e) {
        if (isConditionFailure(e)) throw new VersionConflict();
        throw e;
      }
    },

    async getMember(programmeId, userSub) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.programmeMember(programmeId, userSub), ConsistentRead: true }));
      return r.Item ? fromItem<ProgrammeMember>(r.Item) : undefined;
    },

    async putMember(m) {
      const item = { ...toItem('ProgrammeMember', m, keys.programmeMember(m.programmeId, m.userSub)), ...keys.programmeMemberByUser(m.userSub, m.programmeId) };
      await db.send(new PutCommand({ TableName: table, Item: item }));
    },

    async removeMember(programmeId, userSub) {
      await db.send(new DeleteCommand({ TableName: table, Key: keys.programmeMember(programmeId, userSub) }));
    },

    async listMembers(programmeId, limit, cursor) {
      const scope = memberScope(programmeId);
      const state = cursors.decode(scope, cursor);
      const r = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :m)',
          ExpressionAttributeValues: { ':p': keys.programmePartition(programmeId), ':m': keys.programmeMemberPrefix() },
          Limit: limit,
          ExclusiveStartKey: state?.key,
          ConsistentRead: true,
        }),
      );
      return {
        items: (r.Items ?? []).map((i) => fromItem<ProgrammeMember>(i)),
        ...(r.LastEvaluatedKey ? { nextCursor: cursors.encode(scope, { key: r.LastEvaluatedKey as Record<string, string> }) } : {}),
      };
    },

    async listForUser(userSub) {
      return (await queryUserItems(db, table, userSub, keys.programmeMemberByUserPrefix())).map((i) => fromItem<ProgrammeMember>(i));
    },

    async addCall(programmeId, call) {
      await db.send(new PutCommand({ TableName: table, Item: toItem('ProgrammeCall', call, keys.programmeCall(programmeId, call.competitionId)) }));
    },

    async listCalls(programmeId) {
      return queryPartition<ProgrammeCall>(db, table, keys.programmePartition(programmeId), keys.programmeCallPrefix(), { consistent: true });
    },

    // ——— H1 (programmes) ———
    async getMany(programmeIds) {
      if (programmeIds.length === 0) return [];
      return (await getMany(db, table, programmeIds.map((id) => keys.programme(id)))).map(programmeOfItem);
    },

    invitations: invitationStore<ProgrammeInvitation>(db, table, cursors, 'programme-invitations', 'ProgrammeInvitation', {
      key: keys.programmeInvitation,
      partition: keys.programmePartition,
      prefix: keys.programmeInvitationPrefix(),
      scopeOf: (i) => i.programmeId,
    }),

    organiserInvitations: invitationStore<OrganiserInvitation>(db, table, cursors, 'organiser-invitations', 'OrganiserInvitation', {
      key: keys.organiserInvitation,
      partition: (competitionId) => keys.competition(competitionId).pk,
      prefix: keys.organiserInvitationPrefix(),
      scopeOf: (i) => i.competitionId,
    }),

    async addCoordinator(programmeId, userSub) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.programmeCoordinators(programmeId),
          UpdateExpression: 'SET #type = :type, schemaVersion = :sv ADD subs :s',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':type': 'ProgrammeCoordinators', ':sv': 1, ':s': new Set([userSub]) },
        }),
      );
    },

    removeCoordinator: (programmeId, userSub) => takeFromSet(keys.programmeCoordinators(programmeId), userSub),

    async listOrganisers(competition) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.competitionOrganisers(competition.id), ConsistentRead: true }));
      return r.Item?.subs ? [...(r.Item.subs as Set<string>)].sort() : [competition.createdBy];
    },

    async addOrganiser(competition, userSub) {
      await seedOrganisers(competition);
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.competitionOrganisers(competition.id),
          UpdateExpression: 'ADD subs :s',
          ExpressionAttributeValues: { ':s': new Set([userSub]) },
        }),
      );
    },

    async removeOrganiser(competition, userSub) {
      // No set yet: the creator is the only organiser (co-organisers are added through the set), so nothing can go.
      if (!(await takeFromSet(keys.competitionOrganisers(competition.id), userSub))) return false;
      // The set no longer counts them; the membership's role goes next (a failure here leaves
      // them with access the set does not count: on the safe side, and the removal can be repeated).
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.membership(competition.id, userSub),
          UpdateExpression: 'DELETE #roles :r',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#roles': 'roles' },
          ExpressionAttributeValues: { ':r': new Set(['organiser']) },
        }),
      ).catch((e: unknown) => {
        if (!isConditionFailure(e)) throw e;
      });
      return true;
    },
  };
}

/** Invitations of one kind: one item per token hash under its scope's partition, pending until claimed or voided. */
function invitationStore<T extends { tokenHash: string; createdAt: string }>(
  db: DocumentClient,
  table: string,
  cursors: CursorCodec,
  listing: string,
  type: string,
  k: { key: (scopeId: string, tokenHash: string) => Record<string, string>; partition: (scopeId: string) => string; prefix: string; scopeOf: (i: T) => string },
): InvitationStore<T> {
  const scope = (scopeId: string): CursorScope => ({ listing, keyAttributes: ['pk', 'sk'], equals: { pk: k.partition(scopeId) }, prefixes: { sk: k.prefix } });
  const pending = 'attribute_exists(pk) AND attribute_not_exists(acceptedBy) AND attribute_not_exists(revokedAt)';
  return {
    async create(i) {
      await db.send(new PutCommand({ TableName: table, Item: toItem(type, i, k.key(k.scopeOf(i), i.tokenHash)), ConditionExpression: 'attribute_not_exists(pk)' }));
    },
    async get(scopeId, tokenHash) {
      const r = await db.send(new GetCommand({ TableName: table, Key: k.key(scopeId, tokenHash), ConsistentRead: true }));
      return r.Item ? fromItem<T>(r.Item) : undefined;
    },
    async list(scopeId, limit, cursor) {
      const state = cursors.decode(scope(scopeId), cursor);
      const r = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :i)',
          ExpressionAttributeValues: { ':p': k.partition(scopeId), ':i': k.prefix },
          Limit: limit,
          ExclusiveStartKey: state?.key,
          ConsistentRead: true,
        }),
      );
      return {
        items: (r.Items ?? []).map((i) => fromItem<T>(i)),
        ...(r.LastEvaluatedKey ? { nextCursor: cursors.encode(scope(scopeId), { key: r.LastEvaluatedKey as Record<string, string> }) } : {}),
      };
    },
    async claim(scopeId, tokenHash, userSub, at) {
      return writeIf(db,
        new UpdateCommand({
          TableName: table,
          Key: k.key(scopeId, tokenHash),
          UpdateExpression: 'SET acceptedBy = :u, acceptedAt = :at',
          ConditionExpression: `${pending} AND expiresAt > :at`,
          ExpressionAttributeValues: { ':u': userSub, ':at': at },
        }),
      );
    },
    async release(scopeId, tokenHash) {
      await db.send(new UpdateCommand({ TableName: table, Key: k.key(scopeId, tokenHash), UpdateExpression: 'REMOVE acceptedBy, acceptedAt' }));
    },
    async void(scopeId, tokenHash, at, replacedBy) {
      return writeIf(db,
        new UpdateCommand({
          TableName: table,
          Key: k.key(scopeId, tokenHash),
          UpdateExpression: replacedBy ? 'SET revokedAt = :at, replacedBy = :r' : 'SET revokedAt = :at',
          ConditionExpression: pending,
          ExpressionAttributeValues: { ':at': at, ...(replacedBy ? { ':r': replacedBy } : {}) },
        }),
      );
    },
    // Issue 13: the e-mail of this invitation did not go out (failed, or held back for a suppressed address).
    async noteMailNotSent(scopeId, tokenHash, mail) {
      await db
        .send(new UpdateCommand({ TableName: table, Key: k.key(scopeId, tokenHash), UpdateExpression: 'SET mailState = :s, mailError = :e', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':s': mail.mailState, ':e': mail.mailError } }))
        .catch((e: unknown) => {
          if (!isConditionFailure(e)) throw e;
        });
    },
  };
}
