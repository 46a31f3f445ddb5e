/**
 * Retention on the scheduler with a frozen clock (issue 14 §2; use-cases/personal-data.ts
 * runRetention): the organisers are told once, `noticeDays` before the end of the retention period;
 * at its end the non-awarded applicants' personal data is erased once (a job), the awarded
 * organisation's kept, and the results package still verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../functions/domain/audit.ts';
import { runRetention } from '../../functions/use-cases/personal-data.ts';
import { runScheduledWork } from '../../functions/use-cases/scheduler.ts';
import { verifyResultsPackage, type ResultsPackage } from '../../functions/use-cases/results-package.ts';
import { people, startHarness, type Harness } from '../support/api-harness.ts';
import { decidedWorld, publish, type World } from '../support/results-world.ts';

let h: Harness;
let w: World;
let pkg: ResultsPackage;

const notices = async () => (await h.deps.outbox.list(w.cid, 200)).filter((m) => /personal data will be erased/.test(m.subject));
const at = async (instant: string) => {
  h.clock.set(instant);
  const r = await runRetention(h.deps);
  await h.jobsSettled();
  return r;
};
const orgName = async (i: number) => (await h.call('GET', `${w.base}/registration`, w.entrants[i]!)).json.organisationName as string;

beforeAll(async () => {
  h = await startHarness();
  w = await decidedWorld(h, { n: 3, title: 'Retention world', prefix: 'rt' });
  expect((await h.call('POST', `${w.base}/awards`, people.organiser, { awards: [{ submissionId: w.subs[0], type: 'prize', rank: 1 }] })).status).toBe(200);
  expect((await publish(h, w)).status).toBe(202); // at 2027-03-02T10:00Z: retention counts from here
  pkg = (await h.exportFile(people.organiser, w.cid, 'results-package.json')).json as ResultsPackage;
  const settings = await h.call('GET', `${w.base}/privacy`, people.organiser);
  expect(settings.json).toMatchObject({ othersNoticeAt: '2028-02-01T10:00:00.000Z', othersEraseAt: '2028-03-02T10:00:00.000Z', awardedKeptUntil: '2032-03-02T10:00:00.000Z' });
});
afterAll(() => h?.stop());

describe('retention on the scheduler', () => {
  it('tells the organisers once, 30 days before', async () => {
    expect(await at('2027-06-01T10:00:00Z')).toEqual({ noticed: [], erasing: [] });
    expect(await at('2028-02-01T09:59:59Z')).toEqual({ noticed: [], erasing: [] });
    expect(await notices()).toEqual([]);
    expect(await at('2028-02-01T10:00:00Z')).toEqual({ noticed: [w.cid], erasing: [] });
    // Again, and twice at once: nothing more.
    h.clock.set('2028-02-01T10:15:00Z');
    const again = await Promise.all([runRetention(h.deps), runRetention(h.deps), runScheduledWork(h.deps)]);
    expect(again.slice(0, 2)).toEqual([{ noticed: [], erasing: [] }, { noticed: [], erasing: [] }]);
    expect(again[2].retention).toEqual({ noticed: [], erasing: [] });
    const sent = await notices();
    expect(sent.map((m) => m.to)).toEqual([people.organiser.email]);
    expect(sent[0]!.subject).toBe('Retention world: applicants\' personal data will be erased in 30 days');
    expect(sent[0]!.text).toContain('the 2 applicants who received no award');
    expect(await orgName(1)).toBe('Org rt1');
  });

  it('erases the non-awarded applicants once, at the end, keeping the awarded organisation and the verifiable results', async () => {
    expect(await at('2028-03-02T09:59:59Z')).toEqual({ noticed: [], erasing: [] });
    expect(await orgName(1)).toBe('Org rt1');
    expect(await at('2028-03-02T10:00:00Z')).toEqual({ noticed: [], erasing: [w.cid] });
    expect(await orgName(1)).toMatch(/^Participant [0-9a-f]{6}$/);
    expect(await orgName(2)).toMatch(/^Participant [0-9a-f]{6}$/);
    expect(await orgName(0)).toBe('Org rt0'); // awarded: kept until 2032
    const stored = JSON.stringify(await h.allItems());
    for (const gone of ['Org rt1', 'Org rt2', 'ceo@org1.eu', 'ceo@org2.eu', w.entrants[1]!.email, w.entrants[2]!.email]) expect(stored).not.toContain(gone);
    expect(stored).toContain('Org rt0');

    const list = (await h.call('GET', `${w.base}/erasures`, people.organiser)).json.items as { sub: string; source: string; outcome: string }[];
    expect(list.map((e) => [e.sub, e.source, e.outcome]).sort()).toEqual([
      [w.entrants[1]!.sub, 'retention', 'erased'],
      [w.entrants[2]!.sub, 'retention', 'erased'],
    ]);
    const trail: AuditEntry[] = (await h.call('GET', `${w.base}/audit?limit=100`, people.organiser)).json.items;
    expect(trail.filter((e) => e.action.startsWith('personal-data.')).map((e) => e.action)).toEqual(['personal-data.retention-notice', 'personal-data.retention-erased']);
    expect(verifyResultsPackage(pkg, trail).problems).toEqual([]);

    // Later runs do nothing more.
    expect(await at('2028-03-02T10:15:00Z')).toEqual({ noticed: [], erasing: [] });
    expect(await at('2030-01-01T00:00:00Z')).toEqual({ noticed: [], erasing: [] });
    expect(await notices()).toHaveLength(1);
  });
});
