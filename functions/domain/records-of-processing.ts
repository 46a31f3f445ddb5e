/**
 * Records of processing (GDPR art. 30) for organisers: what the platform stores, why, for how long
 * and who sees it — one typed, versioned list, its words in every language in the catalogues,
 * rendered by the web's records-of-processing page. A change to what Podium stores changes this
 * list, its words and its version in the same commit.
 */
export interface ProcessingRecord {
  id: string;
  /** What is stored. */
  data: string;
  /** Whose data it is. */
  subjects: string;
  /** Why (purpose and lawful basis). */
  purpose: string;
  /** How long it is kept. */
  retention: string;
  /** Who may read it. */
  recipients: string;
  /** Where it lives. */
  storage: string;
}

export const RECORDS_OF_PROCESSING_VERSION = '2026-12-01';

/**
 * The records, in this order. Each one's words are the catalogues' (server section,
 * `processing.<id>.<field>` for every field of ProcessingRecord but `id`), in every language.
 */
export const RECORDS_OF_PROCESSING = ['account', 'registration', 'submission', 'review', 'audit', 'mail', 'awards', 'exports'] as const;

export const PROCESSING_FIELDS = ['data', 'subjects', 'purpose', 'retention', 'recipients', 'storage'] as const satisfies readonly Exclude<keyof ProcessingRecord, 'id'>[];
