/**
 * Team invitations racing (issue 13 mends): the seat limit and "one pending invitation per address"
 * are held by the team's seat item in one conditional write, not by the roster (an eventually
 * consistent index), so concurrent invites for the last seat or for the same address let exactly
 * one through — checked against what is stored, trial after trial.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TEAM_SEATS } from '../../functions/domain/team.ts';
import { openCompetition, people, registrationInput, startHarness, type Harness } from '../support/api-harness.ts';

const owner = people.sme1;
const TRIALS = 4;

let h: Harness;
let cid: string;
let team: string;

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  cid = (await openCompetition(h, { title: 'Seat Races', pitch: { required: false } })).id;
  team = `/api/competitions/${cid}/team`;
  const registered = await h.call('POST', `/api/competitions/${cid}/registration`, owner, registrationInput());
  expect(registered.status, registered.text).toBe(201);
}, 60_000);
afterAll(() => h?.stop());

const invite = (email: string) => h.call('POST', `${team}/invitations`, owner, { email, role: 'viewer' });

/** The pending invitations as stored (the invitation items, read from the base table, not the index). */
async function storedPending() {
  const items = await h.allItems();
  return items.filter((i) => i.pk === `COMP#${cid}` && String(i.sk).startsWith('TEAMINVITE#') && !i.revokedAt && !i.acceptedBy);
}

async function revokeAll() {
  for (const i of await storedPending()) expect((await h.call('DELETE', `${team}/invitations/${encodeURIComponent(String(i.tokenHash))}`, owner)).status).toBe(204);
}

describe('concurrent team invitations', () => {
  it(`for the same address: exactly one is sent (${TRIALS} trials)`, async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      await revokeAll();
      const email = `twice${trial}@seat-race.example`;
      const settled = await Promise.all(Array.from({ length: 4 }, () => invite(email)));
      expect(settled.filter((r) => r.status === 201), settled.map((r) => r.text).join('\n')).toHaveLength(1);
      for (const r of settled.filter((x) => x.status !== 201)) {
        expect(r.status, r.text).toBe(409);
        expect(r.json.error.code).toBe('ALREADY_INVITED');
      }
      expect((await storedPending()).filter((i) => i.email === email)).toHaveLength(1);
    }
  }, 120_000);

  it(`for the last seat: exactly one of three different addresses gets it (${TRIALS} trials)`, async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      await revokeAll();
      for (let i = 0; i < MAX_TEAM_SEATS - 1; i++) expect((await invite(`seat${i}.t${trial}@seat-race.example`)).status).toBe(201);
      const settled = await Promise.all([0, 1, 2].map((i) => invite(`last${i}.t${trial}@seat-race.example`)));
      expect(settled.filter((r) => r.status === 201), settled.map((r) => r.text).join('\n')).toHaveLength(1);
      for (const r of settled.filter((x) => x.status !== 201)) expect(r.json.error.code, r.text).toBe('TEAM_FULL');
      expect(await storedPending()).toHaveLength(MAX_TEAM_SEATS);
      const seats = await h.deps.teams.getSeats(cid, owner.sub);
      // The owner's seat and MAX_TEAM_SEATS others, counted as held.
      expect(seats!.taken).toBe(MAX_TEAM_SEATS + 1);
      expect(Object.keys(seats!.seats)).toHaveLength(MAX_TEAM_SEATS + 1);
    }
  }, 240_000);

  it('gives a revoked and an expired invitation’s seat back', async () => {
    await revokeAll();
    for (let i = 0; i < MAX_TEAM_SEATS; i++) expect((await invite(`full${i}@seat-race.example`)).status).toBe(201);
    expect((await invite('one-more@seat-race.example')).json.error.code).toBe('TEAM_FULL');
    const [first] = await storedPending();
    expect((await h.call('DELETE', `${team}/invitations/${encodeURIComponent(String(first!.tokenHash))}`, owner)).status).toBe(204);
    expect((await invite('one-more@seat-race.example')).status).toBe(201);
    expect((await invite('two-more@seat-race.example')).json.error.code).toBe('TEAM_FULL');
    // Fourteen days on, every invitation has lapsed: their seats are given back as the next one is sent.
    h.clock.advance(15 * 86_400_000);
    expect((await invite('two-more@seat-race.example')).status).toBe(201);
    expect((await h.deps.teams.getSeats(cid, owner.sub))!.taken).toBe(2);
  }, 120_000);
});
