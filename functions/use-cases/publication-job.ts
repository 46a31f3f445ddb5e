/**
 * The publication job: decides the results the organiser asked for (use-cases/results.ts
 * `publishResults`, or `publishAmendment` for an amendment, froze the ledger and recorded
 * `publishing` on the competition, naming this job). It computes the snapshot — from the live ranking when that is current, else from the
 * reviews — stores it (header last: a header means its entries are all there), points the
 * competition at it in one versioned write, audits, and starts the entrants' notifications.
 *
 * Idempotent and resumable: a rerun after a crash keeps a snapshot whose header is stored, and a
 * competition already pointing at the version only has its announcement left (which never tells
 * anyone twice). A job that no `publishing` names — its request lost the race to another
 * publication — ends without doing anything.
 */
import type { Competition } from '../domain/competition.ts';
import { NotFound, VersionConflict } from '../domain/errors.ts';
import type { JobHandler } from './jobs.ts';
import type { Ports } from './ports.ts';
import { announceResults } from './results.ts';
import { tellAmended } from './results-notices.ts';
import { computeResults } from './results-snapshot.ts';

/** How long a job waits for the request that started it to record `publishing` (it writes right after). */
const WAIT_FOR_RECORD = { tries: 20, everyMs: 250 };

export const publicationJob: JobHandler = async (ports, job, ctx) => {
  const version = Number((job.params as { version?: unknown }).version);
  const competitionId = job.competitionId;
  const found = await recorded(ports, competitionId, job.id, version);
  // No publication names this job: its request lost the race to another one.
  if (!found) return { counts: { abandoned: 1 } };
  let c = found;
  const p = c.publishing;
  if ((c.resultsVersion ?? 0) < version && p) {
    if (!(await ports.results.getHeader(competitionId, version))) {
      await ctx.progress(0, undefined, 'Computing the results');
      const { header, entries } = await computeResults(ports, c, { version, decidedAt: p.decidedAt, visibleFrom: p.visibleFrom });
      await ports.results.save(header, entries, (done, total) => ctx.progress(done, total, 'Storing the results'));
    }
    const header = (await ports.results.getHeader(competitionId, version))!;
    await ctx.progress(1, 1, 'Publishing');
    // The competition may be edited meanwhile (its version moves on): read it again and retry.
    for (let attempt = 0; ; attempt++) {
      const { publishing: _, amendment: __, ...rest } = c;
      const at = ports.clock.now().toISOString();
      const next: Competition = p.amends
        ? { ...rest, resultsVersion: version, amendments: [...(c.amendments ?? []), { reason: p.amends.reason, by: p.by.email, at: p.decidedAt, version }], updatedAt: at, version: c.version + 1 }
        : {
            ...rest,
            ...(c.amendment ? { amendment: c.amendment } : {}),
            resultsPublishedAt: p.visibleFrom,
            resultsVersion: version,
            ...(p.closesEarly && !c.closedEarlyAt ? { closedEarlyAt: p.decidedAt } : {}),
            ...(p.override ? { publicationOverride: { reason: p.override.reason, by: p.by.email, at: p.decidedAt, problems: p.override.problems } } : {}),
            updatedAt: at,
            version: c.version + 1,
          };
      try {
        await ports.competitions.update(next, c.version);
        c = next;
        break;
      } catch (e) {
        if (!(e instanceof VersionConflict) || attempt >= 5) throw e;
        c = (await ports.competitions.get(competitionId)) ?? c;
        if ((c.resultsVersion ?? 0) >= version) break;
      }
    }
    if (p.amends) {
      // Who is affected is what changed between the two stored snapshots; they are told now.
      // The e-mails link back to the web app (the job function's ports carry its origin, as the notifications job's do).
      const withOrigin = Object.assign(Object.create(ports) as Ports, { webOrigin: (ports as Ports & { webOrigin?: string }).webOrigin ?? '' });
      const { changed, before } = await tellAmended(withOrigin, c, p.amends.fromVersion, p.amends.reason);
      await ports.audit.append({
        competitionId,
        at: p.decidedAt,
        actor: p.by,
        action: 'results.amended',
        target: `competition:${competitionId}`,
        before: { resultsVersion: p.amends.fromVersion, changed: changed.map((e) => ({ submissionId: e.submissionId, awards: before.get(e.submissionId)?.awards ?? [] })) },
        after: { resultsVersion: version, reason: p.amends.reason, changed: changed.map((e) => ({ submissionId: e.submissionId, awards: e.awards })) },
      });
      return { counts: { resultsVersion: version, changed: changed.length } };
    }
    await ports.audit.append({
      competitionId,
      at: p.decidedAt,
      actor: p.by,
      action: p.when === 'now' ? 'results.published' : 'results.scheduled',
      target: `competition:${competitionId}`,
      after: {
        resultsPublishedAt: p.visibleFrom,
        resultsVersion: version,
        entries: header.entryCount,
        ranked: header.rankedCount,
        winners: header.winners.length,
        committed: header.totals.committed,
        ...(p.override ? { override: { reason: p.override.reason, by: p.by.email, at: p.decidedAt, problems: p.override.problems } } : {}),
        ...(p.closesEarly ? { closedEarlyAt: p.decidedAt } : {}),
      },
    });
  }
  // Told now, or at the scheduled moment by the announcer (deliverDueAnnouncements).
  if (c.resultsPublishedAt && c.resultsPublishedAt <= ports.clock.now().toISOString()) await announceResults(ports, ctx.who, c);
  return { counts: { resultsVersion: version } };
};

/**
 * The competition once the request that started this job has recorded it (or has published
 * `version` already); undefined when another job is named instead, or none is after a while.
 */
async function recorded(ports: Pick<Ports, 'competitions'>, competitionId: string, jobId: string, version: number): Promise<Competition | undefined> {
  for (let i = 0; i < WAIT_FOR_RECORD.tries; i++) {
    const c = await ports.competitions.get(competitionId);
    if (!c) throw new NotFound('The competition no longer exists.');
    if ((c.resultsVersion ?? 0) >= version) return c;
    if (c.publishing?.version === version) return c.publishing.jobId === jobId ? c : undefined;
    await new Promise((r) => setTimeout(r, WAIT_FOR_RECORD.everyMs));
  }
  return undefined;
}
