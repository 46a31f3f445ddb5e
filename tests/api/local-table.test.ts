/**
 * The local table (functions/local/stand-ins.ts ensureTable): made from TABLE_KEYS with each
 * index's projection, and a table of an older data folder — made before gsi3 existed — gets the
 * index and its submissions the index keys, with every item kept; gsi4 (gsi1's keys) is built
 * from the items as they are.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, PutItemCommand, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, localDynamoClient, startDynalite, type RunningService } from '../../functions/local/stand-ins.ts';
import { USER_INDEX_ATTRIBUTES } from '../../functions/adapters/dynamodb/table-definition.ts';

let dynamo: RunningService;
let client: ReturnType<typeof localDynamoClient>;

beforeAll(async () => {
  dynamo = await startDynalite();
  client = localDynamoClient(dynamo.endpoint);
});
afterAll(() => dynamo.stop());

const indexesOf = async (table: string) =>
  new Map(((await client.send(new DescribeTableCommand({ TableName: table }))).Table?.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i]));

describe('ensureTable', () => {
  it('creates every index with its projection', async () => {
    // Act
    await ensureTable(client, 'fresh');

    // Assess
    const indexes = await indexesOf('fresh');
    expect([...indexes.keys()].sort()).toEqual(['gsi1', 'gsi2', 'gsi3', 'gsi4']);
    expect(indexes.get('gsi1')!.Projection).toEqual({ ProjectionType: 'ALL' });
    expect(indexes.get('gsi4')!.Projection).toEqual({ ProjectionType: 'INCLUDE', NonKeyAttributes: [...USER_INDEX_ATTRIBUTES] });
    expect(indexes.get('gsi3')!.Projection).toEqual({ ProjectionType: 'INCLUDE', NonKeyAttributes: ['sectors', 'searchText', 'ownerSub'] });
  });

  it('adds a missing index to an old table and backfills its keys, keeping every item', async () => {
    // Prepare: the table as an older Podium made it (gsi1 and gsi2 only), with a submission and another item.
    const s = (v: string) => ({ S: v });
    await client.send(
      new CreateTableCommand({
        TableName: 'old',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: ['gsi1', 'gsi2'].map((n) => ({
          IndexName: n,
          KeySchema: [
            { AttributeName: `${n}pk`, KeyType: 'HASH' },
            { AttributeName: `${n}sk`, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    );
    const submission = { pk: s('COMP#c1'), sk: s('SUB#s1'), gsi1pk: s('USER#u1'), gsi1sk: s('SUB#c1#s1'), type: s('Submission'), competitionId: s('c1'), id: s('s1'), status: s('submitted'), title: s('Old idea'), sectors: { L: [s('energy')] }, searchText: s('old idea\norg') };
    const competition = { pk: s('COMP#c1'), sk: s('COMP'), type: s('Competition'), id: s('c1'), title: s('Old competition') };
    await client.send(new PutItemCommand({ TableName: 'old', Item: submission }));
    await client.send(new PutItemCommand({ TableName: 'old', Item: competition }));
    // A membership as an older Podium wrote it: gsi1's keys only — gsi4 (the same keys) needs no backfill.
    const membership = { pk: s('COMP#c1'), sk: s('MEMBER#u1'), gsi1pk: s('USER#u1'), gsi1sk: s('MEMBER#c1'), type: s('Membership'), competitionId: s('c1'), userSub: s('u1'), userEmail: s('u1@old.test'), roles: { SS: ['entrant'] } };
    await client.send(new PutItemCommand({ TableName: 'old', Item: membership }));

    // Act: twice, as two starts would (the second has nothing to do).
    await ensureTable(client, 'old');
    await ensureTable(client, 'old');

    // Assess: the index is there, the submission is found through it, nothing was lost.
    expect([...(await indexesOf('old')).keys()].sort()).toEqual(['gsi1', 'gsi2', 'gsi3', 'gsi4']);
    const byStatus = await client.send(
      new QueryCommand({ TableName: 'old', IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :p', ExpressionAttributeValues: { ':p': s('COMP#c1#STATUS#submitted') } }),
    );
    expect(byStatus.Items?.map((i) => i.sk?.S)).toEqual(['SUB#s1']);
    const all = (await client.send(new ScanCommand({ TableName: 'old' }))).Items ?? [];
    expect(all).toHaveLength(3);
    expect(all.find((i) => i.sk?.S === 'COMP')).toEqual(competition);
    expect(all.find((i) => i.sk?.S === 'SUB#s1')).toEqual({ ...submission, gsi3pk: s('COMP#c1#STATUS#submitted'), gsi3sk: s('SUB#s1') });
    // gsi1 still answers for the old item.
    const byOwner = await client.send(
      new QueryCommand({ TableName: 'old', IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': s('USER#u1') } }),
    );
    expect(byOwner.Items).toHaveLength(2);
    // gsi4 holds the old membership whole (what listForUser reads), without any rewrite of it.
    const byUser = await client.send(
      new QueryCommand({ TableName: 'old', IndexName: 'gsi4', KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :m)', ExpressionAttributeValues: { ':p': s('USER#u1'), ':m': s('MEMBER#') } }),
    );
    const { type: _type, ...projected } = membership;
    expect(byUser.Items).toEqual([projected]);
    expect(all.find((i) => i.sk?.S === 'MEMBER#u1')).toEqual(membership);
  });

  it('finishes a rebuild a stop cut short from the backup it wrote first, and then removes the backup', async () => {
    // Prepare: the state a start leaves when it is stopped right after dropping the old table —
    // the backup file written, no table.
    const dir = await mkdtemp(join(tmpdir(), 'podium-rebuild-'));
    const backupFile = join(dir, 'table-rebuild.json');
    const s = (v: string) => ({ S: v });
    const submission = { pk: s('COMP#c2'), sk: s('SUB#s2'), type: s('Submission'), competitionId: s('c2'), id: s('s2'), status: s('draft'), title: s('Kept') };
    const other = { pk: s('COMP#c2'), sk: s('COMP'), type: s('Competition'), id: s('c2') };
    await writeFile(backupFile, JSON.stringify([submission, other]));
    await ensureTable(client, 'cut');
    await client.send(new DeleteTableCommand({ TableName: 'cut' }));
    try {
      // Act
      await ensureTable(client, 'cut', { backupFile });

      // Assess: every item is back, with its index keys, and the backup is gone.
      const all = (await client.send(new ScanCommand({ TableName: 'cut' }))).Items ?? [];
      expect(all).toHaveLength(2);
      expect(all.find((i) => i.sk?.S === 'SUB#s2')).toEqual({ ...submission, gsi3pk: s('COMP#c2#STATUS#draft'), gsi3sk: s('SUB#s2') });
      expect(existsSync(backupFile)).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
