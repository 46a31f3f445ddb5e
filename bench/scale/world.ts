/**
 * A competition at programme scale, seeded in minutes: N submitted entrants (registrations,
 * memberships, submissions, a quarter with a verified pitch, a fifth open to investor meetings),
 * some drafts and withdrawals, a blind peer round (k = 3: every entrant reviews three others) and
 * an investor round (N/5 invited investors, k = 2, ten reviews each), all 5N reviews submitted
 * but 25 (five investors' five each) left for the bench to write, a few declared conflicts, a prize plan, and the
 * audit trail those actions leave. 2,000 → 400 investors and 10,000 reviews; 20,000 → 4,000 and
 * 100,000.
 *
 * The competition, its rounds and the prize plan are made through the use cases; everything
 * there are thousands of is written through the real repositories into an ItemSink
 * (item-sink.ts), so the items are exactly theirs, and batch-written. Deterministic: the same N
 * gives the same world (seeded PRNG; ids from a counter).
 *
 * A second, smaller-looking but equally large competition ("the copy": N submitted entrants and
 * N/5 investors, no reviews yet) is where the bench runs assignments from nothing, which the
 * first one cannot show without losing its reviews.
 */
import { dynamoPorts } from '../../functions/adapters/dynamodb/index.ts';
import type { DocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import type { AppDeps } from '../../functions/app/deps.ts';
import type { Registration } from '../../functions/domain/entrant.ts';
import type { Review, Round } from '../../functions/domain/evaluation.ts';
import type { Identity } from '../../functions/domain/identity.ts';
import { pitchObjectKey, type Pitch, type ReadyPitch } from '../../functions/domain/pitch.ts';
import type { Submission } from '../../functions/domain/submission.ts';
import type { PrizePlan } from '../../functions/domain/awards.ts';
import { createCompetition } from '../../functions/use-cases/create-competition.ts';
import { hashToken } from '../../functions/use-cases/invitations.ts';
import { publishCompetition } from '../../functions/use-cases/publish-competition.ts';
import { createRound } from '../../functions/use-cases/rounds.ts';
import { submissionIdFor } from '../../functions/use-cases/submissions.ts';
import type { Ports } from '../../functions/use-cases/ports.ts';
import { prng } from '../seeded-random.ts';
import { ItemSink } from './item-sink.ts';

export interface Person {
  sub: string;
  email: string;
  name: string;
}

/** The instants the bench moves the clock to. Submissions are open in `open`, closed in `evaluation`; both rounds are open in both. */
export const PHASES = {
  seeding: '2030-02-20T09:00:00.000Z',
  open: '2030-03-01T09:00:00.000Z',
  evaluation: '2030-03-10T09:00:00.000Z',
  /** Results are published "now" (with a written reason) at the start of this phase. */
  results: '2030-03-12T09:00:00.000Z',
} as const;

const SCHEDULE = {
  timeZone: 'UTC',
  submissionsOpen: '2030-01-01T09:00',
  submissionsClose: '2030-03-02T17:00',
  evaluationStart: '2030-03-03T09:00',
  evaluationEnd: '2030-03-31T17:00',
  resultsDate: '2030-04-15T12:00',
};
const ROUND_WINDOW = { opensAt: '2030-02-01T09:00', closesAt: '2030-03-25T17:00' };

export const SECTORS = ['manufacturing', 'energy', 'logistics', 'agrifood', 'health', 'mobility', 'construction', 'digital'];
const VALUE_CHAIN = ['sourcing', 'production', 'distribution', 'recycling', 'services'];
const COUNTRIES = ['BE', 'NL', 'DE', 'FR', 'IT', 'ES', 'AT', 'PT'];

export const organiser: Identity = { sub: 'scale-organiser', email: 'programme@cluster.example', name: 'Pat Programme', groups: ['organisers'] };

/** How many of everything there are for `n` submitted entrants. */
export function shapeOf(n: number) {
  const investors = Math.max(4, Math.round(n / 5));
  return {
    submissions: n,
    drafts: Math.round(n / 20),
    withdrawn: Math.round(n / 100),
    investors,
    peer: { k: 3, maxLoad: 4 },
    investor: { k: 2, maxLoad: Math.ceil((2 * n) / investors) + 2 },
    /** Vouchers confirmed before the bench's own confirmations (the ledger's size matters). */
    confirmedVouchers: Math.max(2, Math.round(n / 40)),
  };
}

export interface CompetitionWorld {
  competitionId: string;
  peerRoundId: string;
  investorRoundId: string;
  entrants: (Person & { submissionId: string })[];
  investors: Person[];
}

export interface World extends CompetitionWorld {
  size: number;
  /** Registered entrants with a draft (not submitted). */
  drafts: (Person & { submissionId: string })[];
  /** Invitations to the investor round not accepted yet (the link's token, for the bench to accept). */
  pendingInvitations: (Person & { token: string })[];
  /** Assignments of the first few investors left unreviewed (the bench saves and submits them). */
  pendingReviews: { roundId: string; submissionId: string; reviewer: Person }[];
  questionId: string;
  peerRubric: string[];
  investorRubric: string[];
  /** The same size again with no reviews: where assignments are run from nothing. */
  copy: CompetitionWorld;
}

/** The entrant and the investor the bench signs in as: typical loads, a pitch, a match. */
export const BENCH_ENTRANT = 0;
export const BENCH_INVESTOR = 0;
/** Investors 0…PENDING_REVIEWERS-1 each keep PENDING_PER_REVIEWER assignments unreviewed. */
export const PENDING_REVIEWERS = 5;
export const PENDING_PER_REVIEWER = 5;

export interface SeedOptions {
  /** The audit entries the seeded actions would have left (default true). */
  audit?: boolean;
  /** Also seed the copy (default true). */
  copy?: boolean;
  /** Prefix of every sub and id, so several worlds can share a table (tests). */
  prefix?: string;
  log?: (line: string) => void;
}

type SeedDeps = AppDeps & { clock: { set(t: string | Date): void } };

const pad = (i: number) => String(i).padStart(6, '0');

const WORDS = (
  'cargo bike hub route energy grid battery solar heat pump sensor platform data twin circular ' +
  'material recycle waste water farm soil harvest cold chain clinic patient device factory robot ' +
  'weld paint coating timber concrete modular retrofit fleet charging depot tram ferry port ' +
  'warehouse parcel locker forecast demand supply partner pilot market customer cost saving ' +
  'emission carbon lifecycle repair reuse sharing network digital service model scale region'
).split(' ');

function textOf(random: () => number, length: number): string {
  let s = '';
  while (s.length < length) s += (s ? ' ' : '') + WORDS[Math.floor(random() * WORDS.length)];
  return s.slice(0, length);
}

const pick = <T>(random: () => number, list: readonly T[]) => list[Math.floor(random() * list.length)]!;

/** Seeds the world; the clock is left at PHASES.open. */
export async function seedWorld(deps: SeedDeps, db: DocumentClient, table: string, n: number, o: SeedOptions = {}): Promise<World> {
  const prefix = o.prefix ?? '';
  const log = o.log ?? (() => undefined);
  const audit = o.audit ?? true;
  const shape = shapeOf(n);
  const random = prng(n * 7919 + 17);
  const sink = new ItemSink(db, table);
  const repos = dynamoPorts(sink.client(), table, { cursorSecret: 'seeding-writes-no-cursors-0123456789' });
  const started = Date.now();
  deps.clock.set(PHASES.seeding);

  const a = await competitionWithRounds(deps, prefix, shape, 'Green Manufacturing Open Call');
  const competitionId = a.competitionId;
  const question = a.questionId;

  let seq = 0;
  const at = () => new Date(Date.parse('2030-01-02T00:00:00.000Z') + seq++ * 1000).toISOString();
  const person = (kind: string, i: number, domain: string): Person => ({
    sub: `${prefix}${kind}-${pad(i)}`,
    email: `${kind}${i}@${domain}${prefix ? `.${prefix.replace(/[^a-z0-9]/gi, '')}` : ''}.example`,
    name: `${kind.toUpperCase()} Person ${i}`,
  });
  const appendAudit = (entry: Parameters<Ports['audit']['append']>[0]) => (audit ? repos.audit.append(entry) : Promise.resolve());

  async function enter(
    target: { competitionId: string; questionId: string },
    who: Person,
    i: number,
    status: Submission['status'],
    extras: { audit: boolean },
  ): Promise<string> {
    const country = COUNTRIES[i % COUNTRIES.length]!;
    const registration: Registration = {
      organisationName: `${textOf(random, 12).split(' ')[0]!.replace(/^./, (c) => c.toUpperCase())} ${i} Ltd`,
      country,
      registryId: `${country}${String(100_000_000 + i)}`,
      smeDeclaration: true,
      team: [
        { name: who.name, email: who.email, role: 'CEO' },
        { name: `Partner ${i}`, email: who.email.replace(/^[^@]+/, 'cto'), role: 'CTO' },
      ],
    };
    const registeredAt = at();
    await repos.memberships.register(target.competitionId, { sub: who.sub, email: who.email, emailVerified: true }, registration, registeredAt);
    const id = submissionIdFor(target.competitionId, who.sub);
    const createdAt = at();
    const submittedAt = at();
    const sectors = random() < 0.5 ? [pick(random, SECTORS)] : [pick(random, SECTORS), pick(random, SECTORS)];
    const s: Submission = {
      id,
      competitionId: target.competitionId,
      ownerSub: who.sub,
      organisationName: registration.organisationName,
      country,
      title: `${textOf(random, 28)} ${i}`,
      summary: textOf(random, 400),
      problem: textOf(random, 1000),
      solution: textOf(random, 1000),
      sectors: [...new Set(sectors)],
      valueChain: [pick(random, VALUE_CHAIN)],
      answers: { [target.questionId]: textOf(random, 150) },
      status,
      createdAt,
      updatedAt: submittedAt,
      ...(status === 'submitted' ? { submittedAt } : {}),
      ...(status === 'withdrawn' ? { withdrawnAt: submittedAt } : {}),
      version: status === 'draft' ? 2 : 3,
    };
    await repos.submissions.create(s);
    if (extras.audit) {
      const actor = { sub: who.sub, email: who.email };
      await appendAudit({ competitionId: target.competitionId, at: registeredAt, actor, action: 'entrant.registered', target: `entrant:${who.sub}`, after: { organisationName: registration.organisationName, country, registryId: registration.registryId } });
      await appendAudit({ competitionId: target.competitionId, at: createdAt, actor, action: 'submission.created', target: `submission:${id}`, after: { title: s.title } });
      if (status !== 'draft') await appendAudit({ competitionId: target.competitionId, at: submittedAt, actor, action: `submission.${status}`, target: `submission:${id}` });
    }
    return id;
  }

  async function join(target: { competitionId: string }, roundId: string, who: Person, invitedBy: string, extras: { audit: boolean }) {
    const joinedAt = at();
    await repos.evaluation.createInvitation({
      competitionId: target.competitionId,
      roundId,
      roundKind: 'investor',
      email: who.email,
      tokenHash: hashToken(`${who.sub}-token`),
      invitedBy,
      createdAt: '2030-01-15T09:00:00.000Z',
      expiresAt: '2030-12-31T09:00:00.000Z',
      acceptedBy: who.sub,
      acceptedAt: joinedAt,
    });
    await repos.memberships.grant(target.competitionId, { sub: who.sub, email: who.email, emailVerified: true }, 'investor');
    await repos.evaluation.putReviewer({
      competitionId: target.competitionId,
      roundId,
      sub: who.sub,
      email: who.email,
      name: who.name,
      interests: [pick(random, SECTORS), pick(random, SECTORS)].filter((x, i, all) => all.indexOf(x) === i),
      source: 'invitation',
      active: true,
      joinedAt,
    });
    if (extras.audit)
      await appendAudit({ competitionId: target.competitionId, at: joinedAt, actor: { sub: who.sub, email: who.email }, action: 'reviewer.joined', target: `round:${roundId}`, after: { interests: [] } });
  }

  // ---- entrants ---------------------------------------------------------------------------------
  const entrants: World['entrants'] = [];
  for (let i = 0; i < n; i++) {
    const who = person('sme', i, `sme${i}`);
    const submissionId = await enter(a, who, i, 'submitted', { audit: true });
    entrants.push({ ...who, submissionId });
    if (i % 4 === 0) await readyPitch(repos, competitionId, submissionId, who.sub, at());
    if (i % 5 === 0) await repos.awards.setMeetingOptIn(competitionId, submissionId, true);
    await sink.flush(2_000);
  }
  const drafts: World['drafts'] = [];
  for (let i = 0; i < shape.drafts + shape.withdrawn; i++) {
    const kind = i < shape.drafts ? 'draft' : 'withdrawn';
    const who = person(kind === 'draft' ? 'dft' : 'wdr', i, `${kind}${i}`);
    const submissionId = await enter(a, who, n + i, kind, { audit: true });
    if (kind === 'draft') drafts.push({ ...who, submissionId });
    await sink.flush(2_000);
  }
  log(`  entrants: ${n} submitted, ${shape.drafts} drafts, ${shape.withdrawn} withdrawn (${sink.count} items, ${secondsSince(started)} s)`);

  // ---- investors ----------------------------------------------------------------------------------
  const investors: Person[] = [];
  for (let j = 0; j < shape.investors; j++) {
    const who = person('inv', j, `fund${j}`);
    investors.push(who);
    await join(a, a.investorRoundId, who, organiser.sub, { audit: true });
  }
  // Invited, not accepted yet: the bench accepts these.
  const pendingInvitations: World['pendingInvitations'] = [];
  for (let j = 0; j < 6; j++) {
    const who = person('guest', j, `angels${j}`);
    const token = `${who.sub}-pending-token`;
    await repos.evaluation.createInvitation({
      competitionId,
      roundId: a.investorRoundId,
      roundKind: 'investor',
      email: who.email,
      tokenHash: hashToken(token),
      invitedBy: organiser.sub,
      createdAt: '2030-02-15T09:00:00.000Z',
      expiresAt: '2030-12-31T09:00:00.000Z',
    });
    pendingInvitations.push({ ...who, token });
  }
  await sink.flush();

  // ---- reviews ------------------------------------------------------------------------------------
  const R = investors.length;
  // The first PENDING_REVIEWERS investors keep five assignments each to write (never entrant 0's,
  // which is a match), so the bench can save and submit a score PENDING_REVIEWERS × 5 times.
  const pendingBy = new Map<number, Set<number>>();
  for (let r = 0; r < Math.min(PENDING_REVIEWERS, R); r++) {
    const subs: number[] = [];
    for (let s = 0; s < n && subs.length < PENDING_PER_REVIEWER; s++) if (s !== BENCH_ENTRANT && (s % R === r || (s + Math.floor(R / 2)) % R === r)) subs.push(s);
    pendingBy.set(r, new Set(subs));
  }
  const pendingReviews: World['pendingReviews'] = [];
  const peerRubric = a.peerRubric;
  const investorRubric = a.investorRubric;
  for (let s = 0; s < n; s++) {
    const sid = entrants[s]!.submissionId;
    // Peer: entrant s is reviewed by entrants s-1, s-2, s-3 (never their own; each reviews three).
    for (let d = 1; d <= shape.peer.k && d < n; d++) {
      const reviewer = entrants[(s - d + n) % n]!;
      await repos.evaluation.createAssignment(reviewOf(random, a.peerRoundId, competitionId, sid, reviewer, peerRubric, 5, 'peer', at()));
      if (audit) await appendAudit({ competitionId, at: at(), actor: { sub: reviewer.sub, email: reviewer.email }, action: 'review.submitted', target: `submission:${sid}`, after: { roundId: a.peerRoundId } });
    }
    // Investors: s % R and (s + R/2) % R, ten each.
    for (const r of new Set([s % R, (s + Math.floor(R / 2)) % R])) {
      const investor = investors[r]!;
      const pending = pendingBy.get(r)?.has(s) ?? false;
      const review = reviewOf(random, a.investorRoundId, competitionId, sid, investor, investorRubric, 10, 'investor', at());
      if (r === BENCH_INVESTOR && s === BENCH_ENTRANT) review.meet = true;
      if (pending) {
        pendingReviews.push({ roundId: a.investorRoundId, submissionId: sid, reviewer: investor });
        await repos.evaluation.createAssignment({ ...review, status: 'assigned', scores: {}, comments: {}, overallComment: '', meet: false, privateNote: '', version: 1, submittedAt: undefined });
      } else {
        await repos.evaluation.createAssignment(review);
        if (audit) await appendAudit({ competitionId, at: at(), actor: { sub: investor.sub, email: investor.email }, action: 'review.submitted', target: `submission:${sid}`, after: { roundId: a.investorRoundId } });
      }
    }
    // A few declared conflicts, on pairs not assigned.
    if (s % 100 === 50) {
      const createdAt = at();
      await repos.evaluation.putConflict(competitionId, a.investorRoundId, { submissionId: sid, reviewerSub: investors[(s + 1) % R]!.sub, source: 'declared', reason: 'I advise this company.', createdAt, createdBy: investors[(s + 1) % R]!.sub });
      await repos.evaluation.putConflict(competitionId, a.peerRoundId, { submissionId: sid, reviewerSub: entrants[(s + 7) % n]!.sub, source: 'declared', reason: 'We are partners in a project.', createdAt, createdBy: entrants[(s + 7) % n]!.sub });
    }
    await sink.flush(2_000);
  }
  await sink.flush();
  log(`  reviews: ${n * (shape.peer.k + 2)} (${sink.count} items, ${secondsSince(started)} s)`);

  // ---- the prize plan -------------------------------------------------------------------------------
  // Through the repository: the use case answers with the whole plan view (a ranking of everything).
  await deps.awards.savePlan(competitionId, prizePlanFor(n), [], 0);

  // ---- the copy: same size, no reviews -----------------------------------------------------------------
  let copy: CompetitionWorld = { competitionId: '', peerRoundId: '', investorRoundId: '', entrants: [], investors: [] };
  if (o.copy ?? true) {
    const b = await competitionWithRounds(deps, prefix, shape, 'Green Manufacturing Open Call (assignment copy)');
    copy = { competitionId: b.competitionId, peerRoundId: b.peerRoundId, investorRoundId: b.investorRoundId, entrants: [], investors: [] };
    for (let i = 0; i < n; i++) {
      const who = person('csme', i, `csme${i}`);
      copy.entrants.push({ ...who, submissionId: await enter(b, who, i, 'submitted', { audit: false }) });
      await sink.flush(2_000);
    }
    for (let j = 0; j < shape.investors; j++) {
      const who = person('cinv', j, `cfund${j}`);
      copy.investors.push(who);
      await join(b, b.investorRoundId, who, organiser.sub, { audit: false });
    }
    await sink.flush();
    log(`  copy: ${n} entrants, ${shape.investors} investors (${sink.count} items, ${secondsSince(started)} s)`);
  }

  deps.clock.set(PHASES.open);
  return {
    size: n,
    competitionId,
    peerRoundId: a.peerRoundId,
    investorRoundId: a.investorRoundId,
    entrants,
    investors,
    drafts,
    pendingInvitations,
    pendingReviews,
    questionId: question,
    peerRubric,
    investorRubric,
    copy,
  };
}

const secondsSince = (t: number) => ((Date.now() - t) / 1000).toFixed(0);

/** The competition as its organiser typed it (the PUT body, less the version). */
export function competitionInput(title: string) {
  return {
    title,
    description: 'Funding for SMEs with ideas that cut emissions in manufacturing value chains.',
    kind: 'idea' as const,
    sectors: SECTORS,
    eligibility: { countries: COUNTRIES, smeOnly: true },
    schedule: SCHEDULE,
    rubric: [
      { name: 'Innovation', description: 'How new is it?', weight: 2, scale: { min: 1, max: 5 } },
      { name: 'Impact', description: 'Emissions saved', weight: 1, scale: { min: 1, max: 5 } },
      { name: 'Feasibility', description: 'Can the team deliver?', weight: 1, scale: { min: 1, max: 5 } },
    ],
    questions: [{ label: 'What is your budget?', help: '', required: true, maxLength: 500 }],
    pitch: { required: false, maxDurationSeconds: 180, maxSizeBytes: 1024 ** 3, formats: ['mp4' as const, 'quicktime' as const, 'webm' as const] },
  };
}

/** The rounds as their organiser typed them (the PUT body, less the version). */
export function roundInputs(shape: ReturnType<typeof shapeOf>) {
  return {
    peer: {
      name: 'Peer review',
      kind: 'peer' as const,
      k: shape.peer.k,
      maxLoad: shape.peer.maxLoad,
      blind: true,
      ...ROUND_WINDOW,
      weight: 40,
      requireReviewDuty: false,
      showPeerComments: false,
    },
    investor: {
      name: 'Investors',
      kind: 'investor' as const,
      rubric: [
        { name: 'Investability', description: 'Would you invest?', weight: 2, scale: { min: 1, max: 10 } },
        { name: 'Team', description: 'Can they scale it?', weight: 1, scale: { min: 1, max: 10 } },
      ],
      k: shape.investor.k,
      maxLoad: shape.investor.maxLoad,
      blind: false,
      ...ROUND_WINDOW,
      weight: 60,
      requireReviewDuty: false,
      showPeerComments: true,
    },
  };
}

async function competitionWithRounds(deps: SeedDeps, prefix: string, shape: ReturnType<typeof shapeOf>, title: string) {
  const draft = await createCompetition(deps, organiser, competitionInput(prefix ? `${title} (${prefix})` : title));
  const published = await publishCompetition(deps, organiser, draft.id, draft.version);
  const rounds = roundInputs(shape);
  const peer = await createRound(deps, organiser, draft.id, rounds.peer);
  const investor = await createRound(deps, organiser, draft.id, rounds.investor);
  return {
    competitionId: published.id,
    questionId: draft.questions[0]!.id,
    peerRoundId: peer.id,
    investorRoundId: investor.id,
    peerRubric: peer.rubric.map((c) => c.id),
    investorRubric: investor.rubric.map((c) => c.id),
  };
}

function reviewOf(
  random: () => number,
  roundId: string,
  competitionId: string,
  submissionId: string,
  reviewer: Person,
  rubric: string[],
  max: number,
  kind: Round['kind'],
  at: string,
): Review {
  const scores = Object.fromEntries(rubric.map((c) => [c, 1 + Math.floor(random() * max)]));
  const investor = kind !== 'peer';
  return {
    competitionId,
    roundId,
    submissionId,
    reviewerSub: reviewer.sub,
    reviewerEmail: reviewer.email,
    status: 'submitted',
    origin: 'solver',
    scores,
    comments: Object.fromEntries(rubric.map((c) => [c, textOf(random, investor ? 150 : 220)])),
    overallComment: textOf(random, investor ? 300 : 400),
    meet: investor && random() < 0.1,
    privateNote: investor && random() < 0.2 ? textOf(random, 100) : '',
    assignedAt: '2030-02-01T10:00:00.000Z',
    updatedAt: at,
    submittedAt: at,
    version: 3,
  };
}

/** A verified pitch, as the processor leaves it: the upload's record and the slot pointing at it. */
async function readyPitch(repos: Pick<Ports, 'pitches'>, competitionId: string, submissionId: string, ownerSub: string, at: string) {
  const pitchId = `P${submissionId.slice(0, 20).toUpperCase()}`;
  const objectKey = pitchObjectKey(competitionId, submissionId, pitchId);
  const pitch: Pitch = {
    id: pitchId,
    competitionId,
    submissionId,
    ownerSub,
    objectKey,
    uploadId: `upload-${pitchId}`,
    fileName: 'pitch.mp4',
    contentType: 'video/mp4',
    declaredFormat: 'mp4',
    declaredSize: 48_000_000,
    partSize: 8 * 1024 * 1024,
    partCount: 6,
    parts: Object.fromEntries([1, 2, 3, 4, 5, 6].map((p) => [String(p), `"etag-${p}"`])),
    state: 'ready',
    sizeBytes: 48_000_000,
    format: 'mp4',
    durationSeconds: 170,
    width: 1920,
    height: 1080,
    createdAt: at,
    updatedAt: at,
  };
  const ready: ReadyPitch = { pitchId, objectKey, fileName: pitch.fileName, sizeBytes: 48_000_000, format: 'mp4', durationSeconds: 170, width: 1920, height: 1080, readyAt: at };
  await repos.pitches.create(pitch);
  await repos.pitches.claimSlot(competitionId, submissionId, pitchId);
  await repos.pitches.promote(competitionId, submissionId, ready);
}

const EUR = 100;

/** Three prizes, lump sums for the top 1 %, vouchers for the top 10 %: the budget covers it all. */
export function prizePlanFor(n: number): PrizePlan {
  const lumpSum = { amount: 10_000 * EUR, topN: Math.max(1, Math.round(n / 100)) };
  const vouchers = { amount: 5_000 * EUR, count: Math.max(5, Math.round(n / 10)) };
  const rankPrizes = [
    { rank: 1, amount: 50_000 * EUR, label: 'First prize' },
    { rank: 2, amount: 30_000 * EUR, label: 'Second prize' },
    { rank: 3, amount: 20_000 * EUR, label: 'Third prize' },
  ];
  const totalBudget = 100_000 * EUR + lumpSum.amount * lumpSum.topN + vouchers.amount * vouchers.count;
  return {
    currency: 'EUR',
    totalBudget,
    programmeBudget: totalBudget,
    minSmeShare: 0.75,
    perThirdPartyCap: 60_000 * EUR,
    smeOnly: true,
    rankPrizes,
    lumpSum,
    vouchers,
    categories: [],
    reserveListLength: 10,
  };
}
