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

/** Whole-competition reads take big pages: a query answers at most 1 MB anyway, and each page is a sequential round trip. */
const WHOLE_READ_PAGE = 1000;

export function allMembers(ports: Pick<Ports, 'memberships'>, competitionId: string): Promise<Membership[]> {
  return allPages((cursor) => ports.memberships.listForCompetition(competitionId, WHOLE_READ_PAGE, cursor));
}

/** Submitted entries of a competition, in id order (a whole read: not the status index's pages, see SubmissionRepository.listAllInStatus). */
export async function submittedSubmissions(ports: Pick<Ports, 'submissions'>, competitionId: string): Promise<Submission[]> {
  const all = await ports.submissions.listAllInStatus(competitionId, 'submitted');
  return all.sort((a, b) => a.id.localeCompare(b.id));
}
