/**
 * Demo data for the local runtime, written through the real use cases (so it obeys every rule
 * and leaves an audit trail). Idempotent: each step checks what exists, so a restart — or a
 * start that was interrupted half-way — never seeds twice.
 */
import type { AppDeps } from '../app/deps.ts';
import { AlreadyExists } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { DEFAULT_PITCH_POLICY } from '../domain/pitch.ts';
import type { SubmissionContent } from '../domain/submission.ts';
import { createCompetition } from '../use-cases/create-competition.ts';
import { acceptProgrammeInvitation, attachCall, createCall, createProgramme, invitePerson, listMyProgrammes } from '../use-cases/programmes.ts';
import type { ProgrammeRole } from '../domain/programme.ts';
import { savePrizePlan } from '../use-cases/awards.ts';
import { configureAudienceVote } from '../use-cases/audience-vote.ts';
import { putTables } from '../use-cases/expo.ts';
import { acceptInvitation, inviteReviewers } from '../use-cases/invitations.ts';
import { createRound, listRounds } from '../use-cases/rounds.ts';
import { closeCompetitionEarly, publishCompetition } from '../use-cases/publish-competition.ts';
import { listMyCompetitions } from '../use-cases/read-competitions.ts';
import { allPages } from '../use-cases/all-pages.ts';
import { registerEntrant } from '../use-cases/register-entrant.ts';
import { createSubmission, getSubmission, submissionIdFor, submitSubmission } from '../use-cases/submissions.ts';
import { acceptTeamInvitation, inviteTeamMember } from '../use-cases/teams.ts';
import { seatOf } from '../domain/team.ts';
import { PRIVACY_NOTICE } from '../domain/privacy.ts';

export const DEMO_COMPETITION_TITLE = 'Green Manufacturing Idea Challenge';
/** The demo hackathon: twelve teams at an expo, two judges walking it, an audience vote. */
export const DEMO_HACKATHON_TITLE = 'City Climate Hackathon';
/** The demo programme (H1): the Green Manufacturing challenge is its first call, a partner's call its second. */
export const DEMO_PROGRAMME_NAME = 'GreenChain — INNOSUP-1 cluster project';
export const DEMO_SECOND_CALL_TITLE = 'Circular Packaging Voucher Call';

const DAY = 86_400_000;
const EU = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'];

interface DemoEntrant {
  email: string;
  organisationName: string;
  country: string;
  registryId: string;
  submit: boolean;
  content: SubmissionContent;
}

const ENTRANTS: DemoEntrant[] = [
  {
    email: 'sme1@demo.test',
    organisationName: 'Circulair Metals BV',
    country: 'NL',
    registryId: 'NL859123456B01',
    submit: true,
    content: {
      title: 'Closed-loop aluminium swarf recycling',
      summary: 'A compact briquetting and remelting cell that turns machining swarf into certified billet on site.',
      problem: 'Machine shops ship contaminated aluminium swarf to distant smelters and lose up to 40% of its value.',
      solution: 'On-site centrifuge de-oiling, briquetting and induction remelting with inline spectrometry.',
      valueChain: ['recycling', 'metal processing'],
      sectors: ['manufacturing', 'circular economy'],
      answers: {},
    },
  },
  {
    email: 'sme2@demo.test',
    organisationName: 'Heliotherm Systems GmbH',
    country: 'DE',
    registryId: 'DE298765432',
    submit: true,
    content: {
      title: 'Solar process heat for food factories',
      summary: 'Modular concentrating collectors delivering 180 °C steam to food-processing lines.',
      problem: 'Food processors burn gas for low-temperature process heat that the sun could provide.',
      solution: 'Rooftop parabolic-trough modules with thermal storage and a control system that plugs into existing boilers.',
      valueChain: ['energy supply'],
      sectors: ['energy', 'food'],
      answers: {},
    },
  },
  {
    email: 'sme3@demo.test',
    organisationName: 'Fibra Nova Lda',
    country: 'PT',
    registryId: 'PT509876543',
    submit: true,
    content: {
      title: 'Cork-fibre composites for car interiors',
      summary: 'Bio-based composite panels from cork by-products replacing glass-fibre in door panels.',
      problem: 'Interior panels rely on glass fibre and petro-resins that are hard to recycle.',
      solution: 'A cork-fibre mat with a bio-resin, compression-moulded on existing tooling.',
      valueChain: ['materials', 'automotive'],
      sectors: ['manufacturing', 'materials'],
      answers: {},
    },
  },
  {
    email: 'sme4@demo.test',
    organisationName: 'Aqualoop Oy',
    country: 'FI',
    registryId: 'FI27654321',
    submit: false,
    content: {
      title: 'Water reuse for small electroplating shops',
      summary: 'Draft: membrane-based rinse-water recovery sized for shops with fewer than 50 staff.',
      problem: '',
      solution: '',
      valueChain: ['water treatment'],
      sectors: ['manufacturing'],
      answers: {},
    },
  },
];

/** The hackathon's projects, one per team account (team1@demo.test …), at tables 1–12 in this order. */
const HACKATHON_PROJECTS: { title: string; summary: string }[] = [
  { title: 'HeatMap Commons', summary: 'Street-level heat maps from volunteers’ phone sensors, so councils plant shade where it is needed.' },
  { title: 'Bike Lane Pulse', summary: 'Counts cyclists from open camera feeds and flags lanes blocked by parked cars.' },
  { title: 'Leftover Loop', summary: 'Restaurants post surplus meals at closing time; a courier cooperative takes them to shelters.' },
  { title: 'Roof Potential', summary: 'Solar and green-roof potential for every building from open LiDAR, with a one-page report per address.' },
  { title: 'Tram Twin', summary: 'A digital twin of the tram network that predicts crowding and suggests quieter departures.' },
  { title: 'Repair Radar', summary: 'Finds the nearest repair café or shop for a broken appliance and books a slot.' },
  { title: 'Flood Whistle', summary: 'Cheap water-level sensors in storm drains that warn residents before streets flood.' },
  { title: 'Swap Shelf', summary: 'A neighbourhood lending library for tools and kitchen gear, run from shared lockers.' },
  { title: 'Quiet Streets', summary: 'Noise and air-quality sensors on school routes, with a dashboard for parents and the council.' },
  { title: 'Tree Pledge', summary: 'Residents adopt young street trees and log watering; the app tells them when a tree is thirsty.' },
  { title: 'Carbon Receipt', summary: 'Shows the footprint of a grocery receipt and cheaper low-carbon swaps for next time.' },
  { title: 'Commute Pool', summary: 'Matches colleagues living near each other for shared rides, with guaranteed rides home.' },
];

/**
 * The organiser dashboard (H7): the demo's entrants arrive over the week the call has been open —
 * registered, drafted and submitted so many days ago — so its chart has a history. The use cases
 * run with the clock set back by that much (nothing else differs), and count as they go.
 */
const DEMO_DAYS_AGO: Record<string, { register: number; create: number; submit?: number }> = {
  'sme1@demo.test': { register: 6, create: 6, submit: 3 },
  'sme2@demo.test': { register: 5, create: 4, submit: 2 },
  'sme3@demo.test': { register: 4, create: 3, submit: 1 },
  'sme4@demo.test': { register: 2, create: 1 },
};
function daysAgo(deps: AppDeps, days: number | undefined): AppDeps {
  if (!days) return deps;
  const clock = { now: () => new Date(deps.clock.now().getTime() - days * DAY) };
  return new Proxy(deps, { get: (target, key) => (key === 'clock' ? clock : Reflect.get(target, key)) });
}

/** Demo times fall on the hour (the next one), as an organiser would set them. */
const onTheHour = (ms: number) => new Date(Math.ceil(ms / 3_600_000) * 3_600_000).toISOString();

export async function seedDemoData(deps: AppDeps, accounts: Identity[]): Promise<{ seeded: boolean }> {
  const organiser = accounts.find((a) => a.email === 'organiser@demo.test');
  if (!organiser) throw new Error('The demo organiser account is missing.');
  const existing = (await allPages((cursor) => listMyCompetitions(deps, organiser, 200, cursor))).find((c) => c.title === DEMO_COMPETITION_TITLE);
  let seeded = false;

  let competition = existing;
  if (!competition) {
    const now = deps.clock.now().getTime();
    const at = (days: number) => onTheHour(now + days * DAY);
    const draft = await createCompetition(deps, organiser, {
      title: DEMO_COMPETITION_TITLE,
      description:
        'An open call for SMEs with ideas that cut energy, materials or emissions in European manufacturing. ' +
        'Winners receive prizes, lump sums for a pilot, and innovation vouchers.',
      kind: 'idea',
      sectors: ['manufacturing', 'energy', 'circular economy', 'materials'],
      eligibility: { countries: EU, smeOnly: true },
      schedule: {
        timeZone: 'Europe/Brussels',
        submissionsOpen: at(-7),
        submissionsClose: at(45),
        evaluationStart: at(46),
        evaluationEnd: at(60),
        resultsDate: at(67),
      },
      rubric: [
        { name: 'Innovation', description: 'How new is the idea compared with the state of the art?', weight: 3, scale: { min: 1, max: 5 } },
        { name: 'Market potential', description: 'Size and accessibility of the market; business model.', weight: 2, scale: { min: 1, max: 5 } },
        { name: 'Feasibility', description: 'Can the team deliver a pilot within 12 months?', weight: 2, scale: { min: 1, max: 5 } },
        { name: 'Green impact', description: 'Expected savings in energy, materials or emissions.', weight: 3, scale: { min: 1, max: 5 } },
      ],
      questions: [
        { id: 'funding', label: 'How much funding do you need, and for what?', help: 'Amount in euro and the main cost items.', required: true, maxLength: 1000 },
        { id: 'pilot', label: 'Where would you pilot the solution?', help: '', required: false, maxLength: 500 },
      ],
      pitch: { ...DEFAULT_PITCH_POLICY, formats: [...DEFAULT_PITCH_POLICY.formats] },
    });
    competition = await publishCompetition(deps, organiser, draft.id, draft.version);
    seeded = true;
  }

  for (const e of ENTRANTS) {
    const who = accounts.find((a) => a.email === e.email);
    if (!who) continue;
    try {
      await registerEntrant(daysAgo(deps, DEMO_DAYS_AGO[e.email]?.register), who, competition.id, {
        organisationName: e.organisationName,
        country: e.country,
        registryId: e.registryId,
        smeDeclaration: true,
        team: [{ name: who.name, email: who.email, role: 'CEO' }],
        // The demo entrants accept the privacy notice as the register page asks (issue 14).
        privacy: { noticeVersion: PRIVACY_NOTICE.version, purposesVersion: 0 },
      });
      seeded = true;
    } catch (err) {
      if (!(err instanceof AlreadyExists)) throw err;
    }
    const answers: Record<string, string> = e.submit ? { funding: '€60,000 for a pilot line and certification.', pilot: 'At a partner plant.' } : {};
    let submission;
    try {
      submission = await createSubmission(daysAgo(deps, DEMO_DAYS_AGO[e.email]?.create), who, competition.id, { ...e.content, answers });
      seeded = true;
    } catch (err) {
      if (!(err instanceof AlreadyExists)) throw err;
      submission = await getSubmission(deps, who, competition.id, submissionIdFor(competition.id, who.sub));
    }
    if (e.submit && submission.status === 'draft') {
      await submitSubmission(daysAgo(deps, DEMO_DAYS_AGO[e.email]?.submit), who, competition.id, submission.id, submission.version);
      seeded = true;
    }
  }
  // Two evaluation rounds, open now, with both investors in the investor pool. Assignment is
  // left to the organiser (the demo tour runs it).
  const rounds = await listRounds(deps, organiser, competition.id);
  if (rounds.length === 0) {
    const now = deps.clock.now().getTime();
    const at = (days: number) => onTheHour(now + days * DAY);
    await createRound(deps, organiser, competition.id, {
      name: 'Peer review', kind: 'peer', k: 2, maxLoad: 3, blind: true, opensAt: at(-1), closesAt: at(40), weight: 40,
      requireReviewDuty: true, showPeerComments: false,
    });
    const investors = await createRound(deps, organiser, competition.id, {
      name: 'Investor scoring', kind: 'investor', k: 2, maxLoad: 3, blind: false, opensAt: at(-1), closesAt: at(40), weight: 60,
      rubric: [
        { name: 'Investability', description: 'Would you put money into this team?', weight: 2, scale: { min: 1, max: 10 } },
        { name: 'Team', description: 'Can this team execute?', weight: 1, scale: { min: 1, max: 10 } },
      ],
      requireReviewDuty: false, showPeerComments: true,
    });
    const invited = accounts.filter((a) => a.email.startsWith('investor'));
    const links = await inviteReviewers(deps, organiser, competition.id, investors.id, invited.map((a) => a.email));
    for (const [i, link] of links.entries()) {
      const who = invited.find((a) => a.email === link.email)!;
      const token = link.link.split('/').pop()!;
      await acceptInvitation(deps, who, competition.id, token, i === 0 ? ['energy', 'manufacturing'] : ['materials', 'circular economy']);
    }
    seeded = true;
  }
  // A prize plan, so the awards pages have something to work with once reviews are in.
  const ledger = await deps.awards.getLedger(competition.id);
  if (!ledger.plan) {
    await savePrizePlan(deps, organiser, competition.id, {
      plan: {
        currency: 'EUR',
        totalBudget: 20_000_000,
        programmeBudget: 20_000_000,
        minSmeShare: 0.75,
        perThirdPartyCap: 6_000_000,
        smeOnly: true,
        rankPrizes: [
          { rank: 1, amount: 5_000_000, label: '1st prize' },
          { rank: 2, amount: 3_000_000, label: '2nd prize' },
        ],
        // Fewer awards than entries: the third-ranked entry is on the reserve list, so the README's
        // "withdraw one and offer it to the next on the reserve list" works on the demo data.
        lumpSum: { amount: 1_000_000, topN: 1 },
        vouchers: { amount: 500_000, count: 1 },
        categories: [{ id: 'green', name: 'Best green idea', amount: 500_000 }],
        reserveListLength: 2,
      },
      categoryPicks: [],
      version: ledger.version,
    });
    seeded = true;
  }
  if (await seedDemoHackathon(deps, accounts, organiser)) seeded = true;
  if (await seedDemoProgramme(deps, accounts, organiser, competition.id)) seeded = true;
  if (await seedDemoTeam(deps, accounts, competition.id)) seeded = true;
  return { seeded };
}

/**
 * The demo hackathon: published, twelve teams that have submitted (submissions then closed early,
 * as after a hackathon's build phase), an expo round open now with tables 1–12 in two zones and
 * both judges in it. Idempotent like the rest: each step checks what exists.
 */
async function seedDemoHackathon(deps: AppDeps, accounts: Identity[], organiser: Identity): Promise<boolean> {
  const teams = HACKATHON_PROJECTS.map((p, i) => ({ ...p, who: accounts.find((a) => a.email === `team${i + 1}@demo.test`) })).filter(
    (t): t is typeof t & { who: Identity } => t.who !== undefined,
  );
  if (teams.length === 0) return false; // an account list without the hackathon's people
  let seeded = false;
  let competition = (await allPages((cursor) => listMyCompetitions(deps, organiser, 200, cursor))).find((c) => c.title === DEMO_HACKATHON_TITLE);
  if (!competition) {
    const now = deps.clock.now().getTime();
    const at = (days: number) => onTheHour(now + days * DAY);
    const draft = await createCompetition(deps, organiser, {
      title: DEMO_HACKATHON_TITLE,
      description:
        'A weekend hackathon on climate action in cities. Teams build a working prototype, then show it at their table in the expo hall; ' +
        'judges walk the hall and compare projects two at a time, and everyone can vote for the audience award.',
      kind: 'hackathon',
      sectors: ['climate', 'mobility', 'energy', 'circular economy'],
      eligibility: { countries: [], smeOnly: false },
      schedule: { timeZone: 'Europe/Brussels', submissionsOpen: at(-2), submissionsClose: at(1), evaluationStart: at(1), evaluationEnd: at(3), resultsDate: at(4) },
      rubric: [
        { name: 'Impact', description: 'How much could this cut emissions or help a city adapt?', weight: 2, scale: { min: 1, max: 5 } },
        { name: 'Execution', description: 'How far did the team get: does the prototype work?', weight: 2, scale: { min: 1, max: 5 } },
        { name: 'Presentation', description: 'How clearly did the team show and explain it at the table?', weight: 1, scale: { min: 1, max: 5 } },
      ],
      questions: [],
      pitch: { ...DEFAULT_PITCH_POLICY, formats: [...DEFAULT_PITCH_POLICY.formats] },
    });
    competition = await publishCompetition(deps, organiser, draft.id, draft.version);
    seeded = true;
  }
  const cid = competition.id;

  // The teams enter and submit while submissions are open; then the organiser closes them early.
  if (!competition.closedEarlyAt) {
    for (const [i, t] of teams.entries()) {
      try {
        await registerEntrant(deps, t.who, cid, {
          organisationName: `Team ${t.title}`,
          country: EU[i % EU.length]!,
          registryId: `HACK-2026-${String(i + 1).padStart(3, '0')}`,
          smeDeclaration: false,
          team: [{ name: t.who.name, email: t.who.email, role: 'Team lead' }],
          privacy: { noticeVersion: PRIVACY_NOTICE.version, purposesVersion: 0 },
        });
        seeded = true;
      } catch (err) {
        if (!(err instanceof AlreadyExists)) throw err;
      }
      let submission;
      try {
        submission = await createSubmission(deps, t.who, cid, {
          title: t.title,
          summary: t.summary,
          problem: 'Cities need faster, cheaper ways to act on climate.',
          solution: t.summary,
          valueChain: ['software'],
          sectors: ['climate'],
          answers: {},
        });
        seeded = true;
      } catch (err) {
        if (!(err instanceof AlreadyExists)) throw err;
        submission = await getSubmission(deps, t.who, cid, submissionIdFor(cid, t.who.sub));
      }
      if (submission.status === 'draft') {
        await submitSubmission(deps, t.who, cid, submission.id, submission.version);
        seeded = true;
      }
    }
    competition = await closeCompetitionEarly(deps, organiser, cid, (await deps.competitions.get(cid))!.version);
    seeded = true;
  }

  // The expo round, open now: tables 1–12 (two zones), both judges in it (invited and accepted).
  const now = deps.clock.now().getTime();
  const at = (days: number) => onTheHour(now + days * DAY);
  let expo = (await listRounds(deps, organiser, cid)).find((r) => r.kind === 'expo');
  if (!expo) {
    expo = await createRound(deps, organiser, cid, {
      name: 'Expo judging', kind: 'expo', k: 1, maxLoad: 1, blind: false, opensAt: at(-1), closesAt: at(2), weight: 100,
      requireReviewDuty: false, showPeerComments: false, expo: { compareCriteria: false },
    });
    seeded = true;
  }
  if ((await deps.expo.listTables(cid, expo.id)).length === 0) {
    const items = teams.map((t, i) => ({ submissionId: submissionIdFor(cid, t.who.sub), table: String(i + 1), position: i + 1, zone: i < teams.length / 2 ? 'Hall A' : 'Hall B' }));
    await putTables(deps, organiser, cid, expo.id, items);
    seeded = true;
  }
  const judges = accounts.filter((a) => /^judge\d+@demo\.test$/.test(a.email));
  if (judges.length > 0 && (await deps.evaluation.listReviewers(cid, expo.id)).length === 0) {
    const links = await inviteReviewers(deps, organiser, cid, expo.id, judges.map((a) => a.email));
    for (const link of links) await acceptInvitation(deps, judges.find((a) => a.email === link.email)!, cid, link.link.split('/').pop()!, []);
    seeded = true;
  }

  // The audience vote, open now, counts shown live.
  if (!(await deps.audienceVotes.getSettings(cid))) {
    await configureAudienceVote(deps, organiser, cid, { opensAt: at(-1), closesAt: at(2), maxChoices: 3, liveCounts: true });
    seeded = true;
  }
  return seeded;
}

/** GreenChain's people besides its coordinator (organiser@demo.test): who, in which role, for which partner. */
const PROGRAMME_STAFF: { email: string; role: ProgrammeRole; partnerId: string }[] = [
  { email: 'partner@demo.test', role: 'partner-organiser', partnerId: 'pole-sud' },
  { email: 'finance@demo.test', role: 'finance-officer', partnerId: 'greenchain' },
  { email: 'evaluator@demo.test', role: 'evaluation-manager', partnerId: 'cluster-nord' },
  { email: 'observer@demo.test', role: 'observer', partnerId: 'greenchain' },
];

/**
 * The demo programme (H1): GreenChain with its coordinating partner and two partners, a budget of
 * €1,200,000 (the default 75 % SME share and €60,000 cap), the Green Manufacturing challenge
 * attached as call 1, its staff invited and accepted through the real use cases (the mails are
 * in its outbox), and a second call opened and published by the Pôle Sud partner organiser.
 */
async function seedDemoProgramme(deps: AppDeps, accounts: Identity[], organiser: Identity, firstCallId: string): Promise<boolean> {
  let seeded = false;
  let programme = (await listMyProgrammes(deps, organiser)).find((p) => p.name === DEMO_PROGRAMME_NAME);
  if (!programme) {
    programme = await createProgramme(deps, organiser, {
      name: DEMO_PROGRAMME_NAME,
      description: 'An INNOSUP-1 cluster project: three cluster organisations run open calls that fund SMEs greening manufacturing value chains.',
      partners: [
        { id: 'greenchain', name: 'GreenChain Coordination asbl', country: 'BE', contactName: organiser.name, contactEmail: organiser.email },
        { id: 'cluster-nord', name: 'Cluster Nord', country: 'DE', contactName: 'Emre Yilmaz', contactEmail: 'evaluator@demo.test' },
        { id: 'pole-sud', name: 'Pôle Sud', country: 'FR', contactName: 'Camille Laurent', contactEmail: 'partner@demo.test' },
      ],
      coordinatorPartnerId: 'greenchain',
      period: { start: '2026-01-01', end: '2028-12-31' },
      currency: 'EUR',
      totalBudget: 120_000_000, // €1,200,000 in cents
    });
    seeded = true;
  }
  const pid = programme.id;
  if (!(await deps.programmes.listCalls(pid)).some((c) => c.competitionId === firstCallId)) {
    await attachCall(deps, organiser, pid, firstCallId, { partnerId: 'greenchain' });
    seeded = true;
  }
  for (const s of PROGRAMME_STAFF) {
    const who = accounts.find((a) => a.email === s.email);
    if (!who || (await deps.programmes.getMember(pid, who.sub))) continue;
    const sent = await invitePerson(deps, organiser, pid, { email: s.email, role: s.role, partnerId: s.partnerId });
    await acceptProgrammeInvitation(deps, who, pid, sent.link.split('/').pop()!);
    seeded = true;
  }
  const partner = accounts.find((a) => a.email === 'partner@demo.test');
  const calls = await deps.programmes.listCalls(pid);
  if (partner && !calls.some((c) => c.title === DEMO_SECOND_CALL_TITLE)) {
    const now = deps.clock.now().getTime();
    const at = (days: number) => onTheHour(now + days * DAY);
    const draft = await createCall(deps, partner, pid, {
      title: DEMO_SECOND_CALL_TITLE,
      description: 'Vouchers for SMEs in southern France that replace single-use plastic packaging in their supply chains.',
      kind: 'idea',
      sectors: ['packaging', 'circular economy'],
      eligibility: { countries: EU, smeOnly: true },
      schedule: { timeZone: 'Europe/Paris', submissionsOpen: at(-2), submissionsClose: at(50), evaluationStart: at(51), evaluationEnd: at(65), resultsDate: at(72) },
      rubric: [
        { name: 'Circularity', description: 'How much packaging does it avoid or keep in use?', weight: 2, scale: { min: 1, max: 5 } },
        { name: 'Feasibility', description: 'Can the SME deliver within the voucher period?', weight: 1, scale: { min: 1, max: 5 } },
      ],
      questions: [],
      pitch: { ...DEFAULT_PITCH_POLICY, required: false, formats: [...DEFAULT_PITCH_POLICY.formats] },
    });
    await publishCompetition(deps, partner, draft.id, draft.version);
    seeded = true;
  }
  return seeded;
}

/**
 * H4 (teams): teammate@demo.test is an editor of sme1's team in the demo competition, signed in
 * with her own account — invited and accepted through the real use cases (the e-mail is in the
 * competition's outbox). Idempotent: nothing happens once she is in a team there.
 */
async function seedDemoTeam(deps: AppDeps, accounts: Identity[], competitionId: string): Promise<boolean> {
  const owner = accounts.find((a) => a.email === 'sme1@demo.test');
  const mate = accounts.find((a) => a.email === 'teammate@demo.test');
  if (!owner || !mate || seatOf(await deps.memberships.get(competitionId, mate.sub))) return false;
  const { link } = await inviteTeamMember(deps, owner, competitionId, { email: mate.email, role: 'editor' });
  await acceptTeamInvitation(deps, mate, competitionId, link.split('/').pop()!);
  return true;
}
