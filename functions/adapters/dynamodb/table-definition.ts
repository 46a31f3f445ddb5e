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

/**
 * What gsi4 copies of the items on it. A Membership and a ProgrammeMember are read from it whole
 * (membership-repository.ts, programme-repository.ts: no second read), so every attribute of theirs
 * is here — items.ts (queryUserItems) checks that at compile time; of a Review, the queue's
 * entry (ReviewQueueEntry, ports.ts).
 */
export const USER_INDEX_ATTRIBUTES = [
  // Membership
  'competitionId', 'userSub', 'userEmail', 'userEmailVerified', 'roles', 'registration', 'team',
  // ProgrammeMember (userSub, userEmail above)
  'programmeId', 'role', 'partnerId', 'addedAt', 'addedBy',
  // Review: the queue's entry (competitionId above)
  'roundId', 'submissionId', 'reviewerSub', 'status', 'updatedAt',
] as const;

/**
 * Indexes nothing reads any more, kept only until a later deploy drops them (CloudFormation adds
 * or drops one index per update, and an index in use must not vanish under the running code):
 * 1. this deploy adds gsi4 beside gsi1 (DynamoDB builds it from the existing gsi1pk/gsi1sk) and
 *    moves the readers to it; 2. the next deploy removes gsi1 from TABLE_KEYS (and from here).
 * Until then every write still pays for gsi1's copy: the scale bench reports cost both with it
 * and without it.
 */
export const RETIRING_INDEXES: readonly string[] = ['gsi1'];

export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    /**
     * Retiring (RETIRING_INDEXES): everything that belongs to one user, projecting ALL — every
     * review save rewrote a whole copy of the review here. Nothing reads it any more (gsi4 does);
     * it is kept until the next deploy drops it (an index cannot be replaced in one update).
     */
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Published competitions ordered by when submissions close. */
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /**
     * Sparse: a competition's submissions in one status (`COMP#<id>#STATUS#<status>`, `SUB#<id>`).
     * Carries only what the organiser's list filters on (sector, text) and whose entry it is (the
     * conflict list's owners); the page's submissions themselves are read by BatchGetItem.
     */
    { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', projection: { type: 'INCLUDE', nonKeyAttributes: ['sectors', 'searchText', 'ownerSub'] } },
    /**
     * Everything that belongs to one user (`USER#<sub>`): memberships, programme roles, review
     * assignments — gsi1's keys (so DynamoDB builds it from the items as they are: no backfill),
     * projecting only USER_INDEX_ATTRIBUTES: a membership or a programme role whole, of a review
     * what the reviewer's queue shows (not its scores and comments, so a save that changes only
     * those writes no index entry, and a save rewrites a small one). Full reviews are read by key.
     */
    { name: 'gsi4', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: { type: 'INCLUDE', nonKeyAttributes: USER_INDEX_ATTRIBUTES } },
  ],
} as const satisfies { partitionKey: string; sortKey: string; indexes: readonly IndexDefinition[] };

export type IndexName = (typeof TABLE_KEYS.indexes)[number]['name'];

/** An index's projection, ALL when the definition names none. */
export function projectionOf(index: IndexDefinition): NonNullable<IndexDefinition['projection']> {
  return index.projection ?? { type: 'ALL' };
}
