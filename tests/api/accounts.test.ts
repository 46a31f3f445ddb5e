/**
 * Account records (issue 12 §3: the audience vote's new-account flag needs when each account was
 * created): written once by one use case (use-cases/accounts.ts), whoever creates the account —
 * the Cognito post-confirmation trigger's handler (functions/lambda/account-created.ts), the local
 * identity provider's accounts at start (recordDemoAccounts) — and lazily, marked first-seen, by
 * an older account's first ballot. Against dynalite; assertions read the stored items.
 */
import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import { accountCreatedHandler } from '../../functions/lambda/account-created.ts';
import { DEMO_ACCOUNTS, DEMO_ACCOUNTS_CREATED_AT, recordDemoAccounts } from '../../functions/local/demo-accounts.ts';
import { accountCreationTimes, recordAccountCreated } from '../../functions/use-cases/accounts.ts';
import { captureOutput } from '../support/output-capture.ts';
import { openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';

let h: Harness;
const START = '2026-12-01T10:00:00Z';

beforeAll(async () => {
  h = await startHarness(START);
}, 60_000);
afterAll(() => h?.stop());

/** The stored account record of `sub` (raw item), if any. */
async function record(sub: string) {
  return (await h.allItems()).find((i) => i.pk === `USER#${sub}` && i.sk === 'ACCOUNT');
}

/** A Cognito PostConfirmation event as the user pool sends it. */
function confirmation(sub: string, triggerSource: PostConfirmationTriggerEvent['triggerSource'] = 'PostConfirmation_ConfirmSignUp'): PostConfirmationTriggerEvent {
  return {
    version: '1',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_TEST',
    userName: sub,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'podium-web' },
    triggerSource,
    request: { userAttributes: { sub, email: `${sub}@example.test`, email_verified: 'true', 'cognito:user_status': 'CONFIRMED' } },
    response: {},
  };
}

describe('recording an account', () => {
  it('writes the record once; a second recording leaves the first as it was', async () => {
    h.clock.set(START);
    expect(await recordAccountCreated(h.deps, 'u-acc-1')).toEqual({ written: true });
    expect(await record('u-acc-1')).toMatchObject({ type: 'Account', sub: 'u-acc-1', createdAt: '2026-12-01T10:00:00.000Z', source: 'created' });
    h.clock.advance(3_600_000);
    expect(await recordAccountCreated(h.deps, 'u-acc-1')).toEqual({ written: false });
    expect(await recordAccountCreated(h.deps, 'u-acc-1', '2020-01-01T00:00:00Z')).toEqual({ written: false });
    expect((await record('u-acc-1'))?.createdAt).toBe('2026-12-01T10:00:00.000Z');
  });

  it('of concurrent recordings exactly one writes', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => recordAccountCreated(h.deps, 'u-acc-race', `2026-11-0${i + 1}T00:00:00Z`)));
    expect(results.filter((r) => r.written)).toHaveLength(1);
    const stored = await record('u-acc-race');
    const winner = results.findIndex((r) => r.written);
    expect(stored?.createdAt).toBe(`2026-11-0${winner + 1}T00:00:00.000Z`);
  });

  it('refuses a record without a subject or with a time that is not one', async () => {
    await expect(recordAccountCreated(h.deps, ' ')).rejects.toThrow(/subject/);
    await expect(recordAccountCreated(h.deps, 'u-acc-bad', 'yesterday')).rejects.toThrow(/instant/);
    expect(await record('u-acc-bad')).toBeUndefined();
  });

  it('reads creation times in batches of 100, leaving out accounts without a record', async () => {
    const subs = Array.from({ length: 230 }, (_, i) => `u-acc-many-${i}`);
    await Promise.all(subs.slice(0, 150).map((s) => recordAccountCreated(h.deps, s, '2026-11-30T12:00:00Z')));
    const calls: number[] = [];
    const stop = h.db.onCall((e) => {
      if (e.phase === 'start' && e.operation === 'BatchGetItem') calls.push((e.input as { RequestItems: Record<string, { Keys: unknown[] }> }).RequestItems[h.table]!.Keys.length);
    });
    const times = await accountCreationTimes(h.deps, [...subs, ...subs.slice(0, 10)]);
    stop();
    expect(times.size).toBe(150);
    expect(times.get('u-acc-many-0')).toBe('2026-11-30T12:00:00.000Z');
    expect(times.has('u-acc-many-200')).toBe(false);
    expect(calls.sort((a, b) => b - a)).toEqual([100, 100, 30]);
  });
});

describe('the Cognito post-confirmation trigger', () => {
  const handler = accountCreatedHandler(() => h.deps);

  it('records a confirmed sign-up and returns the event (Cognito requires it); a replay changes nothing', async () => {
    h.clock.set('2026-12-01T11:00:00Z');
    const event = confirmation('u-cognito-1');
    const answer = await handler(event);
    expect(answer).toBe(event);
    expect(answer).toEqual(confirmation('u-cognito-1'));
    expect(await record('u-cognito-1')).toMatchObject({ createdAt: '2026-12-01T11:00:00.000Z', source: 'created' });
    h.clock.advance(60_000);
    expect(await handler(confirmation('u-cognito-1'))).toEqual(confirmation('u-cognito-1'));
    expect((await record('u-cognito-1'))?.createdAt).toBe('2026-12-01T11:00:00.000Z');
  });

  it('records nothing for a confirmed password reset (not a new account), and still returns the event', async () => {
    const event = confirmation('u-cognito-reset', 'PostConfirmation_ConfirmForgotPassword');
    expect(await handler(event)).toBe(event);
    expect(await record('u-cognito-reset')).toBeUndefined();
  });

  it('returns the event when it cannot record (no sub), so the sign-up is not shown an error', async () => {
    const event = confirmation('');
    const out = await captureOutput(() => handler(event));
    expect(out.result).toBe(event);
    expect(out.logs).toEqual([expect.objectContaining({ level: 'ERROR', message: 'account record not written' })]);
    expect((await h.allItems()).filter((i) => i.pk === 'USER#')).toEqual([]);
  });
});

describe('the local identity provider', () => {
  it('records its accounts at start once: a second start writes nothing', async () => {
    expect(await recordDemoAccounts(h.deps)).toBe(DEMO_ACCOUNTS.length);
    expect(await recordDemoAccounts(h.deps)).toBe(0);
    const items = await h.allItems();
    for (const a of DEMO_ACCOUNTS)
      expect(items.find((i) => i.pk === `USER#${a.sub}` && i.sk === 'ACCOUNT'), a.email).toMatchObject({ createdAt: DEMO_ACCOUNTS_CREATED_AT, source: 'created' });
  });
});

describe('an account older than the records', () => {
  const voter = (n: string): Identity => ({ sub: `u-acc-voter-${n}`, email: `acc-voter-${n}@audience.test`, name: `Voter ${n}`, groups: [] });

  async function vote(base: string, who: Identity, choices: string[], ip: string) {
    const res = await h.app.request(
      `${base}/ballot`,
      { method: 'PUT', headers: { authorization: `Bearer ${await h.token(who)}`, 'content-type': 'application/json' }, body: JSON.stringify({ choices }) },
      { requestContext: { http: { sourceIp: ip } } },
    );
    return res.status;
  }

  it('is recorded first-seen at its first ballot (a created record is kept), and such accounts never count as new', async () => {
    h.clock.set(START);
    const c = await openCompetition(h, { title: 'Accounts' });
    const cid = c.id as string;
    const subs: string[] = [];
    for (const [i, who] of [people.sme1, people.sme2].entries()) {
      expect((await h.call('POST', `/api/competitions/${cid}/registration`, who, registrationInput({ organisationName: `Acc team ${i}`, registryId: `BE04000000${i}1` }))).status).toBe(201);
      const s = await h.call('POST', `/api/competitions/${cid}/submissions`, who, submissionContent({ title: `Acc entry ${i}` }));
      expect((await h.call('POST', `/api/competitions/${cid}/submissions/${s.json.id}/submit`, who, { version: 1 })).status).toBe(200);
      subs.push(s.json.id);
    }
    const base = `/api/competitions/${cid}/audience-vote`;
    const put = await h.call('PUT', base, people.organiser, { opensAt: '2026-11-30T09:00', closesAt: '2026-12-10T18:00', maxChoices: 2, liveCounts: false });
    expect(put.status, put.text).toBe(200);

    // One account created an hour ago (its record); three with no record at all, all voting alike.
    await recordAccountCreated(h.deps, voter('new').sub, '2026-12-01T09:00:00Z');
    for (const [i, n] of ['new', 'old1', 'old2', 'old3'].entries()) expect(await vote(base, voter(n), [subs[0]!, subs[1]!], `100.66.0.${i + 1}`)).toBe(200);

    expect(await record(voter('new').sub)).toMatchObject({ createdAt: '2026-12-01T09:00:00.000Z', source: 'created' });
    for (const n of ['old1', 'old2', 'old3']) expect(await record(voter(n).sub), n).toMatchObject({ createdAt: '2026-12-01T10:00:00.000Z', source: 'first-seen' });
    // A second ballot write keeps the first sighting.
    h.clock.advance(60_000);
    expect(await vote(base, voter('old1'), [subs[0]!], '100.66.0.2')).toBe(200);
    expect((await record(voter('old1').sub))?.createdAt).toBe('2026-12-01T10:00:00.000Z');
    expect(await vote(base, voter('old1'), [subs[0]!, subs[1]!], '100.66.0.2')).toBe(200);

    // Four alike, but only one is known to be new: no cluster.
    const review = await h.call('GET', `${base}/ballots?limit=100`, people.organiser);
    expect(review.json.items).toHaveLength(4);
    expect((review.json.items as { flags: string[] }[]).flatMap((b) => b.flags)).toEqual([]);
  });
});
