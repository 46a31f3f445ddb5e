/**
 * What the scale bench (bench/scale.ts) and the call-growth test (tests/api/call-growth.test.ts)
 * drive: every route the web calls on its pages, as the web calls it (its page sizes and filters),
 * against a seeded world (world.ts), and the long operations ("jobs") — whether they answer 200
 * at once or 202 with a job to follow.
 *
 * A case builds its i-th request; the driver sends it (measured or counted) and hands the answer
 * back (`onAnswer`), so a case that writes can build on what it wrote (a version, an id). Reads
 * vary their target with i; writes take a fresh target each time (a new entrant, a pending review,
 * the next proposed award), so every sample does the same work. `phase` says where the clock must
 * be: the driver runs the cases phase by phase, in order.
 *
 * A case whose route is not in the OpenAPI document of the code being measured is left out (the
 * driver says so), and query parameters the route does not declare are dropped, so the catalogue
 * runs on code that is being changed underneath it.
 */
import type { Identity } from '../../functions/domain/identity.ts';
import { PRIVACY_NOTICE } from '../../functions/domain/privacy.ts';
import { submissionIdFor } from '../../functions/use-cases/submissions.ts';
import { BENCH_ENTRANT, BENCH_INVESTOR, PHASES, organiser, type Person, type World } from './world.ts';

export type Phase = 'open' | 'evaluation' | 'results';
export const PHASE_ORDER: Phase[] = ['open', 'evaluation', 'results'];
export const phaseInstant = (p: Phase) => PHASES[p];

export interface CaseRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The concrete path, query string included. */
  path: string;
  who?: Identity;
  body?: unknown;
}

export interface Answer {
  status: number;
  json: any;
}

/** Sends a request that is not measured (a look-up a case needs before it can build its request). */
export type Unmeasured = (r: CaseRequest) => Promise<Answer>;

export interface RouteCase {
  name: string;
  /** 'route': an interactive request; 'job': long work, followed to its end when it answers 202. */
  kind: 'route' | 'job';
  method: CaseRequest['method'];
  /** The route's path as the OpenAPI document names it. */
  template: string;
  phase: Phase;
  /** At most this many samples (writes with a limited supply of targets). */
  maxSamples?: number;
  /** Reads are warmed up with one unmeasured request first; writes are not (each target once). */
  writes?: boolean;
  /** Once, before the first sample (unmeasured look-ups). */
  prepare?(call: Unmeasured): Promise<void>;
  request(i: number): CaseRequest;
  onAnswer?(i: number, a: Answer): void;
}

export const asIdentity = (p: Person, groups: string[] = []): Identity => ({ sub: p.sub, email: p.email, name: p.name, groups });

const q = (params: Record<string, string | number | undefined>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : '';
};

/** A fresh entrant for the i-th sample of the entrant journey (register → draft → save → submit). */
export function newcomer(world: World, i: number, prefix = ''): Person {
  return { sub: `${prefix}new-${String(i).padStart(5, '0')}`, email: `new${i}@newcomer${i}.example`, name: `Newcomer ${i}` };
}

export function registrationBody(i: number) {
  return {
    organisationName: `Newcomer ${i} BV`,
    country: 'NL',
    registryId: `NL${String(900_000_000 + i)}`,
    smeDeclaration: true,
    team: [{ name: `Newcomer ${i}`, email: `new${i}@newcomer${i}.example`, role: 'CEO' }],
    // As the register page sends it: the privacy notice and the competition's purposes accepted (issue 14).
    privacy: { noticeVersion: PRIVACY_NOTICE.version, purposesVersion: 0 },
  };
}

/**
 * An entry as a person writes it: prose, not a sentence repeated (the repository stores the long
 * text deflated — submission-repository.ts `pack` — and repeated text would deflate to nothing,
 * flattering the write units; English prose deflates to about half). Lengths as before: summary
 * ~330, problem ~650, solution ~660 characters.
 */
function submissionContent(world: World, i: number, round: number) {
  return {
    title: `Heat recovery for small foundries ${i}`,
    summary: `Foundry ${i} and its peers melt scrap in induction furnaces and vent most of that heat through the roof. Our exchanger sits on the furnace exhaust, captures up to sixty percent of the waste heat and sells it to the district heating network at the regulated rate, paying for itself in under three years.`,
    problem: `Small foundries are among the largest users of electricity in their towns, yet they throw away most of the energy they buy: the induction furnace heats the melt, and the rest leaves with the cooling water and the exhaust. Family-owned foundries cannot justify the engineering study a bespoke heat-recovery plant needs, and the units sold to steelworks are ten times too large for them. Meanwhile district heating operators look for low-carbon heat near their networks and pay for it by the megawatt-hour. Nobody connects the two: the foundry lacks the capital and the know-how, the operator lacks a standard product it can plan around, and every month of delay burns gas the network could have saved.`,
    solution: `Revision ${round} of our design is a modular exchanger the size of a shipping pallet that bolts onto the furnace hood during the annual maintenance stop, so production never halts. A controller balances the melt schedule against the network's demand and stores surplus heat in a water tank overnight. We piloted a first unit near Eindhoven last winter: it delivered 410 MWh in four months, saved the foundry 38,000 euros and earned 12,000 from the operator. With this grant we certify the unit under the pressure-equipment directive, shrink it for furnaces below two tonnes and install three more pilots with partners in Ghent, Brno and Porto.`,
    sectors: ['manufacturing', 'energy'],
    valueChain: ['production'],
    answers: { [world.questionId]: 'About 250,000 euros over 18 months.' },
  };
}

/** The interactive routes and the jobs, in the order a driver runs them. */
export function catalogue(world: World, o: { prefix?: string } = {}): RouteCase[] {
  const cid = world.competitionId;
  const base = `/api/competitions/${cid}`;
  const org: Identity = organiser;
  const entrant = asIdentity(world.entrants[BENCH_ENTRANT]!);
  const investor = asIdentity(world.investors[BENCH_INVESTOR]!);
  const n = world.entrants.length;
  const someSubmission = (i: number) => world.entrants[(i * 37 + 11) % n]!.submissionId;
  const inv = world.investorRoundId;
  const peer = world.peerRoundId;
  /** Submission versions the entrant journey reached, by sample. */
  const draftVersion = new Map<number, number>();
  const reviewVersion = new Map<number, number>();
  let awardRequests: { submissionId: string; type: string; rank?: number; categoryId?: string }[] = [];
  let competitionVersion = 0;
  let previewJobId = '';
  const mine = (i: number) => asIdentity(newcomer(world, i, o.prefix));
  const mySubmission = (i: number) => submissionIdFor(cid, newcomer(world, i, o.prefix).sub);

  const cases: RouteCase[] = [
    // ---- an entrant ----------------------------------------------------------------------------
    { name: 'competitions (home)', kind: 'route', method: 'GET', template: '/api/competitions', phase: 'open', request: () => ({ method: 'GET', path: `/api/competitions${q({ limit: 12 })}` }) },
    { name: 'competition page', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}', phase: 'open', request: () => ({ method: 'GET', path: base, who: entrant }) },
    { name: 'me', kind: 'route', method: 'GET', template: '/api/me', phase: 'open', request: () => ({ method: 'GET', path: '/api/me', who: entrant }) },
    { name: 'my competitions', kind: 'route', method: 'GET', template: '/api/me/competitions', phase: 'open', request: () => ({ method: 'GET', path: '/api/me/competitions', who: entrant }) },
    { name: 'my submissions', kind: 'route', method: 'GET', template: '/api/me/submissions', phase: 'open', request: () => ({ method: 'GET', path: '/api/me/submissions', who: entrant }) },
    { name: 'my registration', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}/registration', phase: 'open', request: () => ({ method: 'GET', path: `${base}/registration`, who: entrant }) },
    { name: 'my submission', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}/submissions/{submissionId}', phase: 'open', request: () => ({ method: 'GET', path: `${base}/submissions/${world.entrants[BENCH_ENTRANT]!.submissionId}`, who: entrant }) },
    { name: 'pitch', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}/submissions/{submissionId}/pitch', phase: 'open', request: () => ({ method: 'GET', path: `${base}/submissions/${world.entrants[BENCH_ENTRANT]!.submissionId}/pitch`, who: entrant }) },
    {
      name: 'register',
      kind: 'route',
      method: 'POST',
      template: '/api/competitions/{competitionId}/registration',
      phase: 'open',
      writes: true,
      request: (i) => ({ method: 'POST', path: `${base}/registration`, who: mine(i), body: registrationBody(i) }),
    },
    {
      name: 'start draft',
      kind: 'route',
      method: 'POST',
      template: '/api/competitions/{competitionId}/submissions',
      phase: 'open',
      writes: true,
      request: (i) => ({ method: 'POST', path: `${base}/submissions`, who: mine(i), body: submissionContent(world, i, 0) }),
      onAnswer: (i, a) => void (typeof a.json?.version === 'number' && draftVersion.set(i, a.json.version)),
    },
    {
      name: 'save submission',
      kind: 'route',
      method: 'PUT',
      template: '/api/competitions/{competitionId}/submissions/{submissionId}',
      phase: 'open',
      writes: true,
      request: (i) => ({ method: 'PUT', path: `${base}/submissions/${mySubmission(i)}`, who: mine(i), body: { ...submissionContent(world, i, 1), version: draftVersion.get(i) ?? 1 } }),
      onAnswer: (i, a) => void (typeof a.json?.version === 'number' && draftVersion.set(i, a.json.version)),
    },
    {
      name: 'submit submission',
      kind: 'route',
      method: 'POST',
      template: '/api/competitions/{competitionId}/submissions/{submissionId}/submit',
      phase: 'open',
      writes: true,
      // As the web's "Submit" sends it: the form on screen with the submission, saved and submitted in one write.
      request: (i) => ({ method: 'POST', path: `${base}/submissions/${mySubmission(i)}/submit`, who: mine(i), body: { version: draftVersion.get(i) ?? 2, content: submissionContent(world, i, 2) } }),
    },

    // ---- a reviewer -------------------------------------------------------------------------------
    { name: 'my reviews (investor)', kind: 'route', method: 'GET', template: '/api/me/reviews', phase: 'open', request: () => ({ method: 'GET', path: '/api/me/reviews', who: investor }) },
    { name: 'my reviews (peer)', kind: 'route', method: 'GET', template: '/api/me/reviews', phase: 'open', request: () => ({ method: 'GET', path: '/api/me/reviews', who: entrant }) },
    {
      name: 'review sheet',
      kind: 'route',
      method: 'GET',
      template: '/api/competitions/{competitionId}/rounds/{roundId}/reviews/{submissionId}',
      phase: 'open',
      request: () => ({ method: 'GET', path: `${base}/rounds/${inv}/reviews/${world.entrants[BENCH_ENTRANT]!.submissionId}`, who: investor }),
    },
    {
      name: 'save review',
      kind: 'route',
      method: 'PUT',
      template: '/api/competitions/{competitionId}/rounds/{roundId}/reviews/{submissionId}',
      phase: 'open',
      writes: true,
      maxSamples: world.pendingReviews.length,
      request: (i) => {
        const p = world.pendingReviews[i]!;
        const scores = Object.fromEntries(world.investorRubric.map((c, j) => [c, 3 + ((i + j) % 7)]));
        const comments = Object.fromEntries(world.investorRubric.map((c) => [c, 'A credible team with a pilot customer; the unit economics need work. '.repeat(2)]));
        return { method: 'PUT', path: `${base}/rounds/${p.roundId}/reviews/${p.submissionId}`, who: asIdentity(p.reviewer), body: { scores, comments, overallComment: 'Worth a meeting.', meet: i % 3 === 0, privateNote: '', version: 1 } };
      },
      onAnswer: (i, a) => void (typeof a.json?.version === 'number' && reviewVersion.set(i, a.json.version)),
    },
    {
      name: 'submit review',
      kind: 'route',
      method: 'POST',
      template: '/api/competitions/{competitionId}/rounds/{roundId}/reviews/{submissionId}/submit',
      phase: 'open',
      writes: true,
      maxSamples: world.pendingReviews.length,
      request: (i) => {
        const p = world.pendingReviews[i]!;
        // As the web's "Submit review" sends it: the form (a score revised since the draft) with the submission, one write.
        const scores = Object.fromEntries(world.investorRubric.map((c, j) => [c, 3 + ((i + j + 1) % 7)]));
        const comments = Object.fromEntries(world.investorRubric.map((c) => [c, 'A credible team with a pilot customer; the unit economics need work. '.repeat(2)]));
        const content = { scores, comments, overallComment: 'Worth a meeting.', meet: i % 3 === 0, privateNote: '' };
        return { method: 'POST', path: `${base}/rounds/${p.roundId}/reviews/${p.submissionId}/submit`, who: asIdentity(p.reviewer), body: { version: reviewVersion.get(i) ?? 2, content } };
      },
    },
    {
      name: 'invitation (link)',
      kind: 'route',
      method: 'GET',
      template: '/api/invitations/{competitionId}/{token}',
      phase: 'open',
      request: (i) => ({ method: 'GET', path: `/api/invitations/${cid}/${world.pendingInvitations[i % world.pendingInvitations.length]!.token}` }),
    },
    {
      name: 'accept invitation',
      kind: 'route',
      method: 'POST',
      template: '/api/invitations/{competitionId}/{token}/accept',
      phase: 'open',
      writes: true,
      maxSamples: world.pendingInvitations.length,
      request: (i) => {
        const p = world.pendingInvitations[i]!;
        return { method: 'POST', path: `/api/invitations/${cid}/${p.token}/accept`, who: asIdentity(p), body: { interests: ['energy'] } };
      },
    },

    // ---- the organiser ----------------------------------------------------------------------------
    { name: 'my competitions (organiser)', kind: 'route', method: 'GET', template: '/api/me/competitions', phase: 'open', request: () => ({ method: 'GET', path: '/api/me/competitions', who: org }) },
    { name: 'submissions list', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}/submissions', phase: 'open', request: () => ({ method: 'GET', path: `${base}/submissions${q({ limit: 25 })}`, who: org }) },
    {
      name: 'submissions list (status)',
      kind: 'route',
      method: 'GET',
      template: '/api/competitions/{competitionId}/submissions',
      phase: 'open',
      request: () => ({ method: 'GET', path: `${base}/submissions${q({ status: 'submitted', limit: 25 })}`, who: org }),
    },
    {
      name: 'submissions list (sector)',
      kind: 'route',
      method: 'GET',
      template: '/api/competitions/{competitionId}/submissions',
      phase: 'open',
      request: () => ({ method: 'GET', path: `${base}/submissions${q({ sector: 'health', limit: 25 })}`, who: org }),
    },
    {
      name: 'submissions list (100, round page)',
      kind: 'route',
      method: 'GET',
      template: '/api/competitions/{competitionId}/submissions',
      phase: 'open',
      request: () => ({ method: 'GET', path: `${base}/submissions${q({ status: 'submitted', limit: 100 })}`, who: org }),
    },
    { name: 'a submission', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}/submissions/{submissionId}', phase: 'open', request: (i) => ({ method: 'GET', path: `${base}/submissions/${someSubmission(i)}`, who: org }) },
    { name: 'rounds', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}/rounds', phase: 'open', request: () => ({ method: 'GET', path: `${base}/rounds`, who: org }) },
    { name: 'round reviews (investor)', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}/rounds/{roundId}/reviews', phase: 'open', request: () => ({ method: 'GET', path: `${base}/rounds/${inv}/reviews${q({ limit: 100 })}`, who: org }) },
    { name: 'round reviews (peer)', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}/rounds/{roundId}/reviews', phase: 'open', request: () => ({ method: 'GET', path: `${base}/rounds/${peer}/reviews${q({ limit: 100 })}`, who: org }) },
    { name: 'reviewers', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}/rounds/{roundId}/reviewers', phase: 'open', request: () => ({ method: 'GET', path: `${base}/rounds/${inv}/reviewers${q({ limit: 100 })}`, who: org }) },
    { name: 'conflicts', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}/rounds/{roundId}/conflicts', phase: 'open', request: () => ({ method: 'GET', path: `${base}/rounds/${inv}/conflicts${q({ limit: 100 })}`, who: org }) },
    { name: 'invitations', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}/invitations', phase: 'open', request: () => ({ method: 'GET', path: `${base}/invitations${q({ limit: 100 })}`, who: org }) },
    { name: 'ranking page', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}/ranking', phase: 'open', request: () => ({ method: 'GET', path: `${base}/ranking${q({ limit: 100 })}`, who: org }) },
    { name: 'prize plan', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}/prize-plan', phase: 'open', request: () => ({ method: 'GET', path: `${base}/prize-plan`, who: org }) },
    { name: 'proposal', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}/awards/proposal', phase: 'open', request: () => ({ method: 'GET', path: `${base}/awards/proposal`, who: org }) },
    { name: 'feedback report', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}/submissions/{submissionId}/feedback', phase: 'open', request: (i) => ({ method: 'GET', path: `${base}/submissions/${someSubmission(i)}/feedback`, who: org }) },
    { name: 'audit page', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}/audit', phase: 'open', request: () => ({ method: 'GET', path: `${base}/audit${q({ limit: 50 })}`, who: org }) },
    { name: 'jobs list', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}/jobs', phase: 'open', request: () => ({ method: 'GET', path: `${base}/jobs${q({ limit: 20 })}`, who: org }) },
    { name: 'inbox (before results)', kind: 'route', method: 'GET', template: '/api/me/notifications', phase: 'open', request: () => ({ method: 'GET', path: '/api/me/notifications', who: entrant }) },

    // ---- awards (submissions closed) -----------------------------------------------------------------
    {
      name: 'confirm one award',
      kind: 'route',
      method: 'POST',
      template: '/api/competitions/{competitionId}/awards',
      phase: 'evaluation',
      writes: true,
      async prepare(call) {
        const p = await call({ method: 'GET', path: `${base}/awards/proposal`, who: org });
        const lines: any[] = p.json?.lines ?? [];
        // Vouchers and lump sums first (there are many); prizes last.
        const order = (t: string) => (t === 'voucher' ? 0 : t === 'lump-sum' ? 1 : 2);
        awardRequests = lines
          .filter((l) => !l.confirmed)
          .sort((a, b) => order(a.type) - order(b.type))
          .map((l) => ({ submissionId: l.submissionId, type: l.type, ...(l.rank !== undefined ? { rank: l.rank } : {}), ...(l.categoryId ? { categoryId: l.categoryId } : {}) }));
      },
      request: (i) => ({ method: 'POST', path: `${base}/awards`, who: org, body: { awards: [awardRequests[i % Math.max(1, awardRequests.length)] ?? { submissionId: world.entrants[0]!.submissionId, type: 'voucher' }] } }),
    },
    { name: 'results checklist', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}/results/checklist', phase: 'evaluation', request: () => ({ method: 'GET', path: `${base}/results/checklist`, who: org }) },

    // ---- jobs (and long work that may still answer at once) ----------------------------------------------
    ...exportCases(base, org),
    // Started (202) and followed to the job's end; the stored result is then read a page at a time.
    { name: 'assignment preview (copy, investors)', kind: 'job', method: 'POST', template: '/api/competitions/{competitionId}/rounds/{roundId}/assignment/preview', phase: 'open', request: () => ({ method: 'POST', path: `/api/competitions/${world.copy.competitionId}/rounds/${world.copy.investorRoundId}/assignment/preview`, who: org }) },
    {
      name: 'assignment preview page (copy, investors)',
      kind: 'route',
      method: 'GET',
      template: '/api/competitions/{competitionId}/rounds/{roundId}/assignment/preview/{jobId}',
      phase: 'open',
      async prepare(call) {
        previewJobId = (await call({ method: 'POST', path: `/api/competitions/${world.copy.competitionId}/rounds/${world.copy.investorRoundId}/assignment/preview`, who: org })).json?.id ?? '';
      },
      request: () => ({ method: 'GET', path: `/api/competitions/${world.copy.competitionId}/rounds/${world.copy.investorRoundId}/assignment/preview/${previewJobId}${q({ limit: 200 })}`, who: org }),
    },
    { name: 'assignment run (copy, investors)', kind: 'job', method: 'POST', template: '/api/competitions/{competitionId}/rounds/{roundId}/assignment', phase: 'open', writes: true, request: () => ({ method: 'POST', path: `/api/competitions/${world.copy.competitionId}/rounds/${world.copy.investorRoundId}/assignment`, who: org }) },
    { name: 'assignment run (copy, peer)', kind: 'job', method: 'POST', template: '/api/competitions/{competitionId}/rounds/{roundId}/assignment', phase: 'open', writes: true, request: () => ({ method: 'POST', path: `/api/competitions/${world.copy.competitionId}/rounds/${world.copy.peerRoundId}/assignment`, who: org }) },
    {
      name: 'publish results (notifications)',
      kind: 'job',
      method: 'POST',
      template: '/api/competitions/{competitionId}/results/publish',
      phase: 'results',
      writes: true,
      async prepare(call) {
        competitionVersion = (await call({ method: 'GET', path: base, who: org })).json?.version ?? 0;
      },
      request: () => ({ method: 'POST', path: `${base}/results/publish`, who: org, body: { version: competitionVersion, when: 'now', override: { reason: 'Scale bench: publishing before the rounds close.' } } }),
    },
    {
      name: 'release feedback (notifications)',
      kind: 'job',
      method: 'POST',
      template: '/api/competitions/{competitionId}/feedback/release',
      phase: 'results',
      writes: true,
      async prepare(call) {
        competitionVersion = (await call({ method: 'GET', path: base, who: org })).json?.version ?? 0;
      },
      request: () => ({ method: 'POST', path: `${base}/feedback/release`, who: org, body: { version: competitionVersion } }),
    },

    // ---- once the results are out --------------------------------------------------------------------------
    { name: 'public results', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}/results', phase: 'results', request: () => ({ method: 'GET', path: `${base}/results` }) },
    { name: 'my outcome', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}/results/mine', phase: 'results', request: () => ({ method: 'GET', path: `${base}/results/mine`, who: entrant }) },
    { name: 'matches', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}/matches', phase: 'results', request: () => ({ method: 'GET', path: `${base}/matches`, who: entrant }) },
    { name: 'my feedback', kind: 'route', method: 'GET', template: '/api/competitions/{competitionId}/submissions/{submissionId}/feedback', phase: 'results', request: () => ({ method: 'GET', path: `${base}/submissions/${world.entrants[BENCH_ENTRANT]!.submissionId}/feedback`, who: entrant }) },
    { name: 'inbox', kind: 'route', method: 'GET', template: '/api/me/notifications', phase: 'results', request: () => ({ method: 'GET', path: '/api/me/notifications', who: entrant }) },
  ];
  return cases;
}

/** The export files, read from the code measured (a file added there is measured too). */
let exportFiles: readonly string[] = [];
export async function loadExportFiles(): Promise<void> {
  const path = '../../functions/domain/exports.ts';
  try {
    exportFiles = ((await import(path)) as { EXPORT_FILES?: readonly string[] }).EXPORT_FILES ?? [];
  } catch {
    exportFiles = [];
  }
}

function exportCases(base: string, org: Identity): RouteCase[] {
  return exportFiles.map((file) => ({
    name: `export ${file}`,
    kind: 'job' as const,
    method: 'POST' as const,
    template: '/api/competitions/{competitionId}/exports',
    phase: 'open' as const,
    writes: true,
    request: () => ({ method: 'POST' as const, path: `${base}/exports`, who: org, body: { file } }),
  }));
}

/**
 * POST routes with "ranking" in their path that this catalogue does not name (a recompute job
 * someone is adding): driven with an empty body, so their cost shows up when they land.
 */
export function discoveredRankingJobs(world: World, doc: OpenApiLike, known: RouteCase[]): RouteCase[] {
  const named = new Set(known.map((c) => `${c.method} ${c.template}`));
  const out: RouteCase[] = [];
  for (const [template, ops] of Object.entries(doc.paths)) {
    if (!/ranking|recompute/.test(template)) continue;
    for (const method of Object.keys(ops)) {
      const m = method.toUpperCase();
      if (m !== 'POST' || named.has(`${m} ${template}`)) continue;
      if (!/^\/api\/competitions\/\{competitionId\}\/[^{}]*$/.test(template)) continue;
      out.push({
        name: `${m} ${template.replace('/api/competitions/{competitionId}', '…')}`,
        kind: 'job',
        method: 'POST',
        template,
        phase: 'open',
        writes: true,
        request: () => ({ method: 'POST', path: template.replace('{competitionId}', world.competitionId), who: organiser, body: {} }),
      });
    }
  }
  return out;
}

export interface OpenApiLike {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
}

/** Whether the code measured has the case's route. */
export function routeExists(doc: OpenApiLike, c: RouteCase): boolean {
  return doc.paths[c.template]?.[c.method.toLowerCase()] !== undefined;
}

/** The request with the query parameters its route does not declare dropped. */
export function declaredOnly(doc: OpenApiLike, c: RouteCase, r: CaseRequest): CaseRequest {
  const [path, query] = r.path.split('?');
  if (!query) return r;
  const declared = new Set((doc.paths[c.template]?.[c.method.toLowerCase()]?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
  const kept = new URLSearchParams([...new URLSearchParams(query)].filter(([k]) => declared.has(k)));
  const text = kept.toString();
  return { ...r, path: text ? `${path}?${text}` : path! };
}
