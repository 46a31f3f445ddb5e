/**
 * The single table's physical shape, shared by the CDK data construct and the local runtime
 * (which creates the same table in dynalite). Item layouts live in keys.ts.
 *
 * `projection`: what an index copies from the item. ALL unless said otherwise; INCLUDE copies the
 * keys and `nonKeyAttributes` only (readers then fetch the whole items of a page by BatchGetItem).
 */
export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly projection?: { readonly type: 'ALL' } | { readonly type: 'KEYS_ONLY' } | { readonly type: 'INCLUDE'; readonly nonKeyAttributes: readonly string[] };
}

export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    /** Everything that belongs to one user: memberships, submissions. */
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Published competitions ordered by when submissions close. */
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /**
     * Sparse: a competition's submissions in one status (`COMP#<id>#STATUS#<status>`, `SUB#<id>`).
     * Carries only what the organiser's list filters on (sector, text) and whose entry it is (the
     * conflict list's owners); the page's submissions themselves are read by BatchGetItem.
     */
    { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', projection: { type: 'INCLUDE', nonKeyAttributes: ['sectors', 'searchText', 'ownerSub'] } },
  ],
} as const satisfies { partitionKey: string; sortKey: string; indexes: readonly IndexDefinition[] };

export type IndexName = (typeof TABLE_KEYS.indexes)[number]['name'];

/** An index's projection, ALL when the definition names none. */
export function projectionOf(index: IndexDefinition): NonNullable<IndexDefinition['projection']> {
  return index.projection ?? { type: 'ALL' };
}
