/** Reading every page of a paged port, for exports and whole-competition computations. */
import type { Membership } from '../domain/membership.ts';
import type { Submission } from '../domain/submission.ts';
import type { Page, Ports } from './ports.ts';

export async function allPages<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

export function allMembers(ports: Pick<Ports, 'memberships'>, competitionId: string): Promise<Membership[]> {
  return allPages((cursor) => ports.memberships.listForCompetition(competitionId, 100, cursor));
}

/** Submitted entries of a competition, in id order. */
export async function submittedSubmissions(ports: Pick<Ports, 'submissions'>, competitionId: string): Promise<Submission[]> {
  const all = await allPages((cursor) => ports.submissions.listForCompetition(competitionId, { status: 'submitted' }, 100, cursor));
  return all.sort((a, b) => a.id.localeCompare(b.id));
}
