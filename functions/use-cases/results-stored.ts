/**
 * The results snapshot a competition points at once they are decided (domain/results.ts): read
 * back as stored, never recomputed. Apart from results-snapshot.ts, which computes them before,
 * so that what only reads them (the ranking, the notifications) carries none of that code.
 */
import type { Competition } from '../domain/competition.ts';
import type { ResultEntry, ResultsHeader } from '../domain/results.ts';
import type { Ports } from './ports.ts';

export interface Results {
  header: ResultsHeader;
  entries: ResultEntry[];
  /** True when read from the stored snapshot (results decided), false when computed now. */
  frozen: boolean;
}

export async function storedResults(ports: Pick<Ports, 'results'>, competition: Competition): Promise<Results | undefined> {
  if (!competition.resultsVersion) return undefined;
  const [header, entries] = await Promise.all([
    ports.results.getHeader(competition.id, competition.resultsVersion),
    ports.results.listEntries(competition.id, competition.resultsVersion),
  ]);
  if (!header) throw new Error(`Results snapshot ${competition.resultsVersion} of ${competition.id} is missing.`);
  return { header, entries, frozen: true };
}
