/**
 * The table's indexes as synthesised: gsi1 and gsi2 project everything (as they always have —
 * changing an existing index's projection means replacing it), gsi3 only what the organiser's
 * submission filters read, gsi4 (gsi1's keys) only what a user's items are read for — gsi1 kept,
 * unread, until a later deploy drops it. Bundling is skipped.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { podiumApp, removeTempDirs } from './podium-app.ts';

afterAll(removeTempDirs);

type Index = { IndexName: string; KeySchema: { AttributeName: string; KeyType: string }[]; Projection: { ProjectionType: string; NonKeyAttributes?: string[] } };
let indexes: Map<string, Index>;

beforeAll(() => {
  const { stack } = podiumApp();
  const tables = Template.fromStack(stack).findResources('AWS::DynamoDB::Table');
  expect(Object.keys(tables)).toHaveLength(1);
  const table = Object.values(tables)[0] as { Properties: { GlobalSecondaryIndexes: Index[] } };
  indexes = new Map(table.Properties.GlobalSecondaryIndexes.map((i) => [i.IndexName, i]));
});

describe('the table indexes', () => {
  it('keeps gsi1 and gsi2 with their keys and ALL projection', () => {
    expect(indexes.get('gsi1')).toEqual({
      IndexName: 'gsi1',
      KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'gsi1sk', KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'ALL' },
    });
    expect(indexes.get('gsi2')).toEqual({
      IndexName: 'gsi2',
      KeySchema: [{ AttributeName: 'gsi2pk', KeyType: 'HASH' }, { AttributeName: 'gsi2sk', KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'ALL' },
    });
  });

  it('adds the sparse status index gsi3, projecting only the filtered attributes', () => {
    expect(indexes.get('gsi3')).toEqual({
      IndexName: 'gsi3',
      KeySchema: [{ AttributeName: 'gsi3pk', KeyType: 'HASH' }, { AttributeName: 'gsi3sk', KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['sectors', 'searchText', 'ownerSub'] },
    });
  });

  it('adds gsi4 on gsi1\'s keys (built from the existing attributes), projecting only what is read from it, and keeps gsi1 until a later deploy', async () => {
    const { USER_INDEX_ATTRIBUTES, RETIRING_INDEXES } = await import('../../functions/adapters/dynamodb/table-definition.ts');
    expect(indexes.get('gsi4')).toEqual({
      IndexName: 'gsi4',
      KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'gsi1sk', KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...USER_INDEX_ATTRIBUTES] },
    });
    // Step one of two: gsi1 stays (nothing reads it) until the next deploy drops it.
    expect(RETIRING_INDEXES).toEqual(['gsi1']);
    expect(indexes.has('gsi1')).toBe(true);
    expect(indexes.size).toBe(4);
  });
});
