/**
 * The table's indexes as synthesised: gsi1 and gsi2 project everything (as they always have —
 * changing an existing index's projection means replacing it), gsi3 only what the organiser's
 * submission filters read. Bundling is skipped.
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
    expect(indexes.size).toBe(3);
  });
});
