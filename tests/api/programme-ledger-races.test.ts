/**
 * The cross-call ledger under concurrency, through the API against dynalite, over many trials:
 * confirmations in two calls racing for one SME's programme cap, for the last euro of the
 * programme budget, racing a limits edit that lowers both, and racing withdrawals — the programme
 * ledger's stored totals always equal the sum of the stored awards of its calls, every recipient's
 * total equals its awards, and neither ever ends over the limits stored at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/api-harness.ts';
import { confirm, coordinator, programmeWorld, withdraw } from '../support/programme-world.ts';
import type { World } from '../support/results-world.ts';

const TRIALS = 8;
const RACE_TIMEOUT = 240_000;
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

/** Every invariant, on what is stored: ledger item, recipients, and the calls' awards agree and stay within the limits. */
async function expectStoredProgramme(programmeId: string, calls: World[]) {
  const ledger = (await h.deps.programmeLedger.get(programmeId))!;
  expect(ledger.inFlight).toBe(0);
  const perCall = await Promise.all(calls.map((w) => h.deps.awards.getLedger(w.cid)));
  for (const l of perCall) {
    expect(l.inFlight).toBe(0);
    expect(l.committed).toBe(l.awards.reduce((t, a) => t + a.amount, 0));
  }
  const awards = perCall.flatMap((l) => l.awards);
  expect(ledger.committed).toBe(awards.reduce((t, a) => t + a.amount, 0));
  expect(ledger.smeCommitted).toBe(awards.filter((a) => a.isSme).reduce((t, a) => t + a.amount, 0));
  expect(ledger.committed).toBeLessThanOrEqual(ledger.budget);
  const perOrg: Record<string, number> = {};
  for (const a of awards) perOrg[a.organisationKey] = (perOrg[a.organisationKey] ?? 0) + a.amount;
  const recipients = await h.deps.programmeLedger.allRecipients(programmeId);
  expect(Object.fromEntries(recipients.filter((r) => r.total !== 0).map((r) => [r.organisationKey, r.total]))).toEqual(perOrg);
  for (const total of Object.values(perOrg)) expect(total).toBeLessThanOrEqual(ledger.thirdPartyCap);
  return { ledger, perOrg };
}

async function limitsVersion(programmeId: string) {
  return (await h.call('GET', `/api/programmes/${programmeId}/limits`, coordinator)).json.version as number;
}

/** Saves limits, retrying a stale version; 'refused' when they no longer fit what is stored. */
async function saveLimits(programmeId: string, body: { totalBudget: number; thirdPartyCap: number; minSmeShare?: number }, knownVersion?: number) {
  for (let i = 0; i < 50; i++) {
    const version = i === 0 && knownVersion !== undefined ? knownVersion : await limitsVersion(programmeId);
    const r = await h.call('PUT', `/api/programmes/${programmeId}/limits`, coordinator, { minSmeShare: 0.75, ...body, version });
    if (r.status === 200) return 'saved';
    expect(r.status, r.text).toBe(409);
    if (r.json.error.code !== 'VERSION_CONFLICT') return 'refused';
  }
  return 'gave up';
}

/** Withdraws every award of every call, then puts the limits back. */
async function reset(programmeId: string, calls: World[], limits: { totalBudget: number; thirdPartyCap: number }) {
  for (const w of calls)
    for (const a of (await h.deps.awards.getLedger(w.cid)).awards) expect((await withdraw(h, w, a.key)).status).toBe(200);
  expect(await saveLimits(programmeId, limits)).toBe('saved');
}

describe('confirmations racing for one programme', () => {
  let calls: World[];
  // Each call's own plan: €200,000, €60,000 per organisation, lump sums €10,000, vouchers €5,000.
  const base = { totalBudget: 100_000_000, thirdPartyCap: 2_000_000 }; // €1,000,000 and €20,000, in cents
  beforeAll(async () => {
    ({ calls } = await programmeWorld(h, 'race', { calls: 2, n: 6, programme: base }));
  });

  it(`two calls racing for the same SMEs' cap never pass it (${TRIALS} trials)`, async () => {
    // €20,000 per third party across the calls; each SME asks for a lump sum and a voucher in both
    // calls at once (€30,000): what fits in each call alone breaks the programme's cap together.
    let capRefusals = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      await reset('race', calls, base);
      const requests = calls.flatMap((w) => w.subs.slice(0, 3).flatMap((sid) => [{ w, a: { submissionId: sid, type: 'lump-sum' } }, { w, a: { submissionId: sid, type: 'voucher' } }]));
      const settled = await Promise.all(requests.map(({ w, a }) => confirm(h, w, a)));
      let busy = false;
      for (const r of settled.filter((x) => x.status !== 200)) {
        expect(r.status, r.text).toBe(409);
        expect(['PROGRAMME_CAP', 'AWARDS_BUSY']).toContain(r.json.error.code);
        if (r.json.error.code === 'PROGRAMME_CAP') capRefusals++;
        else busy = true;
      }
      const { perOrg } = await expectStoredProgramme('race', calls);
      // Each of the three SMEs ends at exactly €20,000 (every mix of what they asked for that fits
      // reaches it): never over, and never refused short of what fits — unless told to try again.
      expect(Object.keys(perOrg)).toHaveLength(3);
      for (const total of Object.values(perOrg)) expect(busy ? [1_000_000, 1_500_000, 2_000_000] : [2_000_000]).toContain(total);
    }
    expect(capRefusals).toBeGreaterThan(0);
  }, RACE_TIMEOUT);

  it('the last euro of the programme budget: exactly what fits is confirmed, across the calls', async () => {
    // €27,500 for the programme: five €5,000 vouchers fit, €2,500 is left that no voucher fits in.
    for (let trial = 0; trial < 4; trial++) {
      await reset('race', calls, { totalBudget: 2_750_000, thirdPartyCap: 2_000_000 });
      const settled = await Promise.all(calls.flatMap((w) => w.subs.map((sid) => confirm(h, w, { submissionId: sid, type: 'voucher' }))));
      expect(settled.filter((r) => r.status === 200)).toHaveLength(5);
      for (const r of settled.filter((x) => x.status !== 200)) {
        expect(r.status, r.text).toBe(409);
        expect(r.json.error.code).toBe('PROGRAMME_BUDGET');
        expect(r.json.error.message).toContain('Only €2,500 of GreenChain');
      }
      const { ledger } = await expectStoredProgramme('race', calls);
      expect(ledger.committed).toBe(2_500_000);
    }
  }, RACE_TIMEOUT);

  it(`confirmations racing a limits edit that lowers the budget and the cap never end over the new limits (${TRIALS} trials)`, async () => {
    // The confirmations' reservation on the programme ledger is held back a little, so the edit
    // lands between a confirmation's reading of the limits and its reservation: the race the
    // ledger's limits-version condition exists for, made to happen rather than hoped for. (An edit
    // arriving after a reservation waits for it: the in-flight condition.)
    let hold = false;
    let refusedReservations = 0;
    const stop = h.db.onCall(async (e) => {
      if (e.operation !== 'UpdateItem' || e.input.Key?.sk !== 'LEDGER' || !String(e.input.UpdateExpression ?? '').includes('committed = committed + :amt')) return;
      if (hold && e.phase === 'start') await new Promise((r) => setTimeout(r, 40));
      if (e.phase === 'end' && e.error) refusedReservations++;
    });
    const outcomes = new Map<string, number>();
    const lowered = { totalBudget: 4_000_000, thirdPartyCap: 1_000_000 };
    try {
      for (let trial = 0; trial < TRIALS; trial++) {
        await reset('race', calls, { totalBudget: 10_000_000, thirdPartyCap: 2_000_000 });
        const version = await limitsVersion('race');
        hold = true;
        const requests = calls.flatMap((w, ci) => w.subs.map((sid, i) => ({ w, a: { submissionId: sid, type: (i + ci + trial) % 2 === 0 ? 'lump-sum' : 'voucher' } })));
        // The edit starts first; the confirmations (which read the limits, then reserve) a little later in each trial.
        const edit = saveLimits('race', lowered, version);
        const confirmations = requests.map(({ w, a }, i) => new Promise((r) => setTimeout(r, (trial % 4) * 8 + (i % 3))).then(() => confirm(h, w, a)));
        const [edited, ...settled] = await Promise.all([edit, ...confirmations]);
        hold = false;
        outcomes.set(edited, (outcomes.get(edited) ?? 0) + 1);
        for (const r of settled as { status: number; text: string; json: any }[]) {
          expect([200, 409], r.text).toContain(r.status);
          if (r.status === 409) expect(['PROGRAMME_CAP', 'PROGRAMME_BUDGET', 'AWARDS_BUSY']).toContain(r.json.error.code);
        }
        const { ledger } = await expectStoredProgramme('race', calls);
        if (edited === 'saved') expect([ledger.budget, ledger.thirdPartyCap]).toEqual([4_000_000, 1_000_000]);
      }
    } finally {
      hold = false;
      stop();
    }
    // The race was real: the lowered limits won while confirmations were in flight, and
    // reservations made against the limits read before the edit were refused and checked again.
    expect(outcomes.get('saved') ?? 0).toBeGreaterThan(0);
    expect(refusedReservations).toBeGreaterThan(0);
  }, RACE_TIMEOUT);

  it(`withdrawals racing confirmations in both calls keep the programme ledger exact (${TRIALS / 2} trials)`, async () => {
    const [c1, c2] = calls as [World, World];
    for (let trial = 0; trial < TRIALS / 2; trial++) {
      await reset('race', calls, base);
      const first = c1.subs.map((sid) => ({ submissionId: sid, type: 'voucher' }));
      for (const a of first) expect((await confirm(h, c1, a)).status).toBe(200);
      const withdrawals = first.map((a) => withdraw(h, c1, `voucher:${a.submissionId}`));
      // Re-confirming the awards being withdrawn, and the same SMEs' awards in call 2, all at once.
      const confirmations = [...first.map((a) => confirm(h, c1, a)), ...c2.subs.flatMap((sid) => [confirm(h, c2, { submissionId: sid, type: 'lump-sum' }), confirm(h, c2, { submissionId: sid, type: 'voucher' })])];
      const all = await Promise.all([...withdrawals, ...confirmations]);
      for (const r of all) expect([200, 404, 409], r.text).toContain(r.status);
      await expectStoredProgramme('race', calls);
    }
  }, RACE_TIMEOUT);
});
