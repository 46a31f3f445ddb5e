/**
 * Who may call what, generated from the OpenAPI document: every operation × every kind of caller
 * (anonymous, the organiser, another competition's organiser, the owning team, the other team —
 * also the blind peer reviewer of the first —, a signed-in stranger, an assigned investor, an
 * unassigned reviewer, an expo judge, and the staff of the programme the competition is a call of:
 * coordinator, evaluation manager, finance officer, observer, and a partner organiser of another
 * call), before and after the results are published. Callers outside an
 * operation's `x-access` are refused (401/403/404), never served, never answered 5xx, and the
 * table is unchanged afterwards; callers inside are served. No answer to anyone contains what
 * that caller must not see (tests/support/role-world.ts lists the secrets and who may see them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAccess, type Access } from '../../functions/app/access-policy.ts';
import {
  CALLERS,
  PITCH_FILE,
  PROGRAMME_STAFF,
  PRIVATE_NOTE,
  buildWorld,
  defaultParams,
  isInside,
  operationsOf,
  ownerOrg,
  pathParams,
  publishResultsAndFeedback,
  rolesOf,
  requestFor,
  samples,
  type Caller,
  type Operation,
  type Params,
  type World,
} from '../support/role-world.ts';

type Phase = 'before' | 'after';

let w: World;
let ops: Map<string, Operation>;
/** Every answer the blind peer reviewer got, by phase, to show what the blind pass searched. */
const blindAnswers: Record<Phase, { key: string; status: number; text: string }[]> = { before: [], after: [] };
/** What the programme's staff were sent in competition A (a call of the programme), by phase: the matrix is not vacuous for them. */
const staffCalls: Record<Phase, { caller: Caller; key: string; method: string; plan: Plan; status: number }[]> = { before: [], after: [] };

beforeAll(async () => {
  w = await buildWorld();
  ops = new Map((await operationsOf(w)).map((o) => [o.key, o]));
  // Everyone has signed in once (issue 14: the first GET /api/me records the account's language
  // from Accept-Language), so the matrix's own reads store nothing — a second read writes no more.
  for (const caller of CALLERS) if (caller !== 'anonymous') await w.call(caller, 'GET', '/api/me');
}, 120_000);
afterAll(() => w?.h.stop());

const c = '/api/competitions/{competitionId}';
const s = `${c}/submissions/{submissionId}`;
const r = `${c}/rounds/{roundId}`;

/**
 * Callers inside the list who are still refused before publication because the thing does not
 * exist for them yet: results (organisers see a preview), their outcome, their feedback.
 */
const readsAsStaff = (roles: Set<Access>) => roles.has('organiser') || roles.has('programme-staff');
const notYetBeforeResults: Record<string, (roles: Set<Access>) => boolean> = {
  [`GET ${c}/results`]: (roles) => !readsAsStaff(roles),
  [`GET ${c}/results/mine`]: () => true,
  [`GET ${s}/feedback`]: (roles) => !readsAsStaff(roles),
};

/** Once results are published nothing that could change them is accepted: 409 for everyone allowed to try. */
const frozenAfterResults = new Set([
  `POST ${c}/registration`,
  `POST ${c}/submissions`,
  `PUT ${s}`,
  `POST ${s}/submit`,
  `POST ${s}/withdraw`,
  `POST ${s}/pitch/uploads`,
  `POST ${s}/pitch/captions/uploads`,
  `POST ${s}/pitch/captions/uploads/{uploadId}/complete`,
  `DELETE ${s}/pitch/captions/{language}`,
  `PUT ${r}/reviews/{submissionId}`,
  `POST ${r}/reviews/{submissionId}/submit`,
  `POST ${r}/reviews/{submissionId}/conflict`,
  'POST /api/invitations/{competitionId}/{token}/accept',
  `PUT ${c}`,
  `PUT ${c}/translations`,
  `POST ${c}/close`,
  `POST ${c}/publish`,
  `POST ${c}/results/publish`,
  `POST ${c}/feedback/release`,
  `POST ${c}/rounds`,
  `PUT ${r}`,
  `POST ${r}/invitations`,
  `POST ${r}/conflicts`,
  `POST ${r}/pins`,
  `POST ${r}/assignment`,
  `POST ${r}/reviewers/{reviewerSub}/drop`,
  `PUT ${r}/reviews/{submissionId}/reviewers/{reviewerSub}/exclusion`,
  `DELETE ${r}/reviews/{submissionId}/reviewers/{reviewerSub}/exclusion`,
  `POST ${r}/submissions/{submissionId}/extra-review`,
  `PUT ${c}/prize-plan`,
  `POST ${c}/awards`,
  `PUT ${c}/audience-vote`,
  `PUT ${c}/audience-vote/ballot`,
  `POST ${c}/audience-vote/ballots/{ballotId}/void`,
  `POST ${c}/audience-vote/ballots/{ballotId}/restore`,
  `POST ${r}/expo/judge/next`,
  `POST ${r}/expo/votes/{voteId}/undo`,
  `POST ${r}/expo/judge/skip`,
  `PUT ${r}/expo/notes/{submissionId}`,
  `PUT ${r}/expo/tables`,
  `POST ${r}/expo/tables/auto`,
  `PUT ${r}/expo/tables/{submissionId}/absent`,
  // Team invitations go out until the results are published (H4).
  `POST ${c}/team/invitations`,
  `POST ${c}/team/invitations/{invitationId}/resend`,
  // Invitations are resent and revoked before results only (H5).
  `POST ${c}/invitations/{invitationId}/resend`,
  `DELETE ${c}/invitations/{invitationId}`,
]);

type Plan = 'refuse' | 'serve' | 'not-yet' | 'harmless' | 'frozen' | 'skip';

function planFor(phase: Phase, op: Operation, caller: Caller, params: Params): Plan {
  if (!isInside(w, op, caller, params)) return 'refuse';
  const sample = samples[op.key]!;
  if (op.method === 'GET') return phase === 'before' && notYetBeforeResults[op.key]?.(rolesOf(w, caller, params)) ? 'not-yet' : 'serve';
  if (phase === 'after' && frozenAfterResults.has(op.key)) return 'frozen';
  return sample.harmless?.({ w, caller, params }) ? 'harmless' : 'skip';
}

const snapshot = async () => JSON.stringify(await w.h.allItems());

function describeChange(before: string, after: string): string {
  const key = (i: Record<string, unknown>) => `${String(i.pk)} | ${String(i.sk)}`;
  const b = new Map((JSON.parse(before) as Record<string, unknown>[]).map((i) => [key(i), JSON.stringify(i)]));
  const a = new Map((JSON.parse(after) as Record<string, unknown>[]).map((i) => [key(i), JSON.stringify(i)]));
  const changed = [...a].filter(([k, v]) => b.get(k) !== v).map(([k]) => (b.has(k) ? `changed ${k}` : `added ${k}`));
  const removed = [...b.keys()].filter((k) => !a.has(k)).map((k) => `removed ${k}`);
  return [...changed, ...removed].slice(0, 5).join('; ');
}

/** Runs one operation for every caller and parameter set; returns what went wrong, readably. */
async function walk(phase: Phase, key: string): Promise<string[]> {
  const op = ops.get(key);
  if (!op) return [`${key} has a sample but is not in the OpenAPI document`];
  const sample = samples[key]!;
  const variants = (sample.variants?.(w) ?? [{}]).map((v) => pathParams(op.path, { ...defaultParams(w), ...v }));
  const problems: string[] = [];
  const calls: string[] = [];
  // Nothing the matrix sends may store anything: one look at the table per operation is enough
  // (once the jobs earlier steps started, e.g. the ranking's recomputation, have finished).
  await w.h.jobsSettled();
  const before = await snapshot();
  for (const params of variants)
    for (const caller of CALLERS) {
      const plan = planFor(phase, op, caller, params);
      if (plan === 'skip') continue;
      const { path, body } = await requestFor(op, sample, { w, caller, params });
      const res = await w.call(caller, op.method, path, body);
      const what = `${caller} ${op.method} ${path} → ${res.status}`;
      calls.push(`${caller} → ${res.status}`);
      const status = res.status;
      if (status >= 500) problems.push(`${what}: a server error (${res.text.slice(0, 200)})`);
      else if (plan === 'refuse') {
        const allowed = caller === 'anonymous' ? [401] : [403, 404, ...(sample.alsoRefusedWith?.(w) ?? [])];
        if (!allowed.includes(status)) problems.push(`${what}: outside ${op.access.join('/')}, expected ${allowed.join(' or ')}`);
      } else if (plan === 'serve') {
        if (status < 200 || status > 299) problems.push(`${what}: inside ${op.access.join('/')}, expected 2xx (${res.text.slice(0, 200)})`);
      } else if (plan === 'not-yet') {
        if (status !== 404) problems.push(`${what}: expected 404 until the results are out`);
      } else if (plan === 'frozen') {
        if (status !== 409) problems.push(`${what}: the results are published, expected 409 (${res.text.slice(0, 160)})`);
      } else if (status === 401 || status === 403) problems.push(`${what}: inside ${op.access.join('/')}, yet refused`);

      // Nothing the caller may not see, in the body or in any header.
      const seen = `${res.text}\n${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}`.toLowerCase();
      for (const secret of w.secrets)
        if (!secret.seenBy.includes(caller) && seen.includes(secret.value.toLowerCase())) problems.push(`${what}: shows the ${secret.label}`);
      if (caller === 'rival') blindAnswers[phase].push({ key, status, text: seen });
      if (caller in PROGRAMME_STAFF && params.competitionId === w.cid) staffCalls[phase].push({ caller, key, method: op.method, plan, status });
    }
  const after = await snapshot();
  if (after !== before) problems.push(`one of these calls stored something (${calls.join(', ')}): ${describeChange(before, after)}`);
  return problems;
}

/** Reads first, then writes; the writes that would most change the world when wrongly accepted go last. */
function ordered(phase: Phase): string[] {
  const keys = Object.keys(samples);
  if (phase === 'before') return keys;
  const late = [`POST ${c}/submissions`, `POST ${c}/registration`, `POST ${s}/withdraw`];
  const rank = (k: string) => (late.includes(k) ? 2 + late.indexOf(k) : k.startsWith('GET ') ? 0 : 1);
  return [...keys].sort((a, b) => rank(a) - rank(b));
}

describe('the OpenAPI document', () => {
  it('says who may call every operation, in terms of the access vocabulary', () => {
    const missing = [...ops.values()].filter((o) => o.access.length === 0 || !o.access.every(isAccess)).map((o) => `${o.key}: ${JSON.stringify(o.access)}`);
    expect(ops.size).toBeGreaterThan(60);
    expect(missing).toEqual([]);
  });

  it('documents every API route the app serves', () => {
    const documented = new Set([...ops.values()].map((o) => `${o.method} ${o.path.replace(/\{(\w+)\}/g, ':$1')}`));
    const undocumentedOnPurpose = new Set<string>();
    const served = new Set(w.h.app.routes.filter((x) => x.method !== 'ALL' && x.path.startsWith('/api/')).map((x) => `${x.method} ${x.path}`));
    expect([...served].filter((k) => !documented.has(k) && !undocumentedOnPurpose.has(k))).toEqual([]);
  });

  it('has a sample request for every operation (and none for operations that are gone)', () => {
    expect([...ops.keys()].filter((k) => !samples[k])).toEqual([]);
    expect(Object.keys(samples).filter((k) => !ops.has(k))).toEqual([]);
  });

  it('shows the secrets to whom they belong (so the searches below can find them)', async () => {
    const base = `/api/competitions/${w.cid}`;
    expect((await w.call('owner', 'GET', `${base}/submissions/${w.sub1}/pitch`)).text).toContain(PITCH_FILE);
    expect((await w.call('owner', 'GET', `${base}/registration`)).text).toContain(ownerOrg.team[1]!.email);
    const exported = (await w.call('organiser', 'GET', `${base}/jobs/${w.exportJobId}`)).json;
    expect(await (await fetch(exported.downloadUrl)).text()).toContain(ownerOrg.organisationName);
    expect((await w.call('investor', 'GET', `${base}/rounds/${w.investorRound}/reviews/${w.sub1}`)).text).toContain(PRIVATE_NOTE);
  });
});

for (const phase of ['before', 'after'] as const) {
  describe(phase === 'before' ? 'before publication' : 'after the results are published', () => {
    if (phase === 'after') beforeAll(() => publishResultsAndFeedback(w), 60_000);

    for (const key of ordered(phase)) it(key, async () => expect(await walk(phase, key)).toEqual([]));

    it("the programme's staff were served and refused in A by their capabilities (partner organiser: refused everything)", () => {
      const calls = staffCalls[phase];
      const served = (who: Caller, term?: Access) => calls.filter((x) => x.caller === who && x.plan === 'serve' && (!term || ops.get(x.key)!.access.includes(term)));
      const refusedWrites = (who: Caller) => calls.filter((x) => x.caller === who && x.plan === 'refuse' && x.method !== 'GET');
      const staffTerms: Access[] = ['organiser', 'programme-staff', 'evaluation-staff', 'finance-staff'];
      const forStaff = (x: { key: string }) => ops.get(x.key)!.access.some((a) => staffTerms.includes(a));
      // Reads: everyone but the partner organiser (the term that admits them says why).
      for (const who of ['evaluationManager', 'financeOfficer', 'observer'] as const) expect(served(who, 'programme-staff').length, who).toBeGreaterThan(10);
      expect(served('coordinator', 'organiser').length).toBeGreaterThan(20);
      expect(served('partnerOrganiser').filter(forStaff)).toEqual([]); // public reads aside
      // Writes outside their capability were sent, and refused (the walk proved nothing was stored).
      for (const who of ['evaluationManager', 'financeOfficer', 'observer', 'partnerOrganiser'] as const) expect(refusedWrites(who).length, who).toBeGreaterThan(5);
      const refusedKeys = (who: Caller) => new Set(refusedWrites(who).map((x) => x.key));
      expect(refusedKeys('financeOfficer')).toContain(`POST ${c}/rounds`);
      expect(refusedKeys('evaluationManager')).toContain(`PUT ${c}/prize-plan`);
      expect(refusedKeys('observer')).toContain(`POST ${c}/awards`);
      expect(refusedKeys('evaluationManager')).toContain(`PUT ${c}`);
      expect(refusedWrites('coordinator').filter(forStaff).map((x) => x.key)).toEqual([]); // entrants' and reviewers' writes aside
    });

    it('the blind peer reviewer reached the pitch and the review, and nothing they got names the team', async () => {
      const answers = blindAnswers[phase];
      const served = (k: string) => answers.some((a) => a.key === k && a.status === 200);
      expect(served(`GET ${s}/pitch`)).toBe(true);
      expect(served(`GET ${r}/reviews/{submissionId}`)).toBe(true);
      const team = w.secrets.filter((x) => x.about === 'owner');
      const found = answers.flatMap((a) => team.filter((x) => a.text.includes(x.value.toLowerCase())).map((x) => `${a.key} → ${a.status}: ${x.label}`));
      expect(found).toEqual([]);

      // The playback URL names no file and makes the browser name none either.
      const pitch = await w.call('rival', 'GET', `/api/competitions/${w.cid}/submissions/${w.sub1}/pitch`);
      const url = new URL(pitch.json.current.playbackUrl);
      expect(decodeURIComponent(url.pathname)).toMatch(/^(\/[^/]+)?\/pitches\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+$/);
      expect(url.searchParams.get('response-content-disposition') ?? 'inline').toBe('inline');
      const video = await fetch(url, { headers: { Range: 'bytes=0-15' } });
      expect(video.status).toBe(206);
      const headers = [...video.headers].join('\n').toLowerCase();
      expect(team.filter((x) => headers.includes(x.value.toLowerCase())).map((x) => x.label)).toEqual([]);
    });
  });
}
