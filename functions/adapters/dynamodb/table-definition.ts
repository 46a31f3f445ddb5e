/**
 * The single table's physical shape, shared by the CDK data construct and the local runtime
 * (which creates the same table in dynalite). Item layouts live in keys.ts.
 */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    /** Everything that belongs to one user: memberships, submissions. */
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Published competitions ordered by when submissions close. */
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
} as const;

export type IndexName = (typeof TABLE_KEYS.indexes)[number]['name'];
