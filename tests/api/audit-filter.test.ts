/**
 * The audit trail narrowed on the server: by action (exact), by who acted (their e-mail) and by a
 * range of time (a day or an instant, inclusive), a page at a time — asserted against the whole
 * trail as stored, filtered here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import { openCompetition, people, registrationInput, startHarness, type Harness } from '../support/api-harness.ts';

let h: Harness;
let base: string;
const smes: Identity[] = Array.from({ length: 5 }, (_, i) => ({ sub: `u-af${i}`, email: `af${i}@demo.test`, name: `Entrant ${i}`, groups: [] }));
type Entry = { id: string; action: string; at: string; actor: { email: string } };

async function all(query: Record<string, string>, limit = 2): Promise<Entry[]> {
  const out: Entry[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const qs = new URLSearchParams({ ...query, limit: String(limit), ...(cursor ? { cursor } : {}) });
    const page = await h.call('GET', `${base}/audit?${qs}`, people.organiser);
    expect(page.status, page.text).toBe(200);
    expect(page.json.items.length).toBeLessThanOrEqual(limit);
    out.push(...page.json.items);
    cursor = page.json.nextCursor;
    if (!cursor) return out;
  }
  throw new Error('too many pages');
}

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  base = `/api/competitions/${(await openCompetition(h, { title: 'Audit filters' })).id}`;
  for (const [i, who] of smes.entries()) {
    h.clock.set(`2026-12-0${2 + i}T09:00:00Z`); // one registration a day, 2–6 December
    const r = await h.call('POST', `${base}/registration`, who, registrationInput({ organisationName: `Org ${i}`, registryId: `BE07200000${i}0`, team: [{ name: 'T', email: `t${i}@org${i}.eu` }] }));
    expect(r.status, r.text).toBe(201);
  }
});
afterAll(() => h.stop());

describe('the audit trail, narrowed on the server', () => {
  it('by action, by actor and by a range of days or instants, page after page, exactly as the stored trail filtered', async () => {
    const trail = await all({}, 100);
    expect(trail.length).toBeGreaterThan(smes.length);
    const registered = trail.filter((e) => e.action === 'entrant.registered');
    expect(registered).toHaveLength(smes.length);
    expect(await all({ action: 'entrant.registered' })).toEqual(registered);
    expect(await all({ actor: 'af3@demo.test' })).toEqual(trail.filter((e) => e.actor.email === 'af3@demo.test'));
    expect(await all({ from: '2026-12-03', to: '2026-12-04' })).toEqual(trail.filter((e) => e.at >= '2026-12-03' && e.at.slice(0, 10) <= '2026-12-04'));
    expect(await all({ from: '2026-12-05T00:00:00Z', action: 'entrant.registered' }, 1)).toEqual(registered.filter((e) => e.at >= '2026-12-05'));
    expect(await all({ action: 'no.such.action' })).toEqual([]);
  });

  it('refuses a malformed range with 400 and the field', async () => {
    const r = await h.call('GET', `${base}/audit?from=yesterday`, people.organiser);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json.error)).toContain('from');
    expect((await h.call('GET', `${base}/audit?action=entrant.registered`, smes[0])).status).toBe(403);
  });
});
