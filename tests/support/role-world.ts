/**
 * One populated competition for the generated role × route tests (tests/api/role-matrix.test.ts,
 * tests/api/fuzz.test.ts): every kind of caller, every kind of object a path can name, the
 * secrets each caller must never see, and a valid sample request for every operation in the
 * OpenAPI document. An operation without a sample makes both tests fail, so a new route cannot
 * slip past them.
 */
import { openApiDocument } from './contract.ts';
import { readFileSync } from 'node:fs';
import { STAFF_TERM, type Access } from '../../functions/app/access-policy.ts';
import type { Identity } from '../../functions/domain/identity.ts';
import { CAPABILITIES_OF_ROLE, type ProgrammeRole } from '../../functions/domain/programme.ts';
import { competitionInput, openCompetition, people, programmeInput, registrationInput, startHarness, submissionContent, type Harness } from './api-harness.ts';
import { PRIVACY_NOTICE } from '../../functions/domain/privacy.ts';

/** Everyone who calls the API in these tests. */
export const cast = {
  organiser: people.organiser,
  otherOrganiser: people.otherOrganiser,
  /** Entrant; owns the submitted `sub1` with a ready pitch; reviews `sub2` in the blind peer round. */
  owner: { sub: 'sub-oona-zephyrine', email: 'oona@zephyr-mail.example', name: 'Oona Zephyrine', groups: [] },
  /** Second entrant; owns `sub2`; the blind peer reviewer assigned the owner's `sub1`. */
  rival: { sub: 'sub-rick-quokkason', email: 'rick@quokka-mail.example', name: 'Rick Quokkason', groups: [] },
  /** Signed in, registered nowhere. */
  outsider: { sub: 'sub-otto-outsider', email: 'otto@nowhere-in-particular.example', name: 'Otto Outsider', groups: [] },
  /** Accepted an invitation to the (open, not blind) investor round; assigned both submissions. */
  investor: { sub: 'sub-ivy-investor', email: 'ivy@capital-fund.example', name: 'Ivy Investor', groups: [] },
  /** Accepted an invitation to the investor round after the assignment ran: assigned nothing. */
  idleReviewer: { sub: 'sub-ian-idle', email: 'ian@angel-club.example', name: 'Ian Idle', groups: [] },
  /** Accepted an invitation to the expo round; has judged both entries (their walk is over) and keeps a note on the owner's. */
  judge: { sub: 'sub-jade-judge', email: 'jade@hall-judges.example', name: 'Jade Judgewell', groups: [] },
  // Programme staff (issue 13): competition A is a call of programme P; each has a role in P, none a membership in A.
  /** P's coordinator: everything an organiser may do, in every call of P. */
  coordinator: { sub: 'sub-cora-coordinator', email: 'cora@greenchain-coord.example', name: 'Cora Coordinator', groups: [] },
  /** P's evaluation manager: reads A, runs its evaluation (rounds, assignment, moderation), no money. */
  evaluationManager: { sub: 'sub-evan-evaluation', email: 'evan@greenchain-eval.example', name: 'Evan Evalmanager', groups: [] },
  /** P's finance officer: reads A, its prize plan and awards. */
  financeOfficer: { sub: 'sub-fay-finance', email: 'fay@greenchain-finance.example', name: 'Fay Financeofficer', groups: [] },
  /** P's observer: reads A. */
  observer: { sub: 'sub-olga-observer', email: 'olga@greenchain-watch.example', name: 'Olga Observer', groups: [] },
  /** A partner organiser of P who organises P's other call (which they opened), not A: nothing in A. */
  partnerOrganiser: { sub: 'sub-pia-partner', email: 'pia@partner-cluster.example', name: 'Pia Partner', groups: ['organisers'] },
  // H4 (teams): members of the owner's team, signed in with their own accounts.
  /** An editor of the owner's team (accepted the owner's invitation): acts for the team as the owner does, reviews as it. */
  teamEditor: { sub: 'sub-edna-teameditor', email: 'edna@editor-mailbox.example', name: 'Edna Teameditor', groups: [] },
  /** A viewer of the owner's team: reads the team's entry, its pitch and its results; changes nothing. */
  teamViewer: { sub: 'sub-vera-teamviewer', email: 'vera@viewer-mailbox.example', name: 'Vera Teamviewer', groups: [] },
} satisfies Record<string, Identity>;

export type Caller = keyof typeof cast | 'anonymous';
export const CALLERS: Caller[] = [
  'anonymous', 'organiser', 'otherOrganiser', 'owner', 'rival', 'outsider', 'investor', 'idleReviewer', 'judge',
  'coordinator', 'evaluationManager', 'financeOfficer', 'observer', 'partnerOrganiser',
  'teamEditor', 'teamViewer', // H4 (teams)
];
/** Programme P's staff by their role in P (the programme-access block in buildWorld). */
export const PROGRAMME_STAFF = {
  coordinator: 'coordinator',
  evaluationManager: 'evaluation-manager',
  financeOfficer: 'finance-officer',
  observer: 'observer',
  partnerOrganiser: 'partner-organiser',
} as const satisfies Partial<Record<Caller, ProgrammeRole>>;
/** Who sees what A's organisers see: its organiser and every member of P whose role lets them read A. */
export const READERS_OF_A: Caller[] = ['organiser', 'coordinator', 'evaluationManager', 'financeOfficer', 'observer'];

export const ownerOrg = {
  organisationName: 'Zephyr Cargo Secret BV',
  country: 'BE',
  registryId: 'BE0999888777',
  smeDeclaration: true,
  team: [
    { name: 'Xavier Quillfeather', email: 'xavier@zephyr-cargo.example', role: 'CEO' },
    { name: 'Yolanda Brightwater', email: 'yolanda@zephyr-cargo.example', role: 'CTO' },
  ],
};
export const rivalOrg = {
  organisationName: 'Quokka Freight Hidden NV',
  country: 'NL',
  registryId: 'NL777666555B01',
  smeDeclaration: true,
  team: [{ name: 'Wilhelmina Stormcrow', email: 'wilhelmina@quokka-freight.example', role: 'CEO' }],
};
/** The uploaded file's name names the team, as real ones do. */
export const PITCH_FILE = 'zephyr-cargo-team-pitch.mp4';
/** Issue 14: the pitch's captions, whose file name and label name the team (reviewers see neither). */
export const CAPTION_FILE = 'zephyr-cargo-subtitles.srt';
export const CAPTION_LABEL = 'English by Zephyr Cargo';
export const PRIVATE_NOTE = 'Ivy-only note 7f3a: ask about their bank loan';
/** The expo judge's own note on the owner's entry: theirs alone. */
export const EXPO_NOTE = 'Jade-only expo note 4c1d: demo crashed twice';
const EXPO_VOTE_ID = '0b7f6a52-3c1e-4f7a-9d2b-5e8c1a6f4d30';
export const OVERRIDE_REASON = 'Role-matrix test: publishing with rounds still open, on purpose.';

const COMPETITION = { title: 'Role matrix', pitch: { required: false } };
/** H1: the programme competition A is a call of. */
const programmeSample = programmeInput({
  name: 'Role matrix programme',
  description: 'Programme of the role matrix.',
  partners: [
    { id: 'coord', name: 'Matrix Coordination', country: 'BE', contactName: 'Olivia Organiser', contactEmail: 'organiser@demo.test' },
    { id: 'nord', name: 'Matrix Nord', country: 'DE', contactName: 'Nils Nord', contactEmail: 'nils@matrix-nord.example' },
  ],
});
const ownerContent = submissionContent({ title: 'Harbour micro-hubs', summary: 'Containers as hubs.' });
const rivalContent = submissionContent({ title: 'Night-time river freight', summary: 'Barges after dark.' });
const peerRoundInput = { name: 'Peer review', kind: 'peer', k: 1, maxLoad: 1, blind: true, opensAt: '2026-11-30T09:00', closesAt: '2026-12-20T18:00', weight: 50, impartial: { k: 1 } };
const investorRoundInput = {
  name: 'Investors',
  kind: 'investor',
  rubric: [{ name: 'Investability', weight: 1, scale: { min: 1, max: 10 } }],
  k: 1,
  maxLoad: 2,
  blind: false,
  opensAt: '2026-11-30T09:00',
  closesAt: '2026-12-20T18:00',
  weight: 50,
};
const expoRoundInput = { name: 'Expo', kind: 'expo', k: 1, maxLoad: 1, blind: false, opensAt: '2026-11-30T09:00', closesAt: '2026-12-20T18:00', weight: 10 };
export const audienceVoteInput = { opensAt: '2026-11-30T09:00', closesAt: '2026-12-20T18:00', maxChoices: 3, liveCounts: true };
export const prizePlan = {
  currency: 'EUR',
  totalBudget: 1_000_000,
  perThirdPartyCap: 600_000,
  rankPrizes: [{ rank: 1, amount: 300_000, label: 'First prize' }],
  vouchers: { amount: 100_000, count: 5 },
};

/** A secret, and who may see it. Everyone else must never find it in a body or a header. */
export interface Secret {
  label: string;
  value: string;
  seenBy: Caller[];
  /** Whose secret it is: the owner's identifies the team the blind peer reviewer reviews. */
  about: 'owner' | 'rival' | 'investor' | 'judge';
}

function secretsOf(): Secret[] {
  const ownerSide: Caller[] = [...READERS_OF_A, 'owner', 'teamEditor', 'teamViewer']; // H4: the owner's team members see what the team sees
  const rivalSide: Caller[] = [...READERS_OF_A, 'rival'];
  const owner = (label: string, value: string, seenBy = ownerSide): Secret => ({ label, value, seenBy, about: 'owner' });
  const rival = (label: string, value: string, seenBy = rivalSide): Secret => ({ label, value, seenBy, about: 'rival' });
  const investor = (label: string, value: string, seenBy: Caller[]): Secret => ({ label, value, seenBy, about: 'investor' });
  return [
    // The investor round is not blind: its reviewers see the organisation's name, nothing more.
    owner("owner's organisation name", ownerOrg.organisationName, [...ownerSide, 'investor']),
    owner("owner's registry id", ownerOrg.registryId),
    ...ownerOrg.team.flatMap((m) => [
      owner(`owner's team member name ${m.name}`, m.name),
      owner(`owner's team member e-mail ${m.email}`, m.email),
    ]),
    owner("owner's e-mail", cast.owner.email),
    // H4 (teams): who the team's members are is the team's (and its organisers') business.
    ...(['teamEditor', 'teamViewer'] as const).flatMap((k) => [owner(`team member ${k}'s e-mail`, cast[k].email), owner(`team member ${k}'s name`, cast[k].name)]),
    owner("owner's name", cast.owner.name),
    owner("owner's account id", cast.owner.sub),
    owner('uploaded pitch file name', PITCH_FILE),
    owner('caption file name', CAPTION_FILE),
    owner('caption label', CAPTION_LABEL),
    rival("rival's organisation name", rivalOrg.organisationName, [...rivalSide, 'investor']),
    rival("rival's registry id", rivalOrg.registryId),
    ...rivalOrg.team.flatMap((m) => [
      rival(`rival's team member name ${m.name}`, m.name),
      rival(`rival's team member e-mail ${m.email}`, m.email),
    ]),
    rival("rival's e-mail", cast.rival.email),
    rival("rival's name", cast.rival.name),
    rival("rival's account id", cast.rival.sub),
    investor("investor's private note", PRIVATE_NOTE, ['investor']),
    // Reviewers stay anonymous to the teams they review (and to everyone but the organisers).
    investor("investor's e-mail", cast.investor.email, [...READERS_OF_A, 'investor']),
    investor("investor's name", cast.investor.name, [...READERS_OF_A, 'investor']),
    // An expo judge's notes are theirs alone; who they are, the organisers' and theirs.
    { label: "expo judge's note", value: EXPO_NOTE, seenBy: ['judge'], about: 'judge' },
    { label: "expo judge's e-mail", value: cast.judge.email, seenBy: [...READERS_OF_A, 'judge'], about: 'judge' },
    { label: "expo judge's name", value: cast.judge.name, seenBy: [...READERS_OF_A, 'judge'], about: 'judge' },
  ];
}

export type Params = Record<string, string>;

export interface World {
  h: Harness;
  cid: string;
  otherCid: string;
  /** H2: P's second call, opened by its partner organiser (A is the first; `otherCid` is in no programme). */
  partnerCid: string;
  sub1: string;
  sub2: string;
  peerRound: string;
  investorRound: string;
  /** The expo round: both entries at tables, the judge's walk done. */
  expoRound: string;
  /** The judge's one vote (sent again, it is a replay: counted once, nothing changes). */
  expoVote: { voteId: string; previousId: string; currentId: string; winner: string };
  pitchId: string;
  /** The idle reviewer's invitation token (accepted). */
  idleToken: string;
  /** `${roundId}/${submissionId}` → who is assigned to it. */
  assigned: Map<string, Caller[]>;
  secrets: Secret[];
  call(caller: Caller, method: string, path: string, body?: unknown, headers?: Record<string, string>): ReturnType<Harness['call']>;
  /** The owner's first notification once there is one (results announced), else a made-up id. */
  notificationId: string;
  /** Whether the results are published yet (publishResultsAndFeedback). */
  published: boolean;
  /** A finished export of the submissions (the organiser's), for the job routes. */
  exportJobId: string;
  /** A finished assignment preview of the peer round, for `GET …/assignment/preview/{jobId}`. */
  previewJobId: string;
  // H1 (programmes): programme P, coordinated by the organiser; competition A is one of its calls.
  programmeId: string;
  /** A pending invitation into P (as observer) for the idle reviewer: its link's token and its id. */
  programmeToken: string;
  programmeInvitationId: string;
  /** A pending invitation to co-organise A for the idle reviewer. */
  organiserToken: string;
  organiserInvitationId: string;
  /** H4 (teams): the team viewer's accepted invitation (its link's token), and a pending invitation of the owner's team. */
  teamToken: string;
  teamInvitationId: string;
  /** H3 (programme ledger): a finished export job of programme P. */
  programmeJobId: string;
}

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/video/${name}`, import.meta.url)));

function expectStatus(r: { status: number; text: string }, status: number, what: string) {
  if (r.status !== status) throw new Error(`world set-up: ${what} answered ${r.status}: ${r.text}`);
}

export async function buildWorld(): Promise<World> {
  const h = await startHarness('2026-12-01T10:00:00Z');
  const bearer = new Map<Caller, string>();
  for (const [name, who] of Object.entries(cast)) bearer.set(name as Caller, `Bearer ${await h.token(who, { email_verified: true })}`);
  const call: World['call'] = (caller, method, path, body, headers = {}) => {
    const auth = bearer.get(caller);
    return h.call(method, path, undefined, body, auth ? { ...headers, authorization: auth } : headers);
  };

  const competition = await openCompetition(h, COMPETITION);
  const cid = competition.id as string;
  const base = `/api/competitions/${cid}`;
  const other = await h.call('POST', '/api/competitions', people.otherOrganiser, competitionInput({ title: 'Somebody else’s call' }));
  expectStatus(other, 201, 'second competition');
  expectStatus(await call('otherOrganiser', 'POST', `/api/competitions/${other.json.id}/publish`, { version: other.json.version }), 200, 'publish second competition');
  // The second competition has an audience vote, open, with live counts (its reads are served to everyone).
  expectStatus(await call('otherOrganiser', 'PUT', `/api/competitions/${other.json.id}/audience-vote`, audienceVoteInput), 200, 'audience vote');

  // Issue 14 §2: registering accepts the privacy notice (A adds no purposes: version 0).
  const privacy = { noticeVersion: PRIVACY_NOTICE.version, purposesVersion: 0 };
  expectStatus(await call('owner', 'POST', `${base}/registration`, { ...ownerOrg, privacy }), 201, 'owner registers');
  expectStatus(await call('rival', 'POST', `${base}/registration`, { ...rivalOrg, privacy }), 201, 'rival registers');
  const s1 = await call('owner', 'POST', `${base}/submissions`, ownerContent);
  expectStatus(s1, 201, 'owner submission');
  const s2 = await call('rival', 'POST', `${base}/submissions`, rivalContent);
  expectStatus(s2, 201, 'rival submission');
  const sub1 = s1.json.id as string;
  const sub2 = s2.json.id as string;

  // The owner's pitch: one part straight to S3, verified by the real processor.
  const clip = fixture('faststart.mp4');
  const up = await call('owner', 'POST', `${base}/submissions/${sub1}/pitch/uploads`, { fileName: PITCH_FILE, sizeBytes: clip.length, contentType: 'video/mp4' });
  expectStatus(up, 201, 'pitch upload');
  const put = await fetch(up.json.pendingParts[0].url, { method: 'PUT', body: clip });
  if (!put.ok) throw new Error(`world set-up: S3 part upload answered ${put.status}`);
  expectStatus(await call('owner', 'PUT', `${base}/submissions/${sub1}/pitch/uploads/${up.json.id}/parts/1`, { etag: put.headers.get('etag') }), 204, 'pitch part');
  expectStatus(await call('owner', 'POST', `${base}/submissions/${sub1}/pitch/uploads/${up.json.id}/complete`), 200, 'pitch complete');
  await h.settle();
  const pitch = await call('owner', 'GET', `${base}/submissions/${sub1}/pitch`);
  if (pitch.json?.current?.fileName !== PITCH_FILE) throw new Error(`world set-up: the pitch is not ready: ${pitch.text}`);
  // Its captions (issue 14): an SRT file, converted to WebVTT on the server.
  const srt = '1\n00:00:00,500 --> 00:00:02,500\nWe move freight by sail.\n';
  const cap = await call('owner', 'POST', `${base}/submissions/${sub1}/pitch/captions/uploads`, { sizeBytes: srt.length });
  expectStatus(cap, 201, 'caption upload');
  const capPut = await fetch(cap.json.url, { method: 'PUT', body: srt });
  if (!capPut.ok) throw new Error(`world set-up: S3 caption upload answered ${capPut.status}`);
  expectStatus(
    await call('owner', 'POST', `${base}/submissions/${sub1}/pitch/captions/uploads/${cap.json.uploadId}/complete`, { language: 'en', label: CAPTION_LABEL, fileName: CAPTION_FILE }),
    200,
    'caption complete',
  );

  expectStatus(await call('owner', 'POST', `${base}/submissions/${sub1}/submit`, { version: 1 }), 200, 'owner submits');
  expectStatus(await call('rival', 'POST', `${base}/submissions/${sub2}/submit`, { version: 1 }), 200, 'rival submits');

  const peer = await call('organiser', 'POST', `${base}/rounds`, peerRoundInput);
  expectStatus(peer, 201, 'peer round');
  const inv = await call('organiser', 'POST', `${base}/rounds`, investorRoundInput);
  expectStatus(inv, 201, 'investor round');
  const peerRound = peer.json.id as string;
  const investorRound = inv.json.id as string;

  const invited = await call('organiser', 'POST', `${base}/rounds/${investorRound}/invitations`, { emails: [cast.investor.email, cast.idleReviewer.email] });
  expectStatus(invited, 201, 'invitations');
  const tokenFor = (email: string) => (invited.json.items as { email: string; link: string }[]).find((i) => i.email === email)!.link.split('/').pop()!;
  const investorToken = tokenFor(cast.investor.email);
  const idleToken = tokenFor(cast.idleReviewer.email);
  expectStatus(await call('investor', 'POST', `/api/invitations/${cid}/${investorToken}/accept`, { interests: ['logistics'] }), 200, 'investor accepts');

  // Assignments run as jobs (202): wait for them before reading what they assigned.
  expectStatus(await call('organiser', 'POST', `${base}/rounds/${peerRound}/assignment`), 202, 'peer assignment');
  expectStatus(await call('organiser', 'POST', `${base}/rounds/${investorRound}/assignment`), 202, 'investor assignment');
  await h.jobsSettled();
  // Joins after the assignment ran, so is assigned nothing.
  expectStatus(await call('idleReviewer', 'POST', `/api/invitations/${cid}/${idleToken}/accept`, { interests: [] }), 200, 'idle reviewer accepts');

  const assigned = new Map<string, Caller[]>();
  for (const round of [peerRound, investorRound]) {
    const all = await call('organiser', 'GET', `${base}/rounds/${round}/reviews`);
    for (const r of all.json.items as { submissionId: string; reviewerSub: string }[]) {
      const who = (Object.entries(cast).find(([, c]) => c.sub === r.reviewerSub)?.[0] ?? r.reviewerSub) as Caller;
      assigned.set(`${round}/${r.submissionId}`, [...(assigned.get(`${round}/${r.submissionId}`) ?? []), who]);
    }
  }
  const expected: [string, Caller][] = [
    [`${peerRound}/${sub1}`, 'rival'],
    [`${peerRound}/${sub2}`, 'owner'],
    [`${investorRound}/${sub1}`, 'investor'],
    [`${investorRound}/${sub2}`, 'investor'],
  ];
  for (const [k, who] of expected)
    if (assigned.get(k)?.join() !== who) throw new Error(`world set-up: expected ${who} alone on ${k}, got ${JSON.stringify([...assigned])}`);

  // The expo round: both entries numbered at tables; the judge walks to both, votes once, and is done.
  const expo = await call('organiser', 'POST', `${base}/rounds`, expoRoundInput);
  expectStatus(expo, 201, 'expo round');
  const expoRound = expo.json.id as string;
  const hall = `${base}/rounds/${expoRound}/expo`;
  expectStatus(await call('organiser', 'POST', `${hall}/tables/auto`), 200, 'expo tables');
  const judgeInvited = await call('organiser', 'POST', `${base}/rounds/${expoRound}/invitations`, { emails: [cast.judge.email] });
  expectStatus(judgeInvited, 201, 'judge invitation');
  const judgeToken = (judgeInvited.json.items as { link: string }[])[0]!.link.split('/').pop()!;
  expectStatus(await call('judge', 'POST', `/api/invitations/${cid}/${judgeToken}/accept`, { interests: [] }), 200, 'judge accepts');
  expectStatus(await call('judge', 'POST', `${hall}/judge/next`), 200, 'judge: first table');
  const atSecond = await call('judge', 'POST', `${hall}/judge/next`);
  expectStatus(atSecond, 200, 'judge: second table');
  const expoVote = { voteId: EXPO_VOTE_ID, previousId: atSecond.json.previous?.submissionId as string, currentId: atSecond.json.current?.submissionId as string, winner: atSecond.json.current?.submissionId as string };
  expectStatus(await call('judge', 'POST', `${hall}/votes`, expoVote), 201, 'judge votes');
  const done = await call('judge', 'POST', `${hall}/judge/next`);
  expectStatus(done, 200, 'judge: done');
  if (done.json.done !== true) throw new Error(`world set-up: the judge should be done: ${done.text}`);
  expectStatus(await call('judge', 'PUT', `${hall}/notes/${sub1}`, { text: EXPO_NOTE }), 200, 'judge note');

  // Reviews: the rival's peer review and the investor's are submitted; the owner's stays a draft.
  const scores = (rubric: { id: string }[], v: number) => Object.fromEntries(rubric.map((c) => [c.id, v]));
  const review = async (who: Caller, round: string, rubric: { id: string }[], sid: string, body: Record<string, unknown>, submit: boolean) => {
    const saved = await call(who, 'PUT', `${base}/rounds/${round}/reviews/${sid}`, { scores: scores(rubric, 4), overallComment: 'Solid plan.', version: 1, ...body });
    expectStatus(saved, 200, `${who} saves a review`);
    if (submit) expectStatus(await call(who, 'POST', `${base}/rounds/${round}/reviews/${sid}/submit`, { version: saved.json.version }), 200, `${who} submits a review`);
  };
  await review('rival', peerRound, peer.json.rubric, sub1, {}, true);
  await review('owner', peerRound, peer.json.rubric, sub2, { overallComment: 'Draft thoughts.' }, false);
  await review('investor', investorRound, inv.json.rubric, sub1, { privateNote: PRIVATE_NOTE }, true);
  await review('investor', investorRound, inv.json.rubric, sub2, {}, true);

  expectStatus(await call('organiser', 'PUT', `${base}/prize-plan`, { plan: prizePlan, version: 0 }), 200, 'prize plan');

  const exported = await call('organiser', 'POST', `${base}/exports`, { file: 'submissions.csv' });
  expectStatus(exported, 202, 'export');
  const previewed = await call('organiser', 'POST', `${base}/rounds/${peerRound}/assignment/preview`);
  expectStatus(previewed, 202, 'assignment preview');
  await h.jobsSettled();

  // H1 (programmes): the organiser creates programme P (becoming its coordinator) and makes A a call of it;
  // one invitation into P and one to co-organise A wait for the idle reviewer.
  const programme = await call('organiser', 'POST', '/api/programmes', programmeSample);
  expectStatus(programme, 201, 'programme');
  const programmeId = programme.json.id as string;
  expectStatus(await call('organiser', 'PUT', `/api/programmes/${programmeId}/calls/${cid}`, { partnerId: 'coord' }), 200, 'A becomes a call of P');
  const programmeInvited = await call('organiser', 'POST', `/api/programmes/${programmeId}/invitations`, { email: cast.idleReviewer.email, role: 'observer' });
  expectStatus(programmeInvited, 201, 'programme invitation');
  const organiserInvited = await call('organiser', 'POST', `${base}/organiser-invitations`, { email: cast.idleReviewer.email });
  expectStatus(organiserInvited, 201, 'co-organiser invitation');
  // H2 (programme staff): P's staff, each in one role, and P's second call, the partner organiser's.
  const partnerCid = await seedProgrammeStaff(h, call, programmeId);
  // H3 (programme ledger): a finished export of P's calls, for `GET …/programmes/{id}/jobs/{jobId}`.
  const programmeExport = await call('organiser', 'POST', `/api/programmes/${programmeId}/exports`, { file: 'calls.csv' });
  expectStatus(programmeExport, 202, 'programme export');
  await h.jobsSettled();

  // H4 (teams): the owner invites an editor and a viewer, who join with their own accounts; one invitation stays pending.
  const teamInvite = async (email: string, role: 'editor' | 'viewer') => {
    const r = await call('owner', 'POST', `${base}/team/invitations`, { email, role });
    expectStatus(r, 201, `team invitation (${role})`);
    return { id: r.json.invitation.id as string, token: (r.json.link as string).split('/').pop()! };
  };
  const editorInvite = await teamInvite(cast.teamEditor.email, 'editor');
  const viewerInvite = await teamInvite(cast.teamViewer.email, 'viewer');
  const pendingInvite = await teamInvite('pending-member@zephyr-cargo.example', 'viewer');
  expectStatus(await call('teamEditor', 'POST', `/api/team-invitations/${cid}/${editorInvite.token}/accept`), 200, 'team editor joins');
  expectStatus(await call('teamViewer', 'POST', `/api/team-invitations/${cid}/${viewerInvite.token}/accept`), 200, 'team viewer joins');
  // The editor reviews as the team: wherever the owner is assigned in the peer round, so are they.
  for (const [k, who] of assigned) if (k.startsWith(`${peerRound}/`) && who.includes('owner')) who.push('teamEditor');

  return {
    h,
    cid,
    otherCid: other.json.id,
    partnerCid,
    sub1,
    sub2,
    peerRound,
    investorRound,
    expoRound,
    expoVote,
    pitchId: up.json.id,
    idleToken,
    assigned,
    secrets: secretsOf(),
    call,
    notificationId: 'N0000000000000000000000000',
    published: false,
    exportJobId: exported.json.id,
    previewJobId: previewed.json.id,
    programmeId,
    programmeToken: (programmeInvited.json.link as string).split('/').pop()!,
    programmeInvitationId: programmeInvited.json.id,
    organiserToken: (organiserInvited.json.link as string).split('/').pop()!,
    organiserInvitationId: organiserInvited.json.id,
    teamToken: viewerInvite.token,
    teamInvitationId: pendingInvite.id,
    programmeJobId: programmeExport.json.id,
  };
}

/**
 * Programme staff (issue 13, H2): every member of PROGRAMME_STAFF gets their role in programme P
 * (through the ports: accepting programme invitations is tested elsewhere), and the partner
 * organiser opens P's second call through the API, joined to P like A. Returns that call's id.
 */
async function seedProgrammeStaff(h: Harness, call: World['call'], programmeId: string): Promise<string> {
  const ports = h.deps;
  const at = h.clock.now().toISOString();
  for (const [who, role] of Object.entries(PROGRAMME_STAFF)) {
    const id = cast[who as keyof typeof PROGRAMME_STAFF];
    await ports.programmes.putMember({ programmeId, userSub: id.sub, userEmail: id.email, role, partnerId: role === 'partner-organiser' ? 'nord' : 'coord', addedAt: at, addedBy: cast.organiser.sub });
  }
  const second = await call('partnerOrganiser', 'POST', '/api/competitions', competitionInput({ title: 'Second call of the programme' }));
  expectStatus(second, 201, "the partner organiser's call");
  const partnerCid = second.json.id as string;
  const c = (await ports.competitions.get(partnerCid))!;
  await ports.competitions.update({ ...c, programmeId, version: c.version + 1 }, c.version);
  await ports.programmes.addCall(programmeId, { competitionId: partnerCid, title: c.title, partnerId: 'nord', addedAt: at });
  return partnerCid;
}

/** Publishes the results now — with the written override the guard rails ask for while rounds are open — and releases feedback. */
export async function publishResultsAndFeedback(w: World) {
  const base = `/api/competitions/${w.cid}`;
  const version = async () => (await w.call('organiser', 'GET', base)).json.version as number;
  const published = await w.call('organiser', 'POST', `${base}/results/publish`, { version: await version(), when: 'now', override: { reason: OVERRIDE_REASON } });
  expectStatus(published, 202, 'publish results');
  await w.h.jobsSettled(); // the publication job stores the results
  w.published = true;
  expectStatus(await w.call('organiser', 'POST', `${base}/feedback/release`, { version: await version() }), 200, 'release feedback');
  await w.h.jobsSettled(); // the entrants are notified by jobs
  const inbox = await w.call('owner', 'GET', '/api/me/notifications');
  const first = (inbox.json.items as { id: string }[])[0];
  if (first) w.notificationId = first.id;
}

// ——— Operations ———

export interface Operation {
  key: string;
  method: string;
  path: string;
  access: Access[];
  hasBody: boolean;
  queryParams: string[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Every operation in the OpenAPI document (what `npm run generate` writes), with its `x-access` (empty when missing). */
export async function operationsOf(_w: World): Promise<Operation[]> {
  const doc = openApiDocument;
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, any>>))
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      operations.push({
        key: `${m.toUpperCase()} ${path}`,
        method: m.toUpperCase(),
        path,
        access: Array.isArray(op['x-access']) ? op['x-access'] : [],
        hasBody: Boolean(op.requestBody),
        queryParams: ((op.parameters ?? []) as { in: string; name: string }[]).filter((p) => p.in === 'query').map((p) => p.name),
      });
    }
  return operations;
}

export function fillPath(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`no value for path parameter ${name} in ${template}`);
    return encodeURIComponent(v);
  });
}

export function defaultParams(w: World): Params {
  return {
    competitionId: w.cid,
    submissionId: w.sub1,
    roundId: w.peerRound,
    uploadId: w.pitchId,
    partNumber: '1',
    language: 'de',
    questionId: 'deck',
    token: w.idleToken,
    awardKey: `voucher:${w.sub2}`,
    reviewerSub: cast.rival.sub,
    notificationId: w.notificationId,
    jobId: w.exportJobId,
    programmeId: w.programmeId,
    userSub: cast.organiser.sub,
  };
}

/** The parameters `template` names, from `params`. */
export function pathParams(template: string, params: Params): Params {
  return Object.fromEntries([...template.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, params[name!]!]));
}

/** The roles `caller` holds for a request to a path with `params` (only the path's own). */
export function rolesOf(w: World, caller: Caller, params: Params): Set<Access> {
  const roles = new Set<Access>(['public', 'invitation-link']);
  if (caller === 'anonymous') return roles;
  roles.add('signed-in');
  if ((cast[caller] as Identity).groups.includes('organisers')) roles.add('organisers-group');
  const inA = params.competitionId === w.cid;
  if ((inA && caller === 'organiser') || (params.competitionId === w.otherCid && caller === 'otherOrganiser')) roles.add('organiser');
  // Programme staff: A is a call of P; the partner organiser organises P's other call only.
  const role = (PROGRAMME_STAFF as Partial<Record<Caller, ProgrammeRole>>)[caller];
  if (role && inA) for (const term of staffTermsOf(role)) roles.add(term);
  // A caller-wide list (no competition or programme in the path: the local outbox's "all" view)
  // reaches the calls of the programmes whose role reads them (use-cases/outbox.ts).
  if (role && params.competitionId === undefined && params.programmeId === undefined) for (const term of staffTermsOf(role)) roles.add(term);
  if (params.competitionId === w.partnerCid && caller === 'partnerOrganiser') roles.add('organiser');
  if (role && params.programmeId === w.programmeId) {
    roles.add('programme-member');
    if (role === 'coordinator') roles.add('programme-coordinator');
    if (role === 'partner-organiser') roles.add('programme-partner-organiser');
  }
  if (inA && (caller === 'owner' || caller === 'rival')) roles.add('entrant');
  const sid = params.submissionId;
  if (inA && ((sid === w.sub1 && caller === 'owner') || (sid === w.sub2 && caller === 'rival'))) roles.add('submission-owner');
  // H4 (teams): the owner's editor acts for the team (as its owner does), its viewer reads; both are its members.
  if (inA && (caller === 'teamEditor' || caller === 'teamViewer') && (sid === undefined || sid === w.sub1)) {
    roles.add('team-member');
    if (caller === 'teamEditor' && sid === w.sub1) roles.add('submission-owner');
  }
  if (inA && params.token === w.teamToken && caller === 'teamViewer') roles.add('invitee');
  if (inA && sid) {
    const rounds = params.roundId ? [params.roundId] : [w.peerRound, w.investorRound];
    if (rounds.some((r) => w.assigned.get(`${r}/${sid}`)?.includes(caller))) roles.add('assigned-reviewer');
  }
  if (inA && params.token === w.idleToken && caller === 'idleReviewer') roles.add('invitee');
  if (inA && params.roundId === w.expoRound && caller === 'judge') roles.add('expo-judge');
  // H1 (programmes): the organiser coordinates P; the idle reviewer holds P's and A's pending invitations.
  if (params.programmeId === w.programmeId && caller === 'organiser') roles.add('programme-coordinator').add('programme-member');
  if (role === 'partner-organiser' && params.programmeId === w.programmeId) roles.add('programme-partner-organiser');
  if (caller === 'idleReviewer' && ((params.programmeId === w.programmeId && params.token === w.programmeToken) || (inA && params.token === w.organiserToken))) roles.add('invitee');
  return roles;
}

/** The x-access terms a programme role brings to a call of the programme (the same rule as use-cases/access.ts). */
function staffTermsOf(role: ProgrammeRole): Access[] {
  // `manage` is the organisers' (the coordinators count as organisers); the others have a term each.
  return CAPABILITIES_OF_ROLE[role].map((can) => STAFF_TERM[can] ?? 'organiser');
}

export function isInside(w: World, op: Operation, caller: Caller, params: Params): boolean {
  const roles = rolesOf(w, caller, params);
  return op.access.some((a) => roles.has(a));
}

// ——— Samples: a valid request for every operation ———

export interface SampleContext {
  w: World;
  caller: Caller;
  params: Params;
}

export interface Sample {
  /** Path parameter sets to try (each on top of the defaults); one set when omitted. */
  variants?: (w: World) => Params[];
  query?: Record<string, string>;
  /** A valid body for this caller and these parameters (fresh versions read through the API). */
  body?: (ctx: SampleContext) => Promise<unknown> | unknown;
  /**
   * Writes are run by callers inside the access list only where they change nothing (a
   * duplicate, an idempotent repeat, a refusal), so the world stays as built.
   */
  harmless?: (ctx: SampleContext) => boolean;
  /** Refusals other than 403/404 that a signed-in caller outside the list may get, and why. */
  alsoRefusedWith?: (w: World) => number[];
}

const versionOf = async (w: World, caller: Caller, path: string) => {
  const r = await w.call(caller, 'GET', path);
  if (r.status !== 200) throw new Error(`reading the version at ${path} as ${caller}: ${r.status} ${r.text}`);
  return r.json.version as number;
};
const compVersion = (w: World) => versionOf(w, 'organiser', `/api/competitions/${w.cid}`);
/** The owning team's current version: callers outside the list send it too, so only access can refuse them. */
const ownSubmissionVersion = ({ w, params }: SampleContext) =>
  versionOf(w, params.submissionId === w.sub2 ? 'rival' : 'owner', `/api/competitions/${w.cid}/submissions/${params.submissionId}`);
/** The assigned reviewer's current review (content and version), whoever sends it. */
const assignedReview = async ({ w, params }: SampleContext): Promise<Record<string, unknown> & { version: number }> => {
  const reviewer = w.assigned.get(`${params.roundId}/${params.submissionId}`)?.[0];
  if (!reviewer) return { version: 1 };
  const r = await w.call(reviewer, 'GET', `/api/competitions/${w.cid}/rounds/${params.roundId}/reviews/${params.submissionId}`);
  // Gone (a conflict was declared, say): any version will do, the request is refused anyway.
  return r.status === 200 ? r.json.review : { version: 1 };
};
/** Reads that mean the same in any competition: tried in the other organiser's too. */
const bothCompetitions = (w: World): Params[] => [{}, { competitionId: w.otherCid }];
/** Reads of a submission: the owner's, and the rival's (whose own answers must not name the owner either). */
const bothSubmissions = (w: World): Params[] => [{ submissionId: w.sub1 }, { submissionId: w.sub2 }];
const reviewVariants = (w: World) => [
  { roundId: w.peerRound, submissionId: w.sub1 },
  { roundId: w.peerRound, submissionId: w.sub2 },
  { roundId: w.investorRound, submissionId: w.sub1 },
];
const peerRoundBody = { ...peerRoundInput };
const expoRoundOnly = (w: World): Params[] => [{ roundId: w.expoRound }];
/** Whether the caller may run A's evaluation (its organisers, P's coordinator and evaluation manager): their writes would change the world. */
const mayEvaluate = ({ w, caller, params }: SampleContext) => {
  const roles = rolesOf(w, caller, params);
  return roles.has('organiser') || roles.has('evaluation-staff');
};

const c = '/api/competitions/{competitionId}';
const s = `${c}/submissions/{submissionId}`;
const r = `${c}/rounds/{roundId}`;
const pr = '/api/programmes/{programmeId}';

export const samples: Record<string, Sample> = {
  'GET /api/health': {},
  'GET /api/me': {},
  'PUT /api/me/settings': { body: () => ({ language: 'en' }), harmless: () => true /* the language every caller already has: changes nothing */ },
  'GET /api/me/competitions': {},
  'GET /api/me/submissions': {},
  'GET /api/competitions': { query: { limit: '5' } },
  'POST /api/competitions': { body: () => competitionInput({ title: 'Another call' }) },
  [`GET ${c}`]: { variants: bothCompetitions },
  [`PUT ${c}`]: { body: async ({ w }) => ({ ...competitionInput(COMPETITION), version: await compVersion(w) }) },
  [`PUT ${c}/translations`]: { body: async ({ w }) => ({ source: 'en', texts: { fr: { title: 'Concours du monde des rôles' } }, version: await compVersion(w) }) },
  [`POST ${c}/publish`]: { body: async ({ w }) => ({ version: await compVersion(w) }), harmless: () => true /* already published: 409 */ },
  [`POST ${c}/close`]: { body: async ({ w }) => ({ version: await compVersion(w) }) },
  [`POST ${c}/archive`]: { body: async ({ w }) => ({ version: await compVersion(w) }), harmless: ({ w }) => !w.published /* 409 until results are out */ },
  [`GET ${c}/audit`]: { variants: bothCompetitions, query: { limit: '50' } },

  [`POST ${c}/registration`]: {
    body: () => registrationInput({ organisationName: 'Late Comer Ltd', registryId: 'DE811122233', country: 'DE', team: [{ name: 'Lara Late', email: 'lara@late-comer.example', role: '' }] }),
    harmless: ({ caller }) => caller === 'owner' || caller === 'rival', // already registered: 409
  },
  [`GET ${c}/registration`]: {},
  [`POST ${c}/submissions`]: {
    body: () => submissionContent({ title: 'A second idea' }),
    harmless: ({ caller }) => caller === 'owner' || caller === 'rival', // one submission each: 409
    alsoRefusedWith: (w) => (w.published ? [409, 422] : [422]), // not registered: "Register your organisation first"; after results: closed
  },
  [`GET ${c}/submissions`]: { variants: bothCompetitions, query: { limit: '10', status: 'submitted' } },
  [`GET ${s}`]: { variants: bothSubmissions },
  [`PUT ${s}`]: { body: async (ctx) => ({ ...(ctx.params.submissionId === ctx.w.sub2 ? rivalContent : ownerContent), version: await ownSubmissionVersion(ctx) }) },
  [`POST ${s}/submit`]: { body: async (ctx) => ({ version: await ownSubmissionVersion(ctx) }), harmless: () => true /* already submitted: 409 */ },
  [`POST ${s}/withdraw`]: { body: async (ctx) => ({ version: await ownSubmissionVersion(ctx) }) },

  [`GET ${s}/pitch`]: { variants: bothSubmissions },
  [`POST ${s}/pitch/uploads`]: { body: () => ({ fileName: 'second-take.mp4', sizeBytes: 2_000_000, contentType: 'video/mp4' }) },
  [`GET ${s}/pitch/uploads/{uploadId}`]: {},
  [`PUT ${s}/pitch/uploads/{uploadId}/parts/{partNumber}`]: { body: () => ({ etag: '"9b2cf535f27731c974343645a3985328"' }) },
  [`POST ${s}/pitch/uploads/{uploadId}/complete`]: { harmless: () => true /* already ready: repeated request */ },
  [`DELETE ${s}/pitch/uploads/{uploadId}`]: { harmless: () => true /* a ready pitch cannot be cancelled: 409 */ },
  // Issue 14 captions: a presigned URL stores nothing; completing an upload id with no file behind it is 404; there are no German captions to delete (404).
  [`POST ${s}/pitch/captions/uploads`]: { body: () => ({ sizeBytes: 2048 }), harmless: () => true },
  [`POST ${s}/pitch/captions/uploads/{uploadId}/complete`]: { body: () => ({ language: 'de', fileName: 'untertitel.vtt' }), harmless: () => true },
  [`DELETE ${s}/pitch/captions/{language}`]: { harmless: () => true },
  // Issue 14 §3: answer files. This world's competition has no file question: starting an upload is 404 and stores nothing.
  [`POST ${s}/answers/{questionId}/file`]: { body: () => ({ fileName: 'deck.pdf', sizeBytes: 1000 }), harmless: () => true },
  [`GET ${s}/files`]: { variants: bothSubmissions },
  // Issue 14 §4: automatic captions: locally there is no Transcribe, so asking is refused (409) and changes nothing.
  [`GET ${c}/pitches/automatic-captions`]: {},
  [`POST ${c}/pitches/automatic-captions`]: { body: () => ({ language: 'auto' }), harmless: () => true },

  [`GET ${c}/rounds`]: { variants: bothCompetitions },
  [`POST ${c}/rounds`]: { body: () => ({ name: 'Jury', kind: 'jury', k: 1, maxLoad: 5, opensAt: '2026-12-02T09:00', closesAt: '2026-12-22T18:00', weight: 10 }) },
  [`PUT ${r}`]: { body: async ({ w, params }) => ({ ...peerRoundBody, version: (((await w.call('organiser', 'GET', `/api/competitions/${w.cid}/rounds`)).json?.items ?? []) as { id: string; version: number }[]).find((x) => x.id === params.roundId)?.version ?? 1 }) },
  [`POST ${r}/invitations`]: { variants: (w) => [{ roundId: w.investorRound }], body: () => ({ emails: ['new-juror@jury-panel.example'] }) },
  [`GET ${c}/invitations`]: {},
  ['GET /api/invitations/{competitionId}/{token}']: {},
  ['POST /api/invitations/{competitionId}/{token}/accept']: {
    body: () => ({ interests: ['logistics'] }),
    // The link is the credential: whoever holds it may learn that the round is over.
    alsoRefusedWith: (w) => (w.published ? [409] : []),
  },
  [`GET ${r}/conflicts`]: {},
  [`POST ${r}/conflicts`]: { body: ({ w }) => ({ submissionId: w.sub1, reviewerSub: cast.rival.sub, reason: 'They used to work together.' }) },
  [`POST ${r}/pins`]: { body: ({ w }) => ({ submissionId: w.sub1, reviewerSub: cast.rival.sub }) },
  [`POST ${r}/assignment/preview`]: {},
  [`GET ${r}/assignment/preview/{jobId}`]: { variants: (w) => [{ jobId: w.previewJobId }], query: { limit: '10' } },
  [`POST ${r}/assignment`]: {},
  [`GET ${r}/reviewers`]: {},
  [`POST ${r}/reviewers/{reviewerSub}/drop`]: {},
  [`GET ${r}/reviews`]: {},
  'GET /api/me/reviews': {},
  [`GET ${r}/reviews/{submissionId}`]: { variants: reviewVariants },
  [`PUT ${r}/reviews/{submissionId}`]: {
    variants: reviewVariants,
    body: async (ctx) => {
      const { scores = {}, comments = {}, overallComment = '', meet = false, privateNote = '', version } = await assignedReview(ctx);
      return { scores, comments, overallComment, meet, privateNote, version };
    },
  },
  [`POST ${r}/reviews/{submissionId}/submit`]: {
    variants: reviewVariants,
    body: async (ctx) => ({ version: (await assignedReview(ctx)).version }),
    harmless: (ctx) => ctx.params.submissionId === ctx.w.sub1, // submitted already: an idempotent repeat
  },
  [`POST ${r}/reviews/{submissionId}/conflict`]: {
    variants: reviewVariants,
    body: () => ({ reason: 'I advise this company.' }),
    harmless: (ctx) => ctx.params.submissionId === ctx.w.sub1, // submitted reviews cannot be handed on: 409
  },
  [`GET ${c}/ranking`]: { variants: bothCompetitions },
  // Moderation (defaults: the rival's submitted peer review of sub1).
  [`PUT ${r}/reviews/{submissionId}/reviewers/{reviewerSub}/exclusion`]: { body: () => ({ reason: 'Role matrix: this review does not count.', dutyDone: true }) },
  [`DELETE ${r}/reviews/{submissionId}/reviewers/{reviewerSub}/exclusion`]: { harmless: () => true /* not excluded: nothing to restore */ },
  [`GET ${r}/impartial-shortlist`]: { query: { limit: '10' } },
  [`GET ${r}/reviewer-consensus`]: { variants: (w) => [{ roundId: w.peerRound }, { roundId: w.investorRound }], query: { limit: '10' } },
  [`GET ${r}/spread`]: { variants: (w) => [{ roundId: w.peerRound }, { roundId: w.investorRound }], query: { sort: 'sd', limit: '10' } },
  [`POST ${r}/submissions/{submissionId}/extra-review`]: {
    variants: (w) => [{ roundId: w.peerRound, submissionId: w.sub1 }],
    harmless: () => true, // the peer round's other reviewer is its owner (conflicted) and full: 409
  },

  [`GET ${c}/prize-plan`]: { variants: bothCompetitions },
  [`PUT ${c}/prize-plan`]: { body: async ({ w }) => ({ plan: prizePlan, version: (await versionOf(w, 'organiser', `/api/competitions/${w.cid}/prize-plan`)) }) },
  [`GET ${c}/awards/proposal`]: {},
  [`POST ${c}/awards`]: { body: ({ w }) => ({ awards: [{ submissionId: w.sub2, type: 'voucher' }] }) },
  [`DELETE ${c}/awards/{awardKey}`]: { harmless: () => true /* no such award: 404 */ },
  [`POST ${c}/results/publish`]: { body: async ({ w }) => ({ version: await compVersion(w), when: 'now', override: { reason: OVERRIDE_REASON } }) },
  [`POST ${c}/feedback/release`]: { body: async ({ w }) => ({ version: await compVersion(w) }) },
  [`GET ${c}/results/checklist`]: {},
  [`POST ${c}/results/amendment`]: {
    body: async ({ w }) => ({ version: await compVersion(w), reason: 'A reserve entrant moves up.' }),
    harmless: ({ w }) => !w.published, // nothing to amend yet: 409
  },
  [`POST ${c}/results/amendment/publish`]: { body: async ({ w }) => ({ version: await compVersion(w) }), harmless: () => true /* no amendment open: 409 */ },
  [`GET ${c}/results`]: {},
  [`GET ${c}/results/mine`]: {},
  [`GET ${s}/feedback`]: { variants: bothSubmissions },
  [`GET ${s}/meeting-opt-in`]: { variants: bothSubmissions },
  [`PUT ${s}/meeting-opt-in`]: { body: () => ({ open: true }) },
  [`GET ${c}/matches`]: {},
  'GET /api/me/notifications': {},
  'POST /api/me/notifications/{notificationId}/read': {
    // Marking someone else's (or no) notification read changes nothing. The owner's team (its editor
    // and viewer) is told what the owner is told, under the same id (use-cases/results-notices.ts submitterRecipients).
    harmless: ({ w, caller }) => !['owner', 'teamEditor', 'teamViewer'].includes(caller) || w.notificationId.startsWith('N0000'),
  },
  'GET /api/dev/outbox': {},

  // Issue 14 §2 (GDPR): the notice and records are public; /api/me/… acts on the caller only (so the
  // writes, which would change their own data, run for nobody but the refused anonymous caller).
  'GET /api/privacy': {},
  'GET /api/records-of-processing': {},
  'GET /api/me/privacy': {},
  'POST /api/me/privacy/accept': {
    body: () => ({ noticeVersion: PRIVACY_NOTICE.version }),
    harmless: ({ caller }) => caller === 'owner' || caller === 'rival', // accepted at registration already: kept as it was
  },
  'POST /api/me/data/exports': { body: () => ({ format: 'json' }) },
  'GET /api/me/data/jobs': {},
  'POST /api/me/erasure': {},
  [`GET ${c}/privacy`]: { variants: bothCompetitions },
  [`PUT ${c}/privacy`]: { body: () => ({ purposes: ['Matching winners with investors of the programme'], version: 0 }) },
  [`GET ${c}/erasures`]: { variants: bothCompetitions },

  // H4 (teams): every route acts on the caller's own team; the owner's and the rival's writes would change their teams, so they run only for callers refused them.
  [`GET ${c}/team`]: {},
  [`POST ${c}/team/invitations`]: { body: () => ({ email: 'new-member@zephyr-cargo.example', role: 'viewer' }) },
  [`POST ${c}/team/invitations/{invitationId}/resend`]: { variants: (w) => [{ invitationId: w.teamInvitationId }] },
  [`DELETE ${c}/team/invitations/{invitationId}`]: { variants: (w) => [{ invitationId: w.teamInvitationId }] },
  [`POST ${c}/team/transfer`]: { body: () => ({ memberSub: cast.teamEditor.sub }) },
  [`POST ${c}/team/leave`]: { harmless: ({ caller }) => caller === 'owner' || caller === 'rival' /* an owner cannot leave: 409 */ },
  [`DELETE ${c}/team/members/{memberSub}`]: { variants: () => [{ memberSub: cast.teamViewer.sub }] },
  ['GET /api/team-invitations/{competitionId}/{token}']: { variants: (w) => [{ token: w.teamToken }] },
  ['POST /api/team-invitations/{competitionId}/{token}/accept']: { variants: (w) => [{ token: w.teamToken }], harmless: () => true /* accepted already: a repeat */ },
  // Message templates and invitation resend/revoke (H5). Saving stores a version: run only for those refused it.
  [`GET ${c}/messages`]: { variants: bothCompetitions },
  [`PUT ${c}/messages/{kind}`]: { variants: () => [{ kind: 'reviewer-invitation' }], body: () => ({ subject: 'Review {{round}}', body: 'Accept: {{link}}', version: 0 }) },
  [`POST ${c}/messages/{kind}/reset`]: { variants: () => [{ kind: 'reviewer-invitation' }], body: () => ({ version: 0 }), harmless: () => true /* nothing saved: the default, unchanged */ },
  [`POST ${c}/mail-suppressions/clear`]: { body: () => ({ address: cast.investor.email }), harmless: () => true /* the address has no suppression: unchanged */ },
  [`POST ${c}/messages/{kind}/preview`]: { variants: () => [{ kind: 'reviewer-invitation' }, { kind: 'results-published' }], body: () => ({ body: 'Dear {{organisation}}: {{link}}' }), harmless: () => true /* renders, stores nothing */ },
  [`POST ${c}/invitations/{invitationId}/resend`]: { variants: () => [{ invitationId: 'A'.repeat(43) }], harmless: () => true /* no such invitation: 404 */ },
  [`DELETE ${c}/invitations/{invitationId}`]: { variants: () => [{ invitationId: 'A'.repeat(43) }], harmless: () => true /* no such invitation: 404 */ },

  // Reminders (H6): read in both competitions; switching one on that is on already writes nothing.
  [`GET ${c}/reminders`]: { variants: bothCompetitions },
  [`PUT ${c}/reminders/{kind}`]: { variants: () => [{ kind: 'reminder-invitation' }], body: () => ({ enabled: true }), harmless: () => true /* on already: unchanged */ },

  // Starting an export stores a job: run only by callers refused it (an organiser's would add one).
  [`POST ${c}/exports`]: { body: () => ({ file: 'submissions.csv', filter: { status: 'submitted' } }) },
  [`GET ${c}/jobs/{jobId}`]: {},
  // The organiser dashboard (H7): read in both competitions; a recount stores a job, so run only by callers refused it.
  [`GET ${c}/dashboard`]: { variants: bothCompetitions },
  [`POST ${c}/dashboard/recount`]: {},

  // The audience vote: read in the second competition (which has one); written in the first (which has none).
  [`PUT ${c}/audience-vote`]: { body: () => ({ ...audienceVoteInput, liveCounts: false }) },
  [`GET ${c}/audience-vote`]: { variants: (w) => [{ competitionId: w.otherCid }] },
  [`GET ${c}/audience-vote/candidates`]: { variants: (w) => [{ competitionId: w.otherCid }], query: { limit: '10' } },
  [`PUT ${c}/audience-vote/ballot`]: { body: ({ w }) => ({ choices: [w.sub2] }), harmless: () => true /* no vote in this competition: 404 */ },
  [`GET ${c}/audience-vote/results`]: { variants: (w) => [{ competitionId: w.otherCid }] },
  [`GET ${c}/audience-vote/ballots`]: { variants: (w) => [{ competitionId: w.otherCid }], query: { flagged: 'true', limit: '10' } },
  [`POST ${c}/audience-vote/ballots/{ballotId}/void`]: { variants: () => [{ ballotId: 'no-such-ballot' }], body: () => ({ reason: 'Role matrix: not a real ballot.' }), harmless: () => true /* no such ballot: 404 */ },
  [`POST ${c}/audience-vote/ballots/{ballotId}/restore`]: { variants: () => [{ ballotId: 'no-such-ballot' }], harmless: () => true /* no such ballot: 404 */ },
  [`GET ${c}/jobs`]: { variants: bothCompetitions, query: { limit: '10' } },

  // Expo rounds: the judge's walk is over (next, skip and a replayed vote change nothing); organisers' writes run only for those refused them.
  [`GET ${r}/expo/judge`]: { variants: expoRoundOnly },
  [`POST ${r}/expo/judge/next`]: { variants: expoRoundOnly, harmless: () => true /* the judge has seen every team: nothing to do */ },
  [`POST ${r}/expo/votes`]: { variants: expoRoundOnly, body: ({ w }) => w.expoVote, harmless: () => true /* a replay: counted once already */ },
  [`POST ${r}/expo/votes/{voteId}/undo`]: { variants: (w) => [{ roundId: w.expoRound, voteId: w.expoVote.voteId }], harmless: ({ caller }) => caller !== 'judge' },
  [`POST ${r}/expo/judge/skip`]: { variants: expoRoundOnly, body: ({ w }) => ({ submissionId: w.sub1, reason: 'busy' }), harmless: () => true /* not at that table: 409 */ },
  [`PUT ${r}/expo/notes/{submissionId}`]: { variants: expoRoundOnly, body: () => ({ text: 'Role matrix: a note.' }), harmless: ({ caller }) => caller !== 'judge' },
  [`GET ${r}/expo/tables`]: { variants: expoRoundOnly, query: { limit: '10' } },
  [`PUT ${r}/expo/tables`]: { variants: expoRoundOnly, body: ({ w }) => ({ items: [{ submissionId: w.sub1, table: '7' }] }), harmless: (ctx) => !mayEvaluate(ctx) },
  [`POST ${r}/expo/tables/auto`]: { variants: expoRoundOnly, harmless: () => true /* every entry has a table: nothing to number */ },
  [`PUT ${r}/expo/tables/{submissionId}/absent`]: { variants: expoRoundOnly, body: () => ({ absent: true }), harmless: (ctx) => !mayEvaluate(ctx) },
  [`GET ${r}/expo/live`]: { variants: expoRoundOnly },

  // Programmes (H1): reads for everyone inside; writes run only by callers refused them, or where they change nothing.
  'GET /api/programmes': {},
  'POST /api/programmes': { body: () => ({ ...programmeSample, name: 'Another programme' }) },
  [`GET ${pr}`]: {},
  [`PUT ${pr}`]: { body: async ({ w }) => { const { totalBudget: _, ...rest } = programmeSample; return { ...rest, version: await versionOf(w, 'organiser', `/api/programmes/${w.programmeId}`) }; } },
  [`GET ${pr}/people`]: { query: { limit: '10' } },
  [`PUT ${pr}/people/{userSub}`]: { body: () => ({ role: 'observer' }) },
  // P has two coordinators (the organiser and H2's `coordinator`), so removing or leaving would succeed: run
  // only for callers refused it (programmes.test.ts proves the last coordinator's 409).
  [`DELETE ${pr}/people/{userSub}`]: {},
  [`POST ${pr}/leave`]: {},
  [`POST ${pr}/invitations`]: { body: () => ({ email: 'new-observer@matrix.example', role: 'observer' }) },
  [`GET ${pr}/invitations`]: { query: { limit: '10' } },
  [`POST ${pr}/invitations/{invitationId}/resend`]: { variants: (w) => [{ invitationId: w.programmeInvitationId }] },
  [`DELETE ${pr}/invitations/{invitationId}`]: { variants: (w) => [{ invitationId: w.programmeInvitationId }] },
  'GET /api/programme-invitations/{programmeId}/{token}': { variants: (w) => [{ token: w.programmeToken }] },
  'POST /api/programme-invitations/{programmeId}/{token}/accept': { variants: (w) => [{ token: w.programmeToken }] },
  [`GET ${pr}/outbox`]: {},
  [`GET ${pr}/audit`]: { query: { limit: '10' } },
  [`GET ${pr}/calls`]: {},
  [`POST ${pr}/calls`]: { body: () => competitionInput({ title: 'Another call of P' }) },
  [`PUT ${pr}/calls/{competitionId}`]: { body: () => ({}) },
  [`PUT ${pr}/calls/{competitionId}/organisers/{userSub}`]: {},
  [`GET ${c}/organisers`]: { variants: bothCompetitions },
  [`DELETE ${c}/organisers/{userSub}`]: { harmless: () => true /* the organiser is A's last organiser: 409 */ },
  [`POST ${c}/organiser-invitations`]: { body: () => ({ email: 'co-organiser@matrix.example' }) },
  [`GET ${c}/organiser-invitations`]: { query: { limit: '10' } },
  [`POST ${c}/organiser-invitations/{invitationId}/resend`]: { variants: (w) => [{ invitationId: w.organiserInvitationId }] },
  [`DELETE ${c}/organiser-invitations/{invitationId}`]: { variants: (w) => [{ invitationId: w.organiserInvitationId }] },
  'GET /api/organiser-invitations/{competitionId}/{token}': { variants: (w) => [{ token: w.organiserToken }] },
  // H3 (programme ledger): the dashboard and its reads for P's people; limits, spending and exports for its coordinators.
  [`GET ${pr}/dashboard`]: {},
  [`GET ${pr}/recipients`]: { query: { limit: '10' } },
  [`GET ${pr}/limits`]: {},
  [`PUT ${pr}/limits`]: {
    body: async ({ w }) => {
      const l = (await w.call('organiser', 'GET', `/api/programmes/${w.programmeId}/limits`)).json;
      return { totalBudget: l.totalBudget, thirdPartyCap: l.thirdPartyCap, minSmeShare: l.minSmeShare, version: l.version };
    },
  },
  [`GET ${pr}/spending`]: {},
  [`POST ${pr}/spending`]: { body: () => ({ label: 'Matrix matchmaking event', category: 'events', amount: 150_000, date: '2027-01-10' }) },
  [`PUT ${pr}/spending/{spendingId}`]: { variants: () => [{ spendingId: 'no-such-line' }], body: () => ({ label: 'Matrix event', category: 'events', amount: 150_000, date: '2027-01-10', version: 1 }) },
  [`DELETE ${pr}/spending/{spendingId}`]: { variants: () => [{ spendingId: 'no-such-line' }], query: { version: '1' } },
  [`POST ${pr}/exports`]: { body: () => ({ file: 'calls.csv' }) },
  [`GET ${pr}/jobs/{jobId}`]: { variants: (w) => [{ jobId: w.programmeJobId }] },
  'POST /api/organiser-invitations/{competitionId}/{token}/accept': { variants: (w) => [{ token: w.organiserToken }] },
};

/** Builds the request for one operation, caller and parameter set. */
export async function requestFor(op: Operation, sample: Sample, ctx: SampleContext) {
  let path = fillPath(op.path, ctx.params);
  if (sample.query) path += `?${new URLSearchParams(sample.query)}`;
  const body = op.hasBody ? await (sample.body?.(ctx) ?? {}) : undefined;
  return { path, body };
}

export type { Harness };
