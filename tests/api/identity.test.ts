/**
 * Identity at the API: which ID tokens are a sign-in (exp, iat, lifetime, token use), and
 * that an e-mail address keys nothing — invitations, conflicts of interest — unless the identity
 * provider verified it (`email_verified`, a boolean or API Gateway's string "true").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import { competitionInput, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
});
afterAll(() => h.stop());

/** A request with exactly this bearer token (h.call always mints a well-formed, verified one). */
async function callWith(token: string, method: string, path: string, body?: unknown) {
  const res = await h.app.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const now = () => Math.floor(Date.now() / 1000);

describe('which ID tokens are a sign-in', () => {
  it.each([
    ['without exp', { exp: undefined }],
    ['without iat', { iat: undefined }],
    ['issued in the future', { iat: now() + 600, exp: now() + 3600 }],
    ['that claims to live longer than a day', { iat: now(), exp: now() + 2 * 86_400 }],
    ['that is a Cognito access token', { token_use: 'access' }],
  ])('refuses a token %s with 401', async (_name, claims) => {
    expect((await callWith(await h.token(people.sme1), 'GET', '/api/me')).status).toBe(200); // the same token without the flaw
    const r = await callWith(await h.token(people.sme1, claims), 'GET', '/api/me');
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe('UNAUTHENTICATED');
  });

  it('tells the caller to sign in with an ID token when the token names no e-mail address', async () => {
    const r = await callWith(await h.token(people.sme1, { email: undefined }), 'GET', '/api/me');
    expect(r.status).toBe(401);
    expect(r.json.error.message).toMatch(/ID token/);
  });
});

describe('an unverified e-mail address keys nothing', () => {
  let cid: string;
  let investorRoundId: string;
  const investor: Identity = { sub: 'u-ivy', email: 'ivy@greenfund.eu', name: 'Ivy Investor', groups: [] };
  // Three entrants; two really are at alpha-energy.eu, one only says so (unverified address).
  const alice: Identity = { sub: 'u-alice', email: 'alice@alpha-energy.eu', name: 'Alice', groups: [] };
  const bob: Identity = { sub: 'u-bob', email: 'bob@alpha-energy.eu', name: 'Bob', groups: [] };
  const mallory: Identity = { sub: 'u-mallory', email: 'ceo@alpha-energy.eu', name: 'Mallory', groups: [] };
  const subs: Record<string, string> = {};
  const base = () => `/api/competitions/${cid}`;

  beforeAll(async () => {
    const created = await h.call('POST', '/api/competitions', people.organiser, competitionInput({ title: 'Verified addresses' }));
    cid = created.json.id;
    expect((await h.call('POST', `${base()}/publish`, people.organiser, { version: created.json.version })).status).toBe(200);
    for (const [i, who] of [alice, bob, mallory].entries()) {
      const token = await h.token(who, { email_verified: who === mallory ? false : 'true' });
      // Team members at a free-mail domain, so only the sign-in addresses could link the teams.
      const registration = registrationInput({ organisationName: `Org ${i}`, registryId: `BE010000010${i}`, team: [{ name: who.name, email: `${who.sub}@gmail.com`, role: 'CEO' }] });
      expect((await callWith(token, 'POST', `${base()}/registration`, registration)).status).toBe(201);
      const s = await callWith(token, 'POST', `${base()}/submissions`, submissionContent({ title: `Idea ${i}` }));
      subs[who.sub] = s.json.id;
      expect((await callWith(token, 'POST', `${base()}/submissions/${s.json.id}/submit`, { version: 1 })).status).toBe(200);
    }
    const round = await h.call('POST', `${base()}/rounds`, people.organiser, {
      name: 'Investors',
      kind: 'investor',
      rubric: [{ name: 'Investability', weight: 1, scale: { min: 1, max: 10 } }],
      k: 1,
      maxLoad: 4,
      blind: false,
      opensAt: '2026-12-01T09:00',
      closesAt: '2026-12-20T18:00',
      weight: 100,
    });
    expect(round.status, round.text).toBe(201);
    investorRoundId = round.json.id;
  });

  it('accepts an invitation only from a verified address, storing nothing on refusal', async () => {
    const sent = await h.call('POST', `${base()}/rounds/${investorRoundId}/invitations`, people.organiser, { emails: [investor.email] });
    expect(sent.status).toBe(201);
    const token = (sent.json.items[0].link as string).split('/')[3]!;
    const accept = `/api/invitations/${cid}/${token}/accept`;

    await h.jobsSettled(); // the ranking's recomputation after the rounds above
    const before = await h.allItems();
    const refused = await callWith(await h.token(investor, { email_verified: false }), 'POST', accept, { interests: [] });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toMatch(/not verified/);
    expect(await h.allItems()).toEqual(before);

    // API Gateway's authorizer hands the claim over as a string.
    const accepted = await callWith(await h.token(investor, { email_verified: 'true' }), 'POST', accept, { interests: [] });
    expect(accepted.status).toBe(200);
    expect((await h.call('GET', base(), investor)).json.myRoles).toContain('investor');
  });

  it('derives conflicts of interest from verified addresses only', async () => {
    const round = await h.call('POST', `${base()}/rounds`, people.organiser, {
      name: 'Peers',
      kind: 'peer',
      k: 1,
      maxLoad: 2,
      blind: false,
      opensAt: '2026-12-01T09:00',
      closesAt: '2026-12-20T18:00',
      weight: 10,
    });
    expect(round.status, round.text).toBe(201);
    const conflicts = (await h.call('GET', `${base()}/rounds/${round.json.id}/conflicts`, people.organiser)).json.items as { submissionId: string; reviewerSub: string; source: string }[];
    const byDomain = conflicts.filter((c) => c.source === 'same-email-domain');
    // Alice and Bob, verified at the same company, are kept apart both ways…
    expect(byDomain).toContainEqual(expect.objectContaining({ reviewerSub: alice.sub, submissionId: subs[bob.sub] }));
    expect(byDomain).toContainEqual(expect.objectContaining({ reviewerSub: bob.sub, submissionId: subs[alice.sub] }));
    // …while Mallory's unverified claim to work there neither excludes them nor steers her reviewers.
    expect(byDomain.filter((c) => c.reviewerSub === mallory.sub || c.submissionId === subs[mallory.sub])).toEqual([]);
  });
});
