/**
 * Exports as jobs. A whole competition's submissions, reviews or audit trail does not fit in one
 * Lambda response (6 MB: about 2,100 submissions as CSV) nor, at 20,000 submissions, in one
 * request's time; so an organiser starts an export (202, a job), follows its progress, and
 * downloads the file from S3 by a short-lived presigned link once it is written.
 *
 * The export job reads page by page and writes the file in parts (export-writer.ts), so its memory
 * stays bounded by a part and a page, whatever the competition's size. Files read from paged lists
 * (submissions, reviews, the audit trail) checkpoint after each part and resume from there; files
 * computed in one piece (the ranking and what depends on it, the awards, the results package) are
 * written again from the start when resumed, so they are never a mix of two computations.
 */
import type { Competition } from '../domain/competition.ts';
import { ValidationFailed } from '../domain/errors.ts';
import { EXPORT_FILES, exportNeed, type ExportFile } from '../domain/exports.ts';
import type { Identity } from '../domain/identity.ts';
import type { Job } from '../domain/job.ts';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '../domain/submission.ts';
import { loadOrganisedCompetition } from './access.ts';
import { csvHeader, csvRows } from './csv.ts';
import { getPrizePlan } from './awards.ts';
import { ExportWriter, type UploadState } from './export-writer.ts';
import { auditTable, awardsTable, dealFlowTable, rankingTable, reviewsTable, submissionsTable, type Say, type SharedReview } from './export-tables.ts';
import { languageFor } from './messages.ts';
import { serverText } from '../shared/i18n/server.ts';
import { type ContinueLater, type JobContext, type JobFile, type JobHandler, type JobResult } from './jobs.ts';
import type { Ports, SubmissionFilter } from './ports.ts';
import type { ExportParams } from './start-export.ts';
import { getFullRanking } from './ranking.ts';
import { buildResultsPackage } from './results-package.ts';
import { viewSubmission } from './submissions.ts';


function parseParams(params: Record<string, unknown>): ExportParams {
  const file = params.file;
  if (typeof file !== 'string' || !(EXPORT_FILES as readonly string[]).includes(file))
    throw new ValidationFailed(`Unknown export ${JSON.stringify(file)}.`, { file: `One of ${EXPORT_FILES.join(', ')}.` });
  const raw = (params.filter ?? {}) as Record<string, unknown>;
  const filter: SubmissionFilter = {
    ...(typeof raw.status === 'string' && (SUBMISSION_STATUSES as readonly string[]).includes(raw.status) ? { status: raw.status as SubmissionStatus } : {}),
    ...(typeof raw.sector === 'string' ? { sector: raw.sector } : {}),
    ...(typeof raw.q === 'string' ? { q: raw.q } : {}),
  };
  return { file: file as ExportFile, filter };
}

/** Where a page of a source ends: where the next begins, absent after the last. */
interface PageOut {
  text: string;
  rows: number;
  next?: unknown;
}

/** What an export reads, page by page, and the file it becomes. */
interface ExportSource {
  name: string;
  contentType: string;
  /** Positions stay meaningful across runs (paged reads): a resumed job continues after its last part. */
  resumable: boolean;
  /** For the progress bar, when known before reading. */
  total?: number;
  step: string;
  preamble: string;
  epilogue?: string;
  /** The page at `at` (undefined: the first); `rowsSoFar` rows are already written. */
  page(at: unknown, rowsSoFar: number): Promise<PageOut>;
}

interface ExportCheckpoint {
  upload: UploadState;
  at: unknown;
  rows: number;
}

const CSV = 'text/csv; charset=utf-8';
const JSON_TYPE = 'application/json';
/** Items read per page (a Query each). */
const PAGE = 200;
/** Rows formatted at a time from what is already in memory. */
const CHUNK = 1_000;
/** Ask to be continued when less than this is left of the run (a page and a part take a few seconds). */
const STOP_MARGIN_MS = 30_000;

export const exportJob: JobHandler<ExportCheckpoint> = async (ports, job, ctx) => {
  const params = parseParams(job.params);
  const { competition } = await loadOrganisedCompetition(ports, ctx.who, job.competitionId, exportNeed(params.file));
  // Column names in the language of whoever asked for the file (their account's; English without one).
  const locale = await languageFor(ports, { recipientSub: ctx.who.sub });
  const say: Say = (key, values) => serverText(locale, key, values);
  const source = await sourceFor(ports, job, ctx.who, params, competition, say);
  return writeExport(ports, ctx, `exports/${job.competitionId}/${job.id}/${source.name}`, source);
};

async function writeExport(ports: Pick<Ports, 'files'>, ctx: JobContext<ExportCheckpoint>, key: string, source: ExportSource): Promise<JobResult | ContinueLater> {
  const saved = source.resumable ? ctx.resumeFrom : undefined;
  const writer = new ExportWriter(ports.files, key, source.contentType, saved?.upload);
  let at = saved?.at;
  let rows = saved?.rows ?? 0;
  let checkpointed = saved !== undefined;
  if (!saved) writer.write(source.preamble);
  await ctx.progress(rows, source.total, source.step);
  for (;;) {
    const page = await source.page(at, rows);
    writer.write(page.text);
    rows += page.rows;
    at = page.next;
    if (at === undefined) break;
    await ctx.progress(rows, source.total);
    if ((await writer.flushPart()) && source.resumable) {
      await ctx.checkpoint({ upload: writer.state(), at, rows });
      checkpointed = true;
    }
    // Out of time: the next run resumes after the last part (what is buffered is read again).
    if (checkpointed && ctx.timeLeftMs() < STOP_MARGIN_MS) return ctx.continueLater();
  }
  writer.write(source.epilogue ?? '');
  const bytes = await writer.finish();
  await ctx.progress(rows, rows);
  const file: JobFile = { key, name: source.name, contentType: source.contentType, bytes };
  return { file: { ...file }, rows };
}

function slugOf(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'competition';
}

/** Rows already in memory, formatted CHUNK at a time; `at` is the index of the next row. */
function fromMemory(rows: unknown[][]): (at: unknown) => Promise<PageOut> {
  return async (at) => {
    const from = typeof at === 'number' ? at : 0;
    const chunk = rows.slice(from, from + CHUNK);
    const next = from + CHUNK < rows.length ? from + CHUNK : undefined;
    return { text: csvRows(chunk), rows: chunk.length, ...(next !== undefined ? { next } : {}) };
  };
}

async function sourceFor(ports: Ports, job: Job, who: Identity, params: ExportParams, competition: Competition, say: Say): Promise<ExportSource> {
  const cid = job.competitionId;
  switch (params.file) {
    case 'submissions.csv': {
      const now = ports.clock.now();
      return {
        name: `${slugOf(competition.title)}-submissions.csv`,
        contentType: CSV,
        resumable: true,
        step: 'Writing submissions',
        preamble: csvHeader(submissionsTable.header(competition, say)),
        async page(at) {
          const p = await ports.submissions.listForCompetition(cid, params.filter ?? {}, PAGE, at as string | undefined);
          return { text: csvRows(p.items.map((s) => submissionsTable.row(competition, viewSubmission(s, competition, now), say))), rows: p.items.length, ...(p.nextCursor ? { next: p.nextCursor } : {}) };
        },
      };
    }
    case 'reviews.csv': {
      const rounds = await ports.evaluation.listRounds(cid);
      const width = reviewsTable.width(rounds);
      return {
        name: 'reviews.csv',
        contentType: CSV,
        resumable: true,
        step: 'Writing reviews',
        preamble: csvHeader(reviewsTable.header(width, say)),
        async page(at) {
          const pos = (at ?? { round: 0 }) as { round: number; after?: { submissionId: string; reviewerSub: string } };
          const round = rounds[pos.round];
          if (!round) return { text: '', rows: 0 };
          const p = await ports.evaluation.listRoundReviewsAfter(cid, round.id, PAGE, pos.after);
          const shared: SharedReview[] = p.items.map(({ privateNote: _, ...r }) => r);
          const next = p.last ? { round: pos.round, after: p.last } : pos.round + 1 < rounds.length ? { round: pos.round + 1 } : undefined;
          return { text: csvRows(shared.map((r) => reviewsTable.row(width, round, r, say))), rows: shared.length, ...(next ? { next } : {}) };
        },
      };
    }
    case 'deal-flow.csv': {
      const ranking = await getFullRanking(ports, who, cid);
      const rank = new Map(ranking.ranked.map((r) => [r.submissionId, r.rank]));
      const rounds = (await ports.evaluation.listRounds(cid)).filter((r) => r.kind !== 'peer');
      return {
        name: 'deal-flow.csv',
        contentType: CSV,
        // Rows carry ranks: a resumed job writes them again from one computation of the ranking.
        resumable: false,
        step: "Writing investors' flags",
        preamble: csvHeader(dealFlowTable.header(say)),
        async page(at) {
          const pos = (at ?? { round: 0 }) as { round: number; after?: { submissionId: string; reviewerSub: string } };
          const round = rounds[pos.round];
          if (!round) return { text: '', rows: 0 };
          const p = await ports.evaluation.listRoundReviewsAfter(cid, round.id, PAGE, pos.after);
          const flagged = p.items.filter((r) => r.meet).map(({ privateNote: _, ...r }) => r);
          const next = p.last ? { round: pos.round, after: p.last } : pos.round + 1 < rounds.length ? { round: pos.round + 1 } : undefined;
          return { text: csvRows(flagged.map((r) => dealFlowTable.row(round, r, ranking, rank))), rows: flagged.length, ...(next ? { next } : {}) };
        },
      };
    }
    case 'ranking.csv': {
      const ranking = await getFullRanking(ports, who, cid);
      const rows = rankingTable.rows(ranking);
      return { name: 'ranking.csv', contentType: CSV, resumable: false, total: rows.length, step: 'Writing the ranking', preamble: csvHeader(rankingTable.header(ranking, say)), page: fromMemory(rows) };
    }
    case 'awards.csv': {
      const plan = await getPrizePlan(ports, who, cid);
      const rows = plan.awards.map((a) => awardsTable.row(a, plan.plan.currency));
      return { name: 'awards.csv', contentType: CSV, resumable: false, total: rows.length, step: 'Writing the awards', preamble: csvHeader(awardsTable.header(say)), page: fromMemory(rows) };
    }
    case 'audit.csv':
      return {
        name: 'audit-trail.csv',
        contentType: CSV,
        resumable: true,
        step: 'Writing the audit trail',
        preamble: csvHeader(auditTable.header(say)),
        async page(at) {
          const p = await ports.audit.list(cid, PAGE, at as string | undefined);
          return { text: csvRows(p.items.map(auditTable.row)), rows: p.items.length, ...(p.nextCursor ? { next: p.nextCursor } : {}) };
        },
      };
    case 'audit.json':
      // `{"items":[…]}`, as `npm run recompute` reads it: every field, exactly.
      return {
        name: 'audit-trail.json',
        contentType: JSON_TYPE,
        resumable: true,
        step: 'Writing the audit trail',
        preamble: '{"items":[',
        epilogue: ']}',
        async page(at, rowsSoFar) {
          const p = await ports.audit.list(cid, PAGE, at as string | undefined);
          const text = p.items.map((e, i) => (rowsSoFar + i > 0 ? ',' : '') + JSON.stringify(e)).join('');
          return { text, rows: p.items.length, ...(p.nextCursor ? { next: p.nextCursor } : {}) };
        },
      };
    case 'results-package.json': {
      const pkg = await buildResultsPackage(ports, who, cid);
      const pieces = jsonPieces(pkg as unknown as Record<string, unknown>);
      let written = 0;
      return {
        name: 'results-package.json',
        contentType: JSON_TYPE,
        resumable: false,
        step: 'Writing the results package',
        preamble: '',
        async page() {
          let text = '';
          let n = 0;
          for (let next = pieces.next(); !next.done; next = pieces.next()) {
            text += next.value;
            if (++n >= CHUNK) break;
          }
          written += n;
          return { text, rows: 0, ...(n >= CHUNK ? { next: written } : {}) };
        },
      };
    }
  }
}

/**
 * `JSON.stringify(value)` of an object, in pieces: each member, and each element of a member that
 * is an array (or an object's member that is one, one level down: the package's `rankingInput`),
 * so no single string holds the whole document.
 */
export function* jsonPieces(value: Record<string, unknown>, depth = 1): Generator<string> {
  yield '{';
  let first = true;
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function') continue;
    yield `${first ? '' : ','}${JSON.stringify(k)}:`;
    first = false;
    if (Array.isArray(v)) {
      yield '[';
      for (let i = 0; i < v.length; i++) yield (i > 0 ? ',' : '') + (JSON.stringify(v[i]) ?? 'null');
      yield ']';
    } else if (depth > 0 && v && typeof v === 'object' && !('toJSON' in v)) {
      yield* jsonPieces(v as Record<string, unknown>, depth - 1);
    } else {
      yield JSON.stringify(v);
    }
  }
  yield '}';
}
