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
import { savePrizePlan } from '../use-cases/awards.ts';
import { acceptInvitation, inviteReviewers } from '../use-cases/invitations.ts';
import { createRound, listRounds } from '../use-cases/rounds.ts';
import { publishCompetition } from '../use-cases/publish-competition.ts';
import { listMyCompetitions } from '../use-cases/read-competitions.ts';
import { registerEntrant } from '../use-cases/register-entrant.ts';
import { createSubmission, getSubmission, submissionIdFor, submitSubmission } from '../use-cases/submissions.ts';

export const DEMO_COMPETITION_TITLE = 'Green Manufacturing Idea Challenge';

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

/** Demo times fall on the hour (the next one), as an organiser would set them. */
const onTheHour = (ms: number) => new Date(Math.ceil(ms / 3_600_000) * 3_600_000).toISOString();

export async function seedDemoData(deps: AppDeps, accounts: Identity[]): Promise<{ seeded: boolean }> {
  const organiser = accounts.find((a) => a.email === 'organiser@demo.test');
  if (!organiser) throw new Error('The demo organiser account is missing.');
  const existing = (await listMyCompetitions(deps, organiser)).find((c) => c.title === DEMO_COMPETITION_TITLE);
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
      await registerEntrant(deps, who, competition.id, {
        organisationName: e.organisationName,
        country: e.country,
        registryId: e.registryId,
        smeDeclaration: true,
        team: [{ name: who.name, email: who.email, role: 'CEO' }],
      });
      seeded = true;
    } catch (err) {
      if (!(err instanceof AlreadyExists)) throw err;
    }
    const answers: Record<string, string> = e.submit ? { funding: '€60,000 for a pilot line and certification.', pilot: 'At a partner plant.' } : {};
    let submission;
    try {
      submission = await createSubmission(deps, who, competition.id, { ...e.content, answers });
      seeded = true;
    } catch (err) {
      if (!(err instanceof AlreadyExists)) throw err;
      submission = await getSubmission(deps, who, competition.id, submissionIdFor(competition.id, who.sub));
    }
    if (e.submit && submission.status === 'draft') {
      await submitSubmission(deps, who, competition.id, submission.id, submission.version);
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
  return { seeded };
}
