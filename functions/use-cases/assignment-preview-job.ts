/**
 * The assignment preview as a job (kind 'assignment-preview', params { roundId }). At programme
 * scale the plan takes longer than a request may (28.6 s at 20,000 submissions × 4,000 reviewers)
 * and is larger than a response may be (5.4 MB), so an organiser starts it (202, a job), follows
 * its progress, then reads the stored result a page at a time: its summary (the counts, the
 * loads, the solver's figures, the first shortfalls) with one page of the pairs.
 *
 * ## Where the result lives: S3, under `exports/`
 * The summary and the pairs (in chunks of PAIRS_PER_OBJECT, ~90 KB each) are JSON objects in the
 * bucket under `exports/assignment-previews/{competitionId}/{jobId}/`. Chosen over DynamoDB items
 * because: the `exports/` prefix already expires after 7 days (the lifecycle rule in infra/data.ts),
 * so old previews never pile up, with no TTL attribute or sweeper to add; the job function may
 * already write there and the API functions read there (infra/jobs.ts), so no new grant; a page is
 * one or two GETs whatever the plan's size; and a preview costs no write units in the table the
 * interactive routes share (60,000 pairs would be ~120 item writes of 400 KB-bounded items). A
 * preview is a snapshot for people to look at, not state anything depends on: once expired, its
 * read answers 404 and the organiser starts another.
 *
 * The job is repeatable: it recomputes the plan on every run (the solver is deterministic) and
 * writes the summary last, naming how many items there are, so a read never sees a half-written
 * result, and a run after a crash simply writes it all again.
 */
import { assertNotExpo } from '../domain/expo.ts';
import { InvalidState, NotFound, ValidationFailed } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import type { Job } from '../domain/job.ts';
import { loadOrganisedCompetition } from './access.ts';
import { previewAssignment, type AssignmentPlan } from './assignment.ts';
import { startJobFor, type JobContext, type JobHandler } from './jobs.ts';
import type { FileStore, Ports } from './ports.ts';
import { loadRound } from './rounds.ts';

/** The kind under which previews are registered (use-cases/job-handlers.ts). */
export const ASSIGNMENT_PREVIEW_JOB = 'assignment-preview';
/** Pairs per stored object: ~90 KB of JSON; a page (≤ 200) spans at most two of them. */
export const PAIRS_PER_OBJECT = 1_000;
/** Shortfalls kept in the summary (the rest are counted): bounds the summary whatever the round. */
export const SHORTFALLS_SHOWN = 200;
/** Objects written at once. */
const PUT_PARALLEL = 8;

/** One line of the preview: a pair the plan keeps or adds, or an unstarted one it would remove. */
export interface PreviewItem {
  submissionId: string;
  reviewerSub: string;
  change: 'added' | 'kept' | 'removed';
}

/** Everything the plan carries beside its pairs. */
export interface PreviewSummary {
  roundId: string;
  submissions: number;
  reviewers: number;
  conflicts: number;
  /** Pairs in the plan (kept + added), added, unstarted ones removed, kept; `items` = pairs + removed. */
  counts: { pairs: number; added: number; removed: number; kept: number; items: number };
  result: {
    loads: Record<string, number>;
    totalAffinity: number;
    cost: number;
    objective: AssignmentPlan['result']['objective'];
    /** The first SHORTFALLS_SHOWN, by submission; `shortfallCount` counts them all. */
    shortfalls: AssignmentPlan['result']['shortfalls'];
    shortfallCount: number;
    feasible: boolean;
    stats: AssignmentPlan['result']['stats'];
  };
  computedAt: string;
}

const prefix = (competitionId: string, jobId: string) => `exports/assignment-previews/${competitionId}/${jobId}/`;
const summaryKey = (competitionId: string, jobId: string) => `${prefix(competitionId, jobId)}summary.json`;
const chunkKey = (competitionId: string, jobId: string, n: number) => `${prefix(competitionId, jobId)}pairs-${String(n).padStart(5, '0')}.json`;
const JSON_TYPE = 'application/json';

/**
 * Starts a preview of the round's assignment as a job, for its organisers. Starting it again
 * while one runs answers that one; once it has finished, a start computes a fresh preview.
 */
export async function startAssignmentPreview(ports: Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'evaluation' | 'jobs' | 'jobQueue' | 'clock' | 'ids'>, caller: Identity | undefined, competitionId: string, roundId: string) {
  await loadOrganisedCompetition(ports, caller, competitionId, 'evaluate');
  const round = await loadRound(ports, competitionId, roundId);
  assertNotExpo(round);
  return startJobFor(ports, caller!, competitionId, ASSIGNMENT_PREVIEW_JOB, { roundId: round.id });
}

/** The plan as the pages list it: the plan's pairs in (submission, reviewer) order, then the removals. */
export function previewItems(p: AssignmentPlan): PreviewItem[] {
  const added = new Set(p.added.map((a) => `${a.submissionId}\n${a.reviewerSub}`));
  const items: PreviewItem[] = p.result.pairs.map((x) => ({ submissionId: x.submission, reviewerSub: x.reviewer, change: added.has(`${x.submission}\n${x.reviewer}`) ? 'added' : 'kept' }));
  const removed = [...p.removed].sort((a, b) => (a.submissionId < b.submissionId ? -1 : a.submissionId > b.submissionId ? 1 : a.reviewerSub < b.reviewerSub ? -1 : a.reviewerSub > b.reviewerSub ? 1 : 0));
  for (const r of removed) items.push({ submissionId: r.submissionId, reviewerSub: r.reviewerSub, change: 'removed' });
  return items;
}

export function previewSummary(roundId: string, p: AssignmentPlan, computedAt: string): PreviewSummary {
  const { pairs: _pairs, shortfalls, ...rest } = p.result;
  return {
    roundId,
    submissions: p.submissions,
    reviewers: p.reviewers,
    conflicts: p.conflicts,
    counts: { pairs: p.result.pairs.length, added: p.added.length, removed: p.removed.length, kept: p.kept, items: p.result.pairs.length + p.removed.length },
    result: { ...rest, shortfalls: shortfalls.slice(0, SHORTFALLS_SHOWN), shortfallCount: shortfalls.length },
    computedAt,
  };
}

export const assignmentPreviewJob: JobHandler = async (ports: Ports, job: Job, ctx: JobContext) => {
  const roundId = String(job.params.roundId ?? '');
  await ctx.progress(0, undefined, 'Computing the assignment');
  // Checked again as the organiser who started it: they may have lost the role since.
  const p = await previewAssignment(ports, ctx.who, job.competitionId, roundId);
  const items = previewItems(p);
  const summary = previewSummary(roundId, p, ports.clock.now().toISOString());
  await ctx.progress(0, items.length, 'Saving the preview');
  await storePreview(ports.files, job.competitionId, job.id, summary, items, PAIRS_PER_OBJECT, (written) => ctx.progress(written, items.length, 'Saving the preview'));
  return { rows: items.length, counts: { pairs: summary.counts.pairs, added: summary.counts.added, removed: summary.counts.removed, kept: summary.counts.kept, shortfalls: summary.result.shortfallCount } };
};

/** What summary.json holds: the summary, and how many items each stored object has (the reader follows the writer). */
interface StoredSummary {
  summary: PreviewSummary;
  perObject: number;
}

/** Writes the items in objects of `perObject`, then the summary (last: a reader finds it only once every object it counts is there). */
export async function storePreview(files: FileStore, competitionId: string, jobId: string, summary: PreviewSummary, items: PreviewItem[], perObject: number, onWritten?: (written: number) => Promise<void>) {
  const chunks = Math.ceil(items.length / perObject);
  let next = 0;
  let written = 0;
  await Promise.all(
    Array.from({ length: Math.min(PUT_PARALLEL, chunks) }, async () => {
      while (next < chunks) {
        const n = next++;
        const chunk = items.slice(n * perObject, (n + 1) * perObject);
        await files.put(chunkKey(competitionId, jobId, n), JSON.stringify(chunk), JSON_TYPE);
        written += chunk.length;
        await onWritten?.(written);
      }
    }),
  );
  const stored: StoredSummary = { summary, perObject };
  await files.put(summaryKey(competitionId, jobId), JSON.stringify(stored), JSON_TYPE);
}

// ── Reading it back, a page at a time ──

const invalidCursor = () =>
  new ValidationFailed('Page link — not a page of this list (it may be old or altered); start again from the first page.', {
    cursor: 'Not a page link of this list; start from the first page.',
  });

/**
 * The cursor: base64url JSON naming the preview and the position of the page's first item. It
 * never reaches a database, only an offset into a list the caller may read anyway (as in
 * use-cases/list-page.ts), so it needs no signature; one of another preview or a malformed one is a 400.
 */
function decodeCursor(cursor: string | undefined, jobId: string, total: number): number {
  if (cursor === undefined || cursor === '') return 0;
  if (cursor.length > 2000 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { preview?: unknown; at?: unknown };
    if (v && v.preview === jobId && Number.isSafeInteger(v.at) && (v.at as number) > 0 && (v.at as number) <= total) return v.at as number;
  } catch {
    // falls through
  }
  throw invalidCursor();
}

const encodeCursor = (jobId: string, at: number) => Buffer.from(JSON.stringify({ preview: jobId, at }), 'utf8').toString('base64url');

async function readJson<T>(files: FileStore, key: string): Promise<T | undefined> {
  const bytes = await files.read(key);
  return bytes ? (JSON.parse(Buffer.from(bytes).toString('utf8')) as T) : undefined;
}

/** A finished preview's summary and one page of its items, for the competition's organisers. */
export async function readAssignmentPreview(
  ports: Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'jobs' | 'files'>,
  caller: Identity | undefined,
  competitionId: string,
  roundId: string,
  jobId: string,
  limit: number,
  cursor?: string,
) {
  await loadOrganisedCompetition(ports, caller, competitionId, 'read');
  const job = await ports.jobs.get(competitionId, jobId);
  if (!job || job.kind !== ASSIGNMENT_PREVIEW_JOB || job.params.roundId !== roundId) throw new NotFound('No such assignment preview.');
  if (job.state === 'failed') throw new InvalidState(`This preview failed${job.error ? `: ${job.error.message}` : ''}. Start another.`);
  if (job.state !== 'succeeded') throw new InvalidState('The preview is still being computed: follow its job, then read it.');
  return { jobId, ...(await readPreviewPage(ports.files, competitionId, jobId, limit, cursor)) };
}

const expired = () => new NotFound('This preview has expired (previews are kept for a week). Start another.');

/** The summary and the page of items at `cursor` of a stored preview: one or two objects read (limit ≤ perObject). */
export async function readPreviewPage(files: FileStore, competitionId: string, jobId: string, limit: number, cursor?: string) {
  const stored = await readJson<StoredSummary>(files, summaryKey(competitionId, jobId));
  if (!stored) throw expired();
  const { summary, perObject } = stored;
  const total = summary.counts.items;
  const from = decodeCursor(cursor, jobId, total);
  const to = Math.min(total, from + limit);
  const items: PreviewItem[] = [];
  if (to > from) {
    const first = Math.floor(from / perObject);
    const last = Math.floor((to - 1) / perObject);
    const chunks = await Promise.all(Array.from({ length: last - first + 1 }, (_, i) => readJson<PreviewItem[]>(files, chunkKey(competitionId, jobId, first + i))));
    if (chunks.some((c) => !c)) throw expired();
    items.push(...chunks.flatMap((c) => c!).slice(from - first * perObject, to - first * perObject));
  }
  return { summary, items, ...(to < total ? { nextCursor: encodeCursor(jobId, to) } : {}) };
}
