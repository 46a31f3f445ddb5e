/** Which area (and so which Lambda function) serves an operation, by its tag. Pure data: infra reads it. */
export const API_AREAS = ['core', 'evaluation', 'results', 'live', 'people', 'programmes', 'reviewing'] as const;
export type ApiArea = (typeof API_AREAS)[number];

export const AREA_OF_TAG: Record<string, ApiArea> = {
  competitions: 'core',
  submissions: 'core',
  pitches: 'core',
  'answer-files': 'core', // issue 14 §3
  jobs: 'core',
  programmes: 'programmes',
  teams: 'people',
  messages: 'people',
  privacy: 'people', // issue 14 §2: consents, your data, erasure, retention
  reviews: 'evaluation',
  reviewing: 'reviewing',
  awards: 'results',
  results: 'results',
  expo: 'live',
  votes: 'live',
};

export function areaOf(tags: readonly string[] | undefined): ApiArea {
  const areas = new Set((tags ?? []).map((t) => AREA_OF_TAG[t]));
  const [only] = areas;
  if (areas.size !== 1 || !only) throw new Error(`An operation must have tags of exactly one API area, not ${JSON.stringify(tags)}.`);
  return only;
}
