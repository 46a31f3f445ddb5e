/**
 * The cross-call ledger through the API against dynalite (issue 13 §2): a third party's total
 * across a programme's calls is held to the programme's cap and the calls together to its budget,
 * refused with a sentence that says which limit; withdrawals give the money back; the coordinator
 * changes the limits (never below what is committed or received) and enters non-SME spending; the
 * dashboard and the CSV exports show what is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/api-harness.ts';
import { recordRoundTrips } from '../support/db-round-trips.ts';
import { attach, confirm, coordinator, createProgramme, observer, outsider, programmeWorld, withdraw } from '../support/programme-world.ts';
import { decidedWorld, type World } from '../support/results-world.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const dashboard = async (id: string, who = coordinator) => {
  const r = await h.call('GET', `/api/programmes/${id}/dashboard`, who);
  expect(r.status, r.text).toBe(200);
  return r.json;
};

/** What the stored items say: the ledger item and every recipient agree with the stored awards of every call. */
async function expectStoredProgramme(programmeId: string, calls: World[]) {
  const ledger = (await h.deps.programmeLedger.get(programmeId))!;
  expect(ledger.inFlight).toBe(0);
  const awards = (await Promise.all(calls.map((w) => h.deps.awards.getLedger(w.cid)))).flatMap((l) => l.awards);
  expect(ledger.committed).toBe(awards.reduce((t, a) => t + a.amount, 0));
  expect(ledger.smeCommitted).toBe(awards.filter((a) => a.isSme).reduce((t, a) => t + a.amount, 0));
  const perOrg: Record<string, number> = {};
  for (const a of awards) perOrg[a.organisationKey] = (perOrg[a.organisationKey] ?? 0) + a.amount;
  const recipients = await h.deps.programmeLedger.allRecipients(programmeId);
  expect(Object.fromEntries(recipients.filter((r) => r.total !== 0).map((r) => [r.organisationKey, r.total]))).toEqual(perOrg);
  for (const r of recipients) expect(r.total).toBeLessThanOrEqual(ledger.thirdPartyCap);
  expect(ledger.committed).toBeLessThanOrEqual(ledger.budget);
  return { ledger, recipients, awards };
}

describe('one cap per third party across the calls', () => {
  let calls: World[];
  beforeAll(async () => {
    ({ calls } = await programmeWorld(h, 'cap', { calls: 2, n: 3 }));
  });

  it('refuses the award that would pass the cap in call 2, naming the limit and what was received', async () => {
    const [c1, c2] = calls as [World, World];
    // Entrant 0 of both calls is one organisation (the same registry id): €50,000 + €5,000 in call 1.
    expect((await confirm(h, c1, { submissionId: c1.subs[0], type: 'prize', rank: 1 })).status).toBe(200);
    expect((await confirm(h, c1, { submissionId: c1.subs[0], type: 'voucher' })).status).toBe(200);
    // €10,000 more in call 2 would be €65,000: over the programme's cap (each call's own cap holds).
    const refused = await confirm(h, c2, { submissionId: c2.subs[0], type: 'lump-sum' });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.json.error.code).toBe('PROGRAMME_CAP');
    expect(refused.json.error.message).toBe("Org capc1e0 has received €55,000 from GreenChain's calls; €10,000 more would pass the programme's cap of €60,000 per third party.");
    expect(refused.json.error.params).toEqual({ organisation: 'Org capc1e0', received: 5_500_000, amount: 1_000_000, cap: 6_000_000, currency: 'EUR', programme: 'GreenChain' });
    // A €5,000 voucher reaches the cap exactly: allowed.
    expect((await confirm(h, c2, { submissionId: c2.subs[0], type: 'voucher' })).status).toBe(200);
    // Another organisation is not held back by it.
    expect((await confirm(h, c2, { submissionId: c2.subs[1], type: 'lump-sum' })).status).toBe(200);
    const { recipients } = await expectStoredProgramme('cap', calls);
    expect(recipients.find((r) => r.total === 6_000_000)).toMatchObject({ registryId: 'BE0300000000', awards: 3, isSme: true, country: 'BE' });
    // Nothing of the refused award is stored in call 2.
    expect((await h.deps.awards.getLedger(c2.cid)).awards.map((a) => a.key).sort()).toEqual([`lump-sum:${c2.subs[1]}`, `voucher:${c2.subs[0]}`].sort());
  });

  it('a withdrawal in call 1 frees room under the cap for call 2', async () => {
    const [c1, c2] = calls as [World, World];
    expect((await withdraw(h, c1, `voucher:${c1.subs[0]}`)).status).toBe(200);
    const r = await confirm(h, c2, { submissionId: c2.subs[0], type: 'prize', rank: 2 });
    expect(r.status).toBe(409); // €30,000 does not fit in €5,000
    expect(r.json.error.message).toContain('has received €55,000');
    expect((await h.call('GET', `${c2.base}/prize-plan`, coordinator)).json.awards.map((a: { key: string }) => a.key)).not.toContain(`prize:${c2.subs[0]}`);
    expect((await confirm(h, c1, { submissionId: c1.subs[0], type: 'voucher' })).status).toBe(200);
    await expectStoredProgramme('cap', calls);
  });

  it('shows the calls, the recipient at the cap, and SMEs by country and sector on the dashboard', async () => {
    const d = await dashboard('cap');
    expect(d.limits).toEqual({ budget: 120_000_000, thirdPartyCap: 6_000_000, minSmeShare: 0.75, limitsVersion: 1 });
    expect(d.committed).toBe(5_000_000 + 500_000 + 500_000 + 1_000_000);
    expect(d.calls.map((c: { competitionId: string; committed: number }) => [c.competitionId, c.committed]).sort()).toEqual(
      [[calls[0]!.cid, 5_500_000], [calls[1]!.cid, 1_500_000]].sort(),
    );
    expect(d.calls.find((c: { competitionId: string }) => c.competitionId === calls[1]!.cid).partnerName).toBe('Pôle Sud');
    expect(d.topRecipients[0]).toMatchObject({ total: 6_000_000, atCap: true, capLeft: 0 });
    expect(d.recipients).toBe(2);
    expect(d.byCountry).toEqual([{ key: 'BE', smes: 2, amount: 7_000_000 }]);
    expect(d.bySector).toEqual([{ key: 'logistics', smes: 2, amount: 7_000_000 }]);
    expect(d.smeCommitted).toBe(7_000_000);
    expect(d.smeShareOfBudget).toBeCloseTo(7_000_000 / 120_000_000, 10);
    expect(d.smeShareHolds).toBe(false);
    expect(d.smeShortfall).toBe(90_000_000 - 7_000_000);
  });

  it('lets every person of the programme read the dashboard and nobody else (404)', async () => {
    expect((await dashboard('cap', observer)).programmeName).toBe('GreenChain');
    expect((await h.call('GET', '/api/programmes/cap/dashboard', outsider)).status).toBe(404);
    expect((await h.call('GET', '/api/programmes/nope/dashboard', coordinator)).status).toBe(404);
    expect((await h.call('GET', '/api/programmes/cap/dashboard')).status).toBe(401);
  });

  it('pages the recipients with a cursor', async () => {
    const first = await h.call('GET', '/api/programmes/cap/recipients?limit=1', observer);
    expect(first.status, first.text).toBe(200);
    expect(first.json.items).toHaveLength(1);
    const second = await h.call('GET', `/api/programmes/cap/recipients?limit=1&cursor=${encodeURIComponent(first.json.nextCursor)}`, observer);
    expect(second.json.items).toHaveLength(1);
    expect(second.json.items[0].organisationKey).not.toBe(first.json.items[0].organisationKey);
  });
});

describe('one budget across the calls', () => {
  it('refuses the confirmation that would pass the programme budget, in any call', async () => {
    // €100,000 for the programme; each call's own plan offers €200,000.
    const { calls } = await programmeWorld(h, 'budget', { calls: 2, n: 3, programme: { totalBudget: 10_000_000 } });
    const [c1, c2] = calls as [World, World];
    expect((await confirm(h, c1, { submissionId: c1.subs[0], type: 'prize', rank: 1 })).status).toBe(200);
    expect((await confirm(h, c2, { submissionId: c2.subs[1], type: 'prize', rank: 1 })).status).toBe(200);
    const over = await confirm(h, c1, { submissionId: c1.subs[2], type: 'prize', rank: 2 });
    expect(over.status, over.text).toBe(409);
    expect(over.json.error.code).toBe('PROGRAMME_BUDGET');
    expect(over.json.error.message).toBe("Only €0 of GreenChain's budget of €100,000 is left across its calls; this award needs €30,000.");
    // The call's own ledger took nothing either.
    expect((await h.deps.awards.getTotals(c1.cid)).committed).toBe(5_000_000);
    await expectStoredProgramme('budget', calls);
  });

  it('leaves a competition outside any programme as it was: its own plan only', async () => {
    const w = await decidedWorld(h, { n: 2, title: 'Alone', prefix: 'alone' });
    expect((await confirm(h, w, { submissionId: w.subs[0], type: 'prize', rank: 1 })).status).toBe(200);
    expect((await confirm(h, w, { submissionId: w.subs[0], type: 'voucher' })).status).toBe(200);
    expect((await confirm(h, w, { submissionId: w.subs[0], type: 'lump-sum' })).json.error.code).toBe('OVER_CAP');
  });
});

describe('the programme limits', () => {
  let calls: World[];
  const limits = async () => (await h.call('GET', '/api/programmes/lim/limits', coordinator)).json;
  beforeAll(async () => {
    ({ calls } = await programmeWorld(h, 'lim', { calls: 1, n: 2 }));
    expect((await confirm(h, calls[0]!, { submissionId: calls[0]!.subs[0], type: 'prize', rank: 1 })).status).toBe(200);
  });

  it('starts from the programme (minor units, as awards) and changes only for its coordinators, audited', async () => {
    expect(await limits()).toEqual({ currency: 'EUR', totalBudget: 120_000_000, thirdPartyCap: 6_000_000, minSmeShare: 0.75, version: 1, committed: 5_000_000, currencyLocked: expect.stringContaining('its currency stays EUR') });
    const body = { totalBudget: 90_000_000, thirdPartyCap: 5_500_000, minSmeShare: 0.8, version: 1 };
    expect((await h.call('PUT', '/api/programmes/lim/limits', observer, body)).status).toBe(403);
    expect((await h.call('PUT', '/api/programmes/lim/limits', outsider, body)).status).toBe(404);
    const saved = await h.call('PUT', '/api/programmes/lim/limits', coordinator, body);
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json).toMatchObject({ totalBudget: 90_000_000, thirdPartyCap: 5_500_000, minSmeShare: 0.8, version: 2 });
    // The programme item carries the copy its pages show.
    expect(await h.deps.programmes.get('lim')).toMatchObject({ totalBudget: 90_000_000, thirdPartyCap: 5_500_000, minSmeShare: 0.8 });
    const trail = await h.deps.audit.list('programme:lim', 50);
    expect(trail.items.find((e) => e.action === 'programme.limits-changed')).toMatchObject({ actor: { email: coordinator.email }, after: { totalBudget: 90_000_000, version: 2, unit: 'minor' } });
    // A stale version is refused.
    const stale = await h.call('PUT', '/api/programmes/lim/limits', coordinator, { ...body, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe('VERSION_CONFLICT');
  });

  it('refuses a budget below what is committed and a cap below what someone received (named)', async () => {
    const budget = await h.call('PUT', '/api/programmes/lim/limits', coordinator, { totalBudget: 4_000_000, thirdPartyCap: 5_500_000, minSmeShare: 0.8, version: 2 });
    expect(budget.status).toBe(409);
    expect(budget.json.error.code).toBe('PROGRAMME_BUDGET_BELOW_COMMITTED');
    expect(budget.json.error.fields.totalBudget).toBe("The programme's calls have committed €50,000 already; the budget cannot be lower.");
    expect(budget.json.error.message).toContain('€50,000');
    const cap = await h.call('PUT', '/api/programmes/lim/limits', coordinator, { totalBudget: 90_000_000, thirdPartyCap: 4_500_000, minSmeShare: 0.8, version: 2 });
    expect(cap.status).toBe(409);
    expect(cap.json.error.code).toBe('PROGRAMME_CAP_BELOW_RECIPIENT');
    expect(cap.json.error.message).toContain('Org limc0e0 (€50,000)');
    expect((await limits()).version).toBe(2);
  });

  it('answers bad input with 400 and the field', async () => {
    const r = await h.call('PUT', '/api/programmes/lim/limits', coordinator, { totalBudget: -1, thirdPartyCap: 5_500_000, minSmeShare: 1.5, version: 2 });
    expect(r.status).toBe(400);
    expect(Object.keys(r.json.error.fields).sort()).toEqual(['minSmeShare', 'totalBudget']);
  });

  it('holds a lowered cap for the confirmations after it', async () => {
    expect((await h.call('PUT', '/api/programmes/lim/limits', coordinator, { totalBudget: 90_000_000, thirdPartyCap: 5_200_000, minSmeShare: 0.8, version: 2 })).status).toBe(200);
    const r = await confirm(h, calls[0]!, { submissionId: calls[0]!.subs[0], type: 'voucher' });
    expect(r.json.error.code).toBe('PROGRAMME_CAP');
    expect(r.json.error.message).toContain("the programme's cap of €52,000 per third party");
  });
});

describe('programmes stored before amounts were cents', () => {
  it('read in minor units (converted as read, the stored item untouched) and are written in minor units on the next save', async () => {
    const { calls } = await programmeWorld(h, 'legacy', { calls: 1, n: 2 });
    const stored = (await h.allItems()).find((i) => i.pk === 'PROG#legacy' && i.sk === 'PROG')!;
    // As a programme item was written before: schema 1, whole euros.
    await h.putRaw({ ...stored, schemaVersion: 1, totalBudget: 1_200_000, thirdPartyCap: 60_000 });
    const read = await h.call('GET', '/api/programmes/legacy', coordinator);
    expect(read.json).toMatchObject({ totalBudget: 120_000_000, thirdPartyCap: 6_000_000 });
    expect(await limitsOf('legacy')).toMatchObject({ totalBudget: 120_000_000, thirdPartyCap: 6_000_000 });
    // The ledger item made from it on the first confirmation has the same figures.
    expect((await confirm(h, calls[0]!, { submissionId: calls[0]!.subs[0], type: 'prize', rank: 1 })).status).toBe(200);
    expect(await h.deps.programmeLedger.get('legacy')).toMatchObject({ budget: 120_000_000, thirdPartyCap: 6_000_000, committed: 5_000_000 });
    expect((await h.allItems()).find((i) => i.pk === 'PROG#legacy' && i.sk === 'PROG')).toMatchObject({ schemaVersion: 1, totalBudget: 1_200_000 });
    const { myRole: _, ...edit } = read.json;
    const saved = await h.call('PUT', '/api/programmes/legacy', coordinator, { name: 'GreenChain (renamed)', description: edit.description, partners: edit.partners, coordinatorPartnerId: edit.coordinatorPartnerId, period: edit.period, currency: edit.currency, version: edit.version });
    expect(saved.status, saved.text).toBe(200);
    expect((await h.allItems()).find((i) => i.pk === 'PROG#legacy' && i.sk === 'PROG')).toMatchObject({ schemaVersion: 2, totalBudget: 120_000_000, thirdPartyCap: 6_000_000 });
  });
});

const limitsOf = async (id: string) => (await h.call('GET', `/api/programmes/${id}/limits`, coordinator)).json;
async function editCurrency(id: string, currency: string) {
  const p = (await h.call('GET', `/api/programmes/${id}`, coordinator)).json;
  return h.call('PUT', `/api/programmes/${id}`, coordinator, { name: p.name, description: p.description, partners: p.partners, coordinatorPartnerId: p.coordinatorPartnerId, period: p.period, currency, version: p.version });
}

describe('the programme currency', () => {
  it('changes while nothing is confirmed, then is locked with a sentence and a stable code', async () => {
    const { calls } = await programmeWorld(h, 'cur', { calls: 1, n: 2 });
    expect((await limitsOf('cur')).currencyLocked).toBeUndefined();
    const changed = await editCurrency('cur', 'USD');
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json.currency).toBe('USD');
    expect(await limitsOf('cur')).toMatchObject({ currency: 'USD', totalBudget: 120_000_000, version: 2 });
    expect((await editCurrency('cur', 'EUR')).status).toBe(200);
    expect((await confirm(h, calls[0]!, { submissionId: calls[0]!.subs[0], type: 'prize', rank: 1 })).status).toBe(200);
    const locked = await editCurrency('cur', 'USD');
    expect(locked.status, locked.text).toBe(409);
    expect(locked.json.error.code).toBe('PROGRAMME_CURRENCY_LOCKED');
    expect(locked.json.error.message).toBe("Awards in EUR are confirmed in this programme's calls, so its currency stays EUR: the budget, the cap and every award are amounts in it.");
    expect(locked.json.error.fields).toHaveProperty('currency');
    expect((await limitsOf('cur')).currencyLocked).toBe(locked.json.error.message);
    // Nothing moved: neither the programme nor its ledger.
    expect((await h.call('GET', '/api/programmes/cur', coordinator)).json.currency).toBe('EUR');
    expect((await h.deps.programmeLedger.get('cur'))!.currency).toBe('EUR');
    // Other edits still go through with the currency as it is.
    expect((await editCurrency('cur', 'EUR')).status).toBe(200);
  });

  it('is locked by a call that confirmed awards before it joined the programme', async () => {
    await createProgramme(h, 'cur2');
    const w = await decidedWorld(h, { n: 2, title: 'Joined later', prefix: 'cur2late' });
    expect((await confirm(h, w, { submissionId: w.subs[0], type: 'prize', rank: 1 })).status).toBe(200);
    await attach(h, 'cur2', w.cid);
    // The programme's own ledger has nothing; the call's awards are in euros all the same.
    expect((await h.deps.programmeLedger.get('cur2'))!.committed).toBe(0);
    const locked = await editCurrency('cur2', 'USD');
    expect(locked.status, locked.text).toBe(409);
    expect(locked.json.error.code).toBe('PROGRAMME_CURRENCY_LOCKED');
    expect((await h.deps.programmeLedger.get('cur2'))!.currency).toBe('EUR');
  });
});

describe('a limits change while confirmations keep running', () => {
  it('gives up after waiting with its own code and a sentence, and saves nothing', async () => {
    const { calls } = await programmeWorld(h, 'busy', { calls: 1, n: 2 });
    expect((await confirm(h, calls[0]!, { submissionId: calls[0]!.subs[0], type: 'prize', rank: 1 })).status).toBe(200);
    // A confirmation in flight that does not end while the edit waits (young, so not an orphan).
    const ledger = structuredClone((await h.allItems()).find((i) => i.pk === 'PROG#busy' && i.sk === 'LEDGER')!) as Record<string, any>;
    ledger.pending = { stuck: { kind: 'confirm', competitionId: calls[0]!.cid, key: 'voucher:x', org: 'x', amount: 1, sme: true, at: Date.now() + 60_000 } };
    await h.putRaw(ledger);
    const r = await h.call('PUT', '/api/programmes/busy/limits', coordinator, { totalBudget: 90_000_000, thirdPartyCap: 5_500_000, minSmeShare: 0.8, version: 1 });
    expect(r.status, r.text).toBe(409);
    expect(r.json.error.code).toBe('PROGRAMME_LIMITS_BUSY');
    expect(r.json.error.message).toMatch(/limits were not changed\. Nothing was saved/);
    expect(await limitsOf('busy')).toMatchObject({ totalBudget: 120_000_000, version: 1 });
    delete ledger.pending.stuck;
    await h.putRaw(ledger);
  }, 20_000);
});

describe('non-SME spending', () => {
  it('is entered, changed and removed by the coordinator, audited, and counted on the dashboard', async () => {
    const { calls } = await programmeWorld(h, 'spend', { calls: 1, n: 2 });
    expect((await confirm(h, calls[0]!, { submissionId: calls[0]!.subs[0], type: 'prize', rank: 1 })).status).toBe(200);
    const line = { label: 'Matchmaking event, Lyon', category: 'events', amount: 1_500_000, date: '2027-02-10' };
    expect((await h.call('POST', '/api/programmes/spend/spending', observer, line)).status).toBe(403);
    const bad = await h.call('POST', '/api/programmes/spend/spending', coordinator, { ...line, category: 'lunch', amount: 0 });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields)).toContain('category');
    const added = await h.call('POST', '/api/programmes/spend/spending', coordinator, line);
    expect(added.status, added.text).toBe(201);
    const second = await h.call('POST', '/api/programmes/spend/spending', coordinator, { label: 'Mentoring services', category: 'services', amount: 500_000, date: '2027-01-05' });
    const changed = await h.call('PUT', `/api/programmes/spend/spending/${second.json.id}`, coordinator, { label: 'Mentoring services', category: 'services', amount: 1_000_000, date: '2027-01-05', version: 1 });
    expect(changed.status, changed.text).toBe(200);
    expect((await h.call('PUT', `/api/programmes/spend/spending/${second.json.id}`, coordinator, { label: 'x', category: 'services', amount: 1, date: '2027-01-05', version: 1 })).status).toBe(409);
    const list = await h.call('GET', '/api/programmes/spend/spending', observer);
    expect(list.json.items.map((s: { label: string }) => s.label)).toEqual(['Mentoring services', 'Matchmaking event, Lyon']);
    expect(list.json.total).toBe(2_500_000);
    const d = await dashboard('spend');
    expect(d.otherSpending).toBe(2_500_000);
    expect(d.smeShareOfSpent).toBeCloseTo(5_000_000 / 7_500_000, 10);
    expect((await h.call('DELETE', `/api/programmes/spend/spending/${added.json.id}?version=2`, coordinator)).status).toBe(409);
    expect((await h.call('DELETE', `/api/programmes/spend/spending/${added.json.id}?version=1`, coordinator)).status).toBe(204);
    expect((await dashboard('spend')).otherSpending).toBe(1_000_000);
    const actions = (await h.deps.audit.list('programme:spend', 50)).items.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['programme.spending-added', 'programme.spending-changed', 'programme.spending-removed']));
  });
});

describe('CSV exports for the funder', () => {
  it('writes the recipients, calls and spending tables as a job with a download link', async () => {
    const { calls } = await programmeWorld(h, 'csv', { calls: 2, n: 2 });
    expect((await confirm(h, calls[0]!, { submissionId: calls[0]!.subs[0], type: 'prize', rank: 1 })).status).toBe(200);
    expect((await confirm(h, calls[1]!, { submissionId: calls[1]!.subs[0], type: 'voucher' })).status).toBe(200);
    expect((await h.call('POST', '/api/programmes/csv/exports', outsider, { file: 'recipients.csv' })).status).toBe(404);
    const started = await h.call('POST', '/api/programmes/csv/exports', observer, { file: 'recipients.csv' });
    expect(started.status, started.text).toBe(202);
    await h.jobsSettled();
    const job = (await h.call('GET', `/api/programmes/csv/jobs/${started.json.id}`, observer)).json;
    expect(job.state).toBe('succeeded');
    const text = await (await fetch(job.downloadUrl)).text();
    const lines = text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('Organisation,Registry id,Country,Sectors,SME,Total (EUR),Awards,Cap (EUR),Left under the cap (EUR)');
    expect(lines[1]).toMatch(/^Org csvc1e0,BE0300000000,BE,logistics,yes,55000.00,2,60000.00,5000.00$/);
    expect(lines).toHaveLength(2);
    const callsCsv = await h.call('POST', '/api/programmes/csv/exports', coordinator, { file: 'calls.csv' });
    await h.jobsSettled();
    const callsJob = (await h.call('GET', `/api/programmes/csv/jobs/${callsCsv.json.id}`, coordinator)).json;
    const callLines = (await (await fetch(callsJob.downloadUrl)).text()).trim().split(/\r?\n/);
    expect(callLines.at(-1)).toBe('All calls,,1200000.00,55000.00');
    expect((await h.call('POST', '/api/programmes/csv/exports', coordinator, { file: 'payments.csv' })).status).toBe(400);
  });
});

describe('a competition made a call after awards were confirmed', () => {
  it('takes back from the programme only what the programme counted', async () => {
    await createProgramme(h, 'late');
    const w = await decidedWorld(h, { n: 2, title: 'Late call', prefix: 'late' });
    expect((await confirm(h, w, { submissionId: w.subs[0], type: 'voucher' })).status).toBe(200);
    await attach(h, 'late', w.cid);
    expect((await confirm(h, w, { submissionId: w.subs[1], type: 'voucher' })).status).toBe(200);
    expect((await withdraw(h, w, `voucher:${w.subs[0]}`)).status).toBe(200);
    const l = (await h.deps.programmeLedger.get('late'))!;
    expect(l.committed).toBe(500_000);
    expect((await h.deps.programmeLedger.allRecipients('late')).map((r) => r.total)).toEqual([500_000]);
  });
});

describe('what a confirmation in a programme costs', () => {
  it('two more sequential round trips and three more writes than outside one', async () => {
    const rt = recordRoundTrips(h.db);
    const alone = await decidedWorld(h, { n: 2, title: 'Cost alone', prefix: 'costa' });
    const { calls } = await programmeWorld(h, 'cost', { calls: 1, n: 2 });
    const inProgramme = calls[0]!;
    // The first confirmation of each (the programme's creates its ledger item) is not the one measured.
    expect((await confirm(h, alone, { submissionId: alone.subs[1], type: 'voucher' })).status).toBe(200);
    expect((await confirm(h, inProgramme, { submissionId: inProgramme.subs[1], type: 'voucher' })).status).toBe(200);
    const a = await rt.measure(() => confirm(h, alone, { submissionId: alone.subs[0], type: 'voucher' }));
    const p = await rt.measure(() => confirm(h, inProgramme, { submissionId: inProgramme.subs[0], type: 'voucher' }));
    expect([a.result.status, p.result.status]).toEqual([200, 200]);
    const writes = (c: { operation: string }[]) => c.filter((x) => ['PutItem', 'UpdateItem', 'DeleteItem'].includes(x.operation)).length;
    // The programme's reservation and the recipient's total in sequence; its ledger read runs with
    // the first step and its end with the last, so they add no round trip.
    expect(p.sequential - a.sequential).toBe(2);
    expect(writes(p.calls) - writes(a.calls)).toBe(3);
  });
});

describe('a confirmation whose process died half-way', () => {
  it('is settled back by the next limits change: the programme, the recipient and the call all let its money go', async () => {
    const { calls } = await programmeWorld(h, 'orphan', { calls: 1, n: 2 });
    const w = calls[0]!;
    expect((await confirm(h, w, { submissionId: w.subs[0], type: 'prize', rank: 1 })).status).toBe(200);
    // The orphan: a €5,000 voucher for entrant 1 that reserved on the call's totals, on the programme
    // ledger and on the recipient, then its process died (three minutes ago) before its award item.
    const items = await h.allItems();
    const find = (pk: string, sk: string) => structuredClone(items.find((i) => i.pk === pk && i.sk === sk)!) as Record<string, any>;
    const totals = find(`COMP#${w.cid}`, 'AWARDS');
    const ledger = find('PROG#orphan', 'LEDGER');
    const org = (await h.deps.awards.getLedger(w.cid)).awards[0]!.organisationKey.replace(/0$/, '1');
    const at = Date.now() - 3 * 60_000;
    const key = `voucher:${w.subs[1]}`;
    totals.pending = { ...(totals.pending ?? {}), orph: { kind: 'confirm', key, org, amount: 500_000, type: 'voucher', submissionId: w.subs[1], counted: false, at, programmeId: 'orphan', sme: true } };
    totals.committed += 500_000;
    totals.version += 1;
    ledger.pending = { ...(ledger.pending ?? {}), orph: { kind: 'confirm', competitionId: w.cid, key, org, amount: 500_000, sme: true, at } };
    ledger.committed += 500_000;
    ledger.smeCommitted += 500_000;
    ledger.version += 1;
    await h.putRaw(totals);
    await h.putRaw(ledger);
    await h.putRaw({ pk: 'PROG#orphan', sk: `RECIPIENT#${org}`, type: 'ProgrammeRecipient', schemaVersion: 1, organisationKey: org, total: 500_000, awards: 1, sagas: new Set(['orph']) });
    expect((await h.deps.programmeLedger.get('orphan'))!.inFlight).toBe(1);

    const saved = await h.call('PUT', '/api/programmes/orphan/limits', coordinator, { totalBudget: 100_000_000, thirdPartyCap: 6_000_000, minSmeShare: 0.75, version: 1 });
    expect(saved.status, saved.text).toBe(200);
    const after = await expectStoredProgramme('orphan', calls);
    expect(after.ledger.committed).toBe(5_000_000);
    expect((await h.deps.awards.getTotals(w.cid)).committed).toBe(5_000_000);
    expect((await h.deps.awards.getTotals(w.cid)).inFlight).toBe(0);
    expect(after.recipients.find((r) => r.organisationKey === org)?.total).toBe(0);
  });
});
