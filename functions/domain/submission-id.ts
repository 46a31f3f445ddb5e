import { createHash } from 'node:crypto';

/**
 * A submission's id, derived from its competition and its owner: each entrant has at most one
 * submission per competition, so a second "create" collides on the key, and an entrant's
 * submission in a competition is found from the pair alone (no index entry needed).
 * Hex, so an id never starts with a character spreadsheets read as a formula (`-`, `=`, `+`).
 */
export function submissionIdFor(competitionId: string, ownerSub: string): string {
  return createHash('sha256').update(`${competitionId}\n${ownerSub}`).digest('hex').slice(0, 24);
}
