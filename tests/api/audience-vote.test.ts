/**
 * The audience vote through the API against dynalite (issue 12 §3): one ballot per person (also
 * under concurrent casts), changeable until close, refusals (after close, own entry, unverified
 * e-mail, rate limits per account and per network), counts hidden until close or live, voiding
 * and restoring (counts moved, audited), the burst and new-account-cluster flags, the network
 * hashes deleted after close, and the audience category of the prize plan. Assertions read the
 * stored items (h.allItems) as well as the answers.
 */
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceAddress } from '../../functions/app/edge.ts';
import type { AppEnv } from '../../functions/app/env.ts';
import type { Identity } from '../../functions/domain/identity.ts';
import { competitionInput, openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';
import { checkAgainstContract } from '../support/contract.ts';
import { recordAccountCreated } from '../../functions/use-cases/accounts.ts';

let h: Harness;
const START = '2026-12-01T10:00:00Z';
/** 2026-12-10T18:00 in Brussels. */
const CLOSES_UTC = '2026-12-10T17:00:00.000Z';
const entrants = [people.sme1, people.sme2, people.sme3];

beforeAll(async () => {
  h = await startHarness(START);
}, 60_000);
afterAll(() => h?.stop());

const voter = (n: number | string): Identity => ({ sub: `u-voter-${n}`, email: `voter${n}@audience.test`, name: `Voter ${n}`, groups: [] });

/** A published competition with three submitted entries (sme1–3) and an audience vote open until CLOSES. */
async function setUp(title: string, vote: Record<string, unknown> = {}) {
  h.clock.set(START);
  const c = await openCompetition(h, { title });
  const cid = c.id as string;
  const subs: string[] = [];
  for (const [i, who] of entrants.entries()) {
    const reg = await h.call('POST', `/api/competitions/${cid}/registration`, who, registrationInput({ organisationName: `Team ${i} ${title}`, registryId: `BE03000000${i}${title.length % 10}` }));
    expect(reg.status, reg.text).toBe(201);
    const s = await h.call('POST', `/api/competitions/${cid}/submissions`, who, submissionContent({ title: `Entry ${i}` }));
    expect((await h.call('POST', `/api/competitions/${cid}/submissions/${s.json.id}/submit`, who, { version: 1 })).status).toBe(200);
    subs.push(s.json.id);
  }
  const put = await h.call('PUT', `/api/competitions/${cid}/audience-vote`, people.organiser, { opensAt: '2026-11-30T09:00', closesAt: '2026-12-10T18:00', maxChoices: 2, liveCounts: false, ...vote });
  expect(put.status, put.text).toBe(200);
  return { cid, subs, base: `/api/competitions/${cid}/audience-vote` };
}

/** PUT the ballot as `who` from network address `ip` (the request context API Gateway gives the app). */
async function vote(base: string, who: Identity, choices: string[], ip = '198.51.100.7', claims: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const path = `${base}/ballot`;
  const res = await h.app.request(
    path,
    { method: 'PUT', headers: { ...headers, authorization: `Bearer ${await h.token(who, claims)}`, 'content-type': 'application/json' }, body: JSON.stringify({ choices }) },
    { requestContext: { http: { sourceIp: ip } } },
  );
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  checkAgainstContract('PUT', path, { status: res.status, headers: res.headers, json, text });
  return { status: res.status, json, text };
}

async function stored(cid: string) {
  const items = await h.allItems();
  const mine = items.filter((i) => i.pk === `COMP#${cid}`);
  return {
    ballots: mine.filter((i) => String(i.sk).startsWith('AVBALLOT#')),
    counts: new Map(mine.filter((i) => String(i.sk).startsWith('AVCOUNT#')).map((i) => [i.submissionId as string, Number(i.votes)])),
    rates: items.filter((i) => i.pk === `AVRATE#${cid}`),
  };
}

/** Votes per entry from the stored ballots themselves (not voided). */
const tallyOf = (ballots: Record<string, unknown>[]) => {
  const m = new Map<string, number>();
  for (const b of ballots) if (!b.voided) for (const c of b.choices as string[]) m.set(c, (m.get(c) ?? 0) + 1);
  return m;
};
const nonZero = (m: Map<string, number>) => new Map([...m].filter(([, v]) => v !== 0));

describe('settings and the public view', () => {
  it('the organiser sets it up (audited); everyone sees it with the published method; bad settings are 400', async () => {
    const { cid, base } = await setUp('Settings');
    const view = await h.call('GET', base);
    expect(view.status).toBe(200);
    expect(view.json).toMatchObject({ phase: 'open', maxChoices: 2, liveCounts: false, canVote: false, cannotVoteReason: 'Sign in to vote.' });
    expect(view.json.closesAt).toBe(CLOSES_UTC);
    expect(view.json.method).toMatch(/verified e-mail/);
    expect(view.json.method).toMatch(/voids?/);
    expect((await h.call('GET', base, voter(1))).json).toMatchObject({ canVote: true });
    const audit = await h.call('GET', `/api/competitions/${cid}/audit?limit=100`, people.organiser);
    expect((audit.json.items as { action: string }[]).map((e) => e.action)).toContain('audience-vote.configured');
    for (const bad of [{ maxChoices: 11 }, { maxChoices: 0 }, { closesAt: '2026-11-29T09:00' }, { opensAt: 'soon' }])
      expect((await h.call('PUT', base, people.organiser, { opensAt: '2026-11-30T09:00', closesAt: '2026-12-10T18:00', maxChoices: 2, liveCounts: false, ...bad })).status).toBe(400);
    expect((await h.call('PUT', base, people.sme1, { opensAt: '2026-11-30T09:00', closesAt: '2026-12-10T18:00', maxChoices: 2, liveCounts: false })).status).toBe(403);
    // No vote: 404 to everyone.
    const other = await openCompetition(h, { title: 'No vote here' });
    expect((await h.call('GET', `/api/competitions/${other.id}/audience-vote`)).status).toBe(404);
    // Candidates: public fields only.
    const cands = await h.call('GET', `${base}/candidates?limit=2`);
    expect(cands.status).toBe(200);
    expect(cands.json.items).toHaveLength(2);
    expect(Object.keys(cands.json.items[0]).sort()).toEqual(['organisationName', 'submissionId', 'summary', 'title']);
    expect(cands.text).not.toContain('@');
    const rest = await h.call('GET', `${base}/candidates?limit=2&cursor=${cands.json.cursor}`);
    expect(rest.json.items).toHaveLength(1);
  });

  it('the competition says whether it has a vote (set when configured, stored), so its page asks only then', async () => {
    const none = await openCompetition(h, { title: 'Flagless' });
    const before = await h.call('GET', `/api/competitions/${none.id}`);
    expect(before.status).toBe(200);
    expect(before.json.audienceVote).toBe(false);
    expect((await h.deps.competitions.get(none.id))!.audienceVote).toBe(false);
    const put = await h.call('PUT', `/api/competitions/${none.id}/audience-vote`, people.organiser, { opensAt: '2026-11-30T09:00', closesAt: '2026-12-10T18:00', maxChoices: 2, liveCounts: false });
    expect(put.status, put.text).toBe(200);
    expect((await h.deps.competitions.get(none.id))!.audienceVote).toBe(true);
    expect((await h.call('GET', `/api/competitions/${none.id}`)).json.audienceVote).toBe(true);
    expect((await h.call('GET', `/api/competitions/${none.id}`, voter('flag'))).json.audienceVote).toBe(true);
    // An edit of the competition keeps it.
    const c = await h.call('GET', `/api/competitions/${none.id}`, people.organiser);
    const edited = await h.call('PUT', `/api/competitions/${none.id}`, people.organiser, { ...competitionInput({ title: 'Flagless, renamed' }), version: c.json.version });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.json.audienceVote).toBe(true);
    // A flag a failed request left unset (settings stored, competition not): the same settings again set it.
    const stored = (await h.deps.competitions.get(none.id))!;
    const { audienceVote: _, ...unflagged } = stored;
    await h.deps.competitions.update({ ...unflagged, version: stored.version + 1 }, stored.version);
    // Absent (as on competitions stored before the flag): the page asks, and finds the vote.
    expect((await h.call('GET', `/api/competitions/${none.id}`)).json.audienceVote).toBeUndefined();
    const again = await h.call('PUT', `/api/competitions/${none.id}/audience-vote`, people.organiser, { opensAt: '2026-11-30T09:00', closesAt: '2026-12-10T18:00', maxChoices: 2, liveCounts: false });
    expect(again.status, again.text).toBe(200);
    expect(again.json.version).toBe(put.json.version);
    expect((await h.deps.competitions.get(none.id))!.audienceVote).toBe(true);
  });
});

describe('one ballot per person', () => {
  it('concurrent casts by one person leave one ballot and the right counts', async () => {
    const { cid, base, subs } = await setUp('Concurrent');
    const who = voter('c1');
    const choices = [[subs[0]!], [subs[1]!], [subs[0]!, subs[2]!], [subs[2]!], [subs[1]!, subs[0]!]];
    const answers = await Promise.all(choices.map((c, i) => vote(base, who, c, `203.0.113.${i}`)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const s = await stored(cid);
    expect(s.ballots).toHaveLength(1);
    expect(nonZero(s.counts)).toEqual(tallyOf(s.ballots));
    // Concurrent first ballots of six people: six ballots, counts right.
    await Promise.all([2, 3, 4, 5, 6, 7].map((n) => vote(base, voter(`c${n}`), [subs[n % 3]!], `203.0.113.${n}`)));
    const after = await stored(cid);
    expect(after.ballots).toHaveLength(7);
    expect(nonZero(after.counts)).toEqual(tallyOf(after.ballots));
    const mine = await h.call('GET', base, who);
    expect(mine.json.myBallot.choices).toEqual(s.ballots[0]!.choices);
  });

  it('can be changed until the close, and not after', async () => {
    const { cid, base, subs } = await setUp('Change');
    expect((await vote(base, voter('x'), [subs[0]!])).status).toBe(200);
    expect((await vote(base, voter('x'), [subs[1]!, subs[2]!])).status).toBe(200);
    const s = await stored(cid);
    expect(s.ballots).toHaveLength(1);
    expect(nonZero(s.counts)).toEqual(new Map([[subs[1]!, 1], [subs[2]!, 1]]));
    h.clock.set('2026-12-10T17:00:00Z');
    const late = await vote(base, voter('x'), [subs[0]!]);
    expect(late.status).toBe(409);
    expect((await vote(base, voter('y'), [subs[0]!])).status).toBe(409);
    expect((await stored(cid)).ballots).toHaveLength(1);
    expect((await stored(cid)).ballots[0]!.choices).toEqual([subs[1], subs[2]]);
  });

  it('refuses an own entry (403 own-submission), an unverified e-mail (403 email-unverified) and bad choices (400), storing nothing', async () => {
    const { cid, base, subs } = await setUp('Refusals');
    const own = await vote(base, people.sme1, [subs[1]!, subs[0]!]);
    expect(own.status).toBe(403);
    expect(own.json.error.code).toBe('own-submission');
    const unverified = await vote(base, voter('u'), [subs[1]!], '198.51.100.9', { email_verified: false });
    expect(unverified.status).toBe(403);
    expect(unverified.json.error.code).toBe('email-unverified');
    for (const bad of [[], [subs[0]!, subs[0]!], ['no-such-entry'], [subs[0]!, subs[1]!, subs[2]!]]) expect((await vote(base, voter('b'), bad)).status).toBe(400);
    const s = await stored(cid);
    expect(s.ballots).toHaveLength(0);
    expect(s.rates).toHaveLength(0);
    // A team member named in the registration, signed in with that address, is the team too.
    const member: Identity = { sub: 'u-member', email: 'sam@cargobikes.test', name: 'Sam Member', groups: [] };
    const teamMate = await vote(base, member, [subs[0]!]);
    expect(teamMate.status).toBe(403);
    expect(teamMate.json.error.code).toBe('own-submission');
    // An entrant may vote for the others.
    expect((await vote(base, people.sme1, [subs[1]!])).status).toBe(200);
  });

  it("refuses a team's member signed in with their own account (a viewer, not named in the registration) their team's entry", async () => {
    const { cid, base, subs } = await setUp('Teammates');
    const mate: Identity = { sub: 'u-mate-viewer', email: 'mate@elsewhere.example', name: 'Mo Mate', groups: [] };
    const invited = await h.call('POST', `/api/competitions/${cid}/team/invitations`, people.sme1, { email: mate.email, role: 'viewer' });
    expect(invited.status, invited.text).toBe(201);
    expect((await h.call('POST', `/api/team-invitations/${cid}/${String(invited.json.link).split('/').pop()}/accept`, mate)).status).toBe(200);
    const own = await vote(base, mate, [subs[1]!, subs[0]!]);
    expect(own.status, own.text).toBe(403);
    expect(own.json.error.code).toBe('own-submission');
    expect((await stored(cid)).ballots).toHaveLength(0);
    // The others' entries are theirs to vote for.
    expect((await vote(base, mate, [subs[1]!, subs[2]!])).status).toBe(200);
  });
});

describe('rate limits', () => {
  it('per account: 10 writes in 10 minutes, then 429 rate-limited until the next window', async () => {
    const { base, subs } = await setUp('Account limit');
    for (let i = 0; i < 10; i++) expect((await vote(base, voter('r'), [subs[i % 3]!], `192.0.2.${i}`)).status).toBe(200);
    const over = await vote(base, voter('r'), [subs[0]!], '192.0.2.99');
    expect(over.status).toBe(429);
    expect(over.json.error.code).toBe('rate-limited');
    expect(over.json.error.message).toMatch(/wait/);
    h.clock.advance(10 * 60_000);
    expect((await vote(base, voter('r'), [subs[0]!], '192.0.2.99')).status).toBe(200);
  });

  it('per network: 30 writes from one address in 10 minutes across accounts; another address still votes', async () => {
    const { cid, base, subs } = await setUp('Network limit');
    const ip = '198.51.100.200';
    // Three accounts on one address, ten writes each (each within its own account limit).
    for (const n of [1, 2, 3]) for (let i = 0; i < 10; i++) expect((await vote(base, voter(`n${n}`), [subs[i % 3]!], ip)).status).toBe(200);
    const before = await stored(cid);
    // A forwarded-for header the caller wrote changes nothing: the address is API Gateway's.
    const fourth = await vote(base, voter('n4'), [subs[0]!], ip, {}, { 'x-forwarded-for': '198.51.100.250' });
    expect(fourth.status).toBe(429);
    expect(fourth.json.error.code).toBe('rate-limited');
    const after = await stored(cid);
    expect(after.ballots).toHaveLength(3);
    expect(after.rates.length).toBe(before.rates.length); // the refusal took nothing from the account's limit
    expect((await vote(base, voter('n4'), [subs[0]!], '198.51.100.201')).status).toBe(200);
    // Addresses are stored only as keyed hashes.
    expect(JSON.stringify(await h.allItems())).not.toContain(ip);
  });
});

describe("the caller's address", () => {
  it('is read where API Gateway puts it (payload 2.0 requestContext.http.sourceIp, via hono/aws-lambda), never from X-Forwarded-For', async () => {
    const app = new Hono<AppEnv>().get('/ip', (c) => c.text(sourceAddress(c)));
    const event = {
      version: '2.0',
      routeKey: 'GET /ip',
      rawPath: '/ip',
      rawQueryString: '',
      headers: { host: 'abc123.execute-api.eu-west-1.amazonaws.com', 'x-forwarded-for': '6.6.6.6' },
      requestContext: { accountId: '1', apiId: 'abc123', domainName: 'abc123.execute-api.eu-west-1.amazonaws.com', domainPrefix: 'abc123', http: { method: 'GET', path: '/ip', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' }, requestId: 'r', routeKey: 'GET /ip', stage: '$default', time: '', timeEpoch: 0 },
      isBase64Encoded: false,
    };
    const res = (await handle(app)(event as never, {} as never)) as { body: string };
    expect(res.body).toBe('203.0.113.7');
    expect(await (await app.request('/ip', { headers: { 'x-forwarded-for': '6.6.6.6' } })).text()).toBe('unknown');
  });
});

describe('visibility of the counts', () => {
  it('hidden until the close (organisers always), then public', async () => {
    const { base, subs } = await setUp('Hidden');
    await vote(base, voter('h1'), [subs[0]!]);
    expect((await h.call('GET', `${base}/results`)).status).toBe(404);
    expect((await h.call('GET', `${base}/results`, voter('h1'))).status).toBe(404);
    const org = await h.call('GET', `${base}/results`, people.organiser);
    expect(org.status).toBe(200);
    expect(org.json).toMatchObject({ phase: 'open', ballots: 1, items: [{ submissionId: subs[0], votes: 1, rank: 1, title: 'Entry 0' }] });
    h.clock.set('2026-12-11T09:00:00Z');
    const pub = await h.call('GET', `${base}/results`);
    expect(pub.status).toBe(200);
    expect(pub.json.phase).toBe('closed');
  });

  it('live when the organiser chose live counts; ties share a rank', async () => {
    const { base, subs } = await setUp('Live', { liveCounts: true });
    await vote(base, voter('l1'), [subs[0]!], '10.0.0.1');
    await vote(base, voter('l2'), [subs[1]!], '10.0.0.2');
    await vote(base, voter('l3'), [subs[0]!, subs[2]!], '10.0.0.3');
    const r = await h.call('GET', `${base}/results`);
    expect(r.status).toBe(200);
    expect(r.json.items.map((i: { submissionId: string; votes: number; rank: number }) => [i.submissionId, i.votes, i.rank])).toEqual([
      [subs[0], 2, 1],
      ...[[subs[1], 1, 2], [subs[2], 1, 2]].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
    ]);
  });
});

describe('review: void and restore', () => {
  it('voiding moves the counts out, restoring moves them back; both audited, organisers only', async () => {
    const { cid, base, subs } = await setUp('Void', { liveCounts: true });
    await vote(base, voter('v1'), [subs[0]!, subs[1]!], '10.1.0.1');
    await vote(base, voter('v2'), [subs[0]!], '10.1.0.2');
    const list = await h.call('GET', `${base}/ballots`, people.organiser);
    expect(list.status).toBe(200);
    expect(list.json.items).toHaveLength(2);
    expect(list.text).not.toContain('u-voter-');
    expect(list.json.items[0].voter).toMatch(/^Voter /);
    const target = (list.json.items as { ballotId: string; choices: string[] }[]).find((b) => b.choices.length === 2)!;
    expect((await h.call('POST', `${base}/ballots/${target.ballotId}/void`, people.organiser, { reason: '' })).status).toBe(400);
    expect((await h.call('POST', `${base}/ballots/${target.ballotId}/void`, people.sme1, { reason: 'Not mine to void.' })).status).toBe(403);
    const voided = await h.call('POST', `${base}/ballots/${target.ballotId}/void`, people.organiser, { reason: 'Bought votes, per a tip-off.' });
    expect(voided.status).toBe(200);
    expect(voided.json.voided).toMatchObject({ reason: 'Bought votes, per a tip-off.', by: people.organiser.email });
    let s = await stored(cid);
    expect(nonZero(s.counts)).toEqual(new Map([[subs[0]!, 1]]));
    expect((await h.call('GET', `${base}/results`)).json).toMatchObject({ ballots: 1, voided: 1 });
    const restored = await h.call('POST', `${base}/ballots/${target.ballotId}/restore`, people.organiser);
    expect(restored.status).toBe(200);
    expect(restored.json.voided).toBeUndefined();
    s = await stored(cid);
    expect(nonZero(s.counts)).toEqual(new Map([[subs[0]!, 2], [subs[1]!, 1]]));
    const audit = await h.call('GET', `/api/competitions/${cid}/audit?limit=100`, people.organiser);
    const actions = (audit.json.items as { action: string; after?: { reason?: string } }[]).filter((e) => e.action.startsWith('audience-vote.ballot'));
    expect(actions.map((e) => e.action)).toEqual(['audience-vote.ballot-voided', 'audience-vote.ballot-restored']);
    expect(actions[0]!.after?.reason).toBe('Bought votes, per a tip-off.');
    expect((await h.call('POST', `${base}/ballots/nope/void`, people.organiser, { reason: 'Nothing here.' })).status).toBe(404);
  });
});

describe('flags', () => {
  it('a burst from one network, and a cluster of new accounts voting alike', async () => {
    const { base, subs } = await setUp('Flags');
    // Burst: five ballots from one address within five minutes.
    for (let n = 0; n < 5; n++) {
      expect((await vote(base, voter(`b${n}`), [subs[n % 3]!], '100.64.0.1')).status).toBe(200);
      h.clock.advance(30_000);
    }
    expect((await vote(base, voter('lone'), [subs[0]!], '100.64.0.2')).status).toBe(200);
    // Three accounts created an hour ago (their records, by the use case the sign-up trigger calls)
    // choosing the same two entries; an old account choosing them too.
    const created = new Date(h.clock.now().getTime() - 3_600_000).toISOString();
    for (const n of [1, 2, 3]) await recordAccountCreated(h.deps, voter(`new${n}`).sub, created);
    await recordAccountCreated(h.deps, voter('old').sub, '2024-01-01T00:00:00Z');
    for (const n of [1, 2, 3]) expect((await vote(base, voter(`new${n}`), [subs[1]!, subs[2]!], `100.65.0.${n}`)).status).toBe(200);
    expect((await vote(base, voter('old'), [subs[1]!, subs[2]!], '100.65.0.9')).status).toBe(200);
    const all = await h.call('GET', `${base}/ballots?limit=100`, people.organiser);
    expect(all.json.items).toHaveLength(10);
    const flagged = await h.call('GET', `${base}/ballots?flagged=true&limit=100`, people.organiser);
    const flags = (flagged.json.items as { flags: string[] }[]).map((b) => b.flags.join(','));
    expect(flags.filter((f) => f === 'burst')).toHaveLength(5);
    expect(flags.filter((f) => f === 'new-account-cluster')).toHaveLength(3);
    expect(flagged.json.items).toHaveLength(8);
  });
});

describe('after the close', () => {
  it('the first read finalises: flags frozen, network hashes and rate counters deleted, counts from the ballots', async () => {
    const { cid, base, subs } = await setUp('Close');
    for (let n = 0; n < 5; n++) await vote(base, voter(`k${n}`), [subs[n % 2]!], '100.70.0.1');
    const before = await stored(cid);
    expect(before.ballots.every((b) => typeof b.networkHash === 'string')).toBe(true);
    expect(before.rates.length).toBeGreaterThan(0);
    // A count knocked off behind the API's back (as a crash between ballot and count would leave it).
    await h.putRaw({ pk: `COMP#${cid}`, sk: `AVCOUNT#${subs[0]}`, type: 'AudienceCount', submissionId: subs[0], votes: 99 });
    h.clock.set('2026-12-11T09:00:00Z');
    const release = h.holdJobs();
    expect((await h.call('GET', base)).json.phase).toBe('closed');
    // While the close job counts, the review waits (the recount must not lose a void).
    const early = await h.call('POST', `${base}/ballots/${(before.ballots[0] as { ballotId: string }).ballotId}/void`, people.organiser, { reason: 'Too early to void this.' });
    expect(early.status).toBe(409);
    release();
    await h.jobsSettled();
    const after = await stored(cid);
    expect(after.ballots).toHaveLength(5);
    expect(after.ballots.some((b) => 'networkHash' in b)).toBe(false);
    expect(after.rates).toHaveLength(0);
    expect(nonZero(after.counts)).toEqual(tallyOf(after.ballots));
    const results = await h.call('GET', `${base}/results`);
    expect(results.json).toMatchObject({ final: true, ballots: 5, items: [{ submissionId: subs[0], votes: 3, rank: 1 }, { submissionId: subs[1], votes: 2, rank: 2 }] });
    // The burst flags outlive the hashes.
    const flagged = await h.call('GET', `${base}/ballots?flagged=true`, people.organiser);
    expect(flagged.json.items).toHaveLength(5);
    expect((await h.call('GET', base)).json.finalisedAt).toBeTruthy();
    // Review goes on after the close: voiding still moves the (now exact) counts.
    const target = (flagged.json.items as { ballotId: string; choices: string[] }[]).find((b) => b.choices[0] === subs[0])!;
    const voided = await h.call('POST', `${base}/ballots/${target.ballotId}/void`, people.organiser, { reason: 'One of a burst from one address.' });
    expect(voided.status, voided.text).toBe(200);
    expect(voided.json.flags).toEqual(['burst']);
    const recount = await h.call('GET', `${base}/results`);
    expect(recount.json).toMatchObject({ ballots: 4, voided: 1 });
    expect(new Set((recount.json.items as { submissionId: string; votes: number; rank: number }[]).map((i) => `${i.submissionId}:${i.votes}:${i.rank}`))).toEqual(new Set([`${subs[0]}:2:1`, `${subs[1]}:2:1`]));
    expect((await h.call('PUT', base, people.organiser, { opensAt: '2026-11-30T09:00', closesAt: '2026-12-20T18:00', maxChoices: 2, liveCounts: false })).status).toBe(409);
  });
});

describe('the audience award', () => {
  it("a category marked audienceVote goes to the audience's winner once the vote has closed", async () => {
    const { cid, base, subs } = await setUp('Audience award');
    const plan = {
      currency: 'EUR',
      totalBudget: 10_000_000,
      perThirdPartyCap: 6_000_000,
      rankPrizes: [],
      categories: [{ id: 'audience', name: 'Audience award', amount: 500_000, audienceVote: true }],
      reserveListLength: 0,
    };
    // A jury round scores every entry, so that they are eligible for awards.
    const jury: Identity = { sub: 'u-jury', email: 'jury@demo.test', name: 'Judy Jury', groups: [] };
    const round = await h.call('POST', `/api/competitions/${cid}/rounds`, people.organiser, {
      name: 'Jury', kind: 'jury', k: 1, maxLoad: 3, blind: false, opensAt: '2026-12-01T09:00', closesAt: '2026-12-20T18:00', weight: 100,
      rubric: [{ name: 'Overall', weight: 1, scale: { min: 0, max: 100 } }],
    });
    const invite = await h.call('POST', `/api/competitions/${cid}/rounds/${round.json.id}/invitations`, people.organiser, { emails: [jury.email] });
    await h.call('POST', `/api/invitations/${cid}/${invite.json.items[0].link.split('/').pop()}/accept`, jury, { interests: [] });
    expect((await h.call('POST', `/api/competitions/${cid}/rounds/${round.json.id}/assignment`, people.organiser)).status).toBe(202);
    await h.jobsSettled();
    for (const [i, sid] of subs.entries()) {
      const r = await h.call('PUT', `/api/competitions/${cid}/rounds/${round.json.id}/reviews/${sid}`, jury, { scores: { [round.json.rubric[0].id]: 90 - 10 * i }, overallComment: 'Fine.', version: 1 });
      expect((await h.call('POST', `/api/competitions/${cid}/rounds/${round.json.id}/reviews/${sid}/submit`, jury, { version: r.json.version })).status).toBe(200);
    }
    const saved = await h.call('PUT', `/api/competitions/${cid}/prize-plan`, people.organiser, { plan, version: 0 });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json.plan.categories[0].audienceVote).toBe(true);
    await vote(base, voter('a1'), [subs[2]!], '10.9.0.1');
    await vote(base, voter('a2'), [subs[2]!, subs[0]!], '10.9.0.2');
    await vote(base, voter('a3'), [subs[1]!], '10.9.0.3');
    const lineFor = (p: { lines: { type: string; categoryId?: string; submissionId: string }[] }) => p.lines.find((l) => l.type === 'category' && l.categoryId === 'audience');
    const open = await h.call('GET', `/api/competitions/${cid}/awards/proposal`, people.organiser);
    expect(open.status, open.text).toBe(200);
    expect(lineFor(open.json)).toBeUndefined();
    h.clock.set('2026-12-11T09:00:00Z');
    const closed = await h.call('GET', `/api/competitions/${cid}/awards/proposal`, people.organiser);
    expect(lineFor(closed.json)?.submissionId, closed.text).toBe(subs[2]);
  });
});
