/**
 * The programme dashboard (issue 13 §2): committed vs budget per call and in total, the direct-SME
 * share against the minimum (of the budget, and of what was spent including the non-SME spending),
 * the top recipients against the per-third-party cap, SMEs supported by country and by sector.
 *
 * Bounded reads: the caller's role (one GetItem pair), then in parallel the ledger item, the
 * programme's calls, its recipients and its spending lines (partition queries on the programme),
 * then the calls' own ledger totals (one BatchGetItem per 100 calls). No per-call or per-award loop.
 *
 * The CSV for the funder's reporting is a job (kind `programme-export`, scoped `programme:<id>`),
 * followed through GET /api/programmes/{id}/jobs/{jobId}.
 */
import { ValidationFailed, NotFound } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import type { Job } from '../domain/job.ts';
import { dashboardFigures, wholeUnits, type CallFigures } from '../domain/programme-ledger.ts';
import { programmeScope } from '../domain/programme.ts';
import { csvTable } from './csv.ts';
import { startJobFor, viewJob, type JobHandler, type JobView } from './jobs.ts';
import { loadProgrammeRole } from './programme-ledger.ts';
import type { Ports } from './ports.ts';

type Deps = Pick<Ports, 'programmes' | 'programmeLedger'>;

export async function programmeDashboard(ports: Deps, caller: Identity | undefined, programmeId: string) {
  const { programme, member } = await loadProgrammeRole(ports, caller, programmeId, false);
  const [ledger, calls, recipients, spending] = await Promise.all([
    ports.programmeLedger.get(programmeId),
    ports.programmes.listCalls(programmeId),
    ports.programmeLedger.allRecipients(programmeId),
    ports.programmeLedger.listSpending(programmeId),
  ]);
  if (!ledger) throw new NotFound('No such programme.');
  const totals = calls.length > 0 ? await ports.programmeLedger.callTotals(calls.map((c) => c.competitionId)) : new Map();
  const callFigures: CallFigures[] = calls.map((c) => ({
    competitionId: c.competitionId,
    title: c.title,
    ...(c.partnerId ? { partnerId: c.partnerId, partnerName: programme.partners.find((p) => p.id === c.partnerId)?.name ?? '' } : {}),
    planBudget: totals.get(c.competitionId)?.planBudget ?? 0,
    committed: totals.get(c.competitionId)?.committed ?? 0,
  }));
  return {
    programmeId,
    programmeName: programme.name,
    myRole: member.role,
    ...dashboardFigures(ledger, recipients, callFigures, spending),
    spending,
  };
}

/** Every third party supported, a page at a time (in registry-id order; the dashboard has the top ones). */
export async function programmeRecipients(ports: Deps, caller: Identity | undefined, programmeId: string, limit: number, cursor?: string) {
  await loadProgrammeRole(ports, caller, programmeId, false);
  return ports.programmeLedger.recipientsPage(programmeId, limit, cursor);
}

// ——— CSV export for the funder ———

export const PROGRAMME_EXPORT_JOB = 'programme-export';
export const PROGRAMME_EXPORT_FILES = ['recipients.csv', 'calls.csv', 'spending.csv'] as const;
export type ProgrammeExportFile = (typeof PROGRAMME_EXPORT_FILES)[number];

type JobPorts = Pick<Ports, 'programmes' | 'programmeLedger' | 'jobs' | 'jobQueue' | 'clock' | 'ids' | 'files'>;

/** Starts (or returns the unfinished) export of one of the programme's tables. */
export async function startProgrammeExport(ports: JobPorts, caller: Identity | undefined, programmeId: string, file: ProgrammeExportFile): Promise<{ job: JobView; created: boolean }> {
  const { who } = await loadProgrammeRole(ports, caller, programmeId, false);
  const { job, created } = await startJobFor(ports, who, programmeScope(programmeId), PROGRAMME_EXPORT_JOB, { file });
  return { job: await viewJob(ports, job), created };
}

/** A programme job, for the people of the programme. */
export async function getProgrammeJob(ports: JobPorts, caller: Identity | undefined, programmeId: string, jobId: string): Promise<JobView> {
  await loadProgrammeRole(ports, caller, programmeId, false);
  const job = await ports.jobs.get(programmeScope(programmeId), jobId);
  if (!job) throw new NotFound('No such job.');
  return viewJob(ports, job);
}

const programmeOf = (job: Job) => job.competitionId.replace(/^programme:/, '');

/** The export job: reads the programme's tables (bounded, as the dashboard does) and writes one CSV. */
export const programmeExportJob: JobHandler = async (ports, job, ctx) => {
  const file = job.params.file;
  if (typeof file !== 'string' || !(PROGRAMME_EXPORT_FILES as readonly string[]).includes(file))
    throw new ValidationFailed(`Unknown export ${JSON.stringify(file)}.`, { file: `One of ${PROGRAMME_EXPORT_FILES.join(', ')}.` });
  // Access as the person who started it (a role removed since then stops it).
  const d = await programmeDashboard(ports, ctx.who, programmeOf(job));
  await ctx.progress(0, 1, 'Writing the file');
  const money = (m: number) => wholeUnits(m, d.currency).toFixed(2);
  let csv: string;
  let rows: number;
  if (file === 'recipients.csv') {
    const all = await ports.programmeLedger.allRecipients(programmeOf(job));
    const held = all.filter((r) => r.total > 0).sort((a, b) => b.total - a.total || a.organisationName.localeCompare(b.organisationName));
    rows = held.length;
    csv = csvTable(
      ['Organisation', 'Registry id', 'Country', 'Sectors', 'SME', `Total (${d.currency})`, 'Awards', `Cap (${d.currency})`, `Left under the cap (${d.currency})`],
      held.map((r) => [r.organisationName, r.registryId, r.country, r.sectors.join('; '), r.isSme ? 'yes' : 'no', money(r.total), r.awards, money(d.limits.thirdPartyCap), money(Math.max(0, d.limits.thirdPartyCap - r.total))]),
    );
  } else if (file === 'calls.csv') {
    rows = d.calls.length;
    csv = csvTable(
      ['Call', 'Competition id', `Plan budget (${d.currency})`, `Committed (${d.currency})`],
      [...d.calls.map((c) => [c.title, c.competitionId, money(c.planBudget), money(c.committed)]), ['All calls', '', money(d.limits.budget), money(d.committed)]],
    );
  } else {
    rows = d.spending.length;
    csv = csvTable(['Date', 'Label', 'Category', `Amount (${d.currency})`], d.spending.map((s) => [s.date, s.label, s.category, money(s.amount)]));
  }
  const key = `exports/${job.competitionId}/${job.id}/${file}`;
  const body = new TextEncoder().encode(csv);
  await ports.files.put(key, body, 'text/csv; charset=utf-8');
  await ctx.progress(1, 1, 'Done');
  return { rows, file: { key, name: `${d.programmeName.replace(/[^\w.-]+/g, '-').slice(0, 60)}-${file}`, contentType: 'text/csv; charset=utf-8', bytes: body.byteLength } };
};
