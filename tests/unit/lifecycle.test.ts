import { describe, expect, it } from 'vitest';
import type { Competition } from '../../functions/domain/competition.ts';
import { competitionFixture } from '../support/domain-fixtures.ts';
import { DeadlinePassed, InvalidState } from '../../functions/domain/errors.ts';
import { ALLOWED, assertAllowed, isAllowed, resultsFrozen, resultsVisible, stateOf, STATES, type LifecycleAction, type LifecycleState } from '../../functions/domain/lifecycle.ts';

const competition = competitionFixture;

const published = { resultsPublishedAt: '2027-02-20T10:00:00.000Z', resultsVersion: 1 };

/** One competition (and instant) in each state. */
const inState: Record<LifecycleState, [Partial<Competition>, string]> = {
  draft: [{ status: 'draft' }, '2026-12-10T00:00:00Z'],
  upcoming: [{}, '2026-11-30T00:00:00Z'],
  open: [{}, '2026-12-10T00:00:00Z'],
  closed: [{}, '2027-01-15T20:00:00Z'],
  evaluation: [{}, '2027-01-20T00:00:00Z'],
  deliberation: [{}, '2027-02-20T00:00:00Z'],
  decided: [{ resultsPublishedAt: '2027-03-01T11:00:00.000Z', resultsVersion: 1 }, '2027-02-20T12:00:00Z'],
  published: [published, '2027-02-21T00:00:00Z'],
  amending: [{ ...published, amendment: { reason: 'Typo in a prize', openedBy: 'o@x.eu', openedAt: '2027-02-22T00:00:00Z' } }, '2027-02-22T01:00:00Z'],
  archived: [{ ...published, archivedAt: '2027-04-01T00:00:00Z' }, '2027-04-02T00:00:00Z'],
};

describe('stateOf', () => {
  it.each(STATES.map((s) => [s] as const))('derives %s', (state) => {
    const [overrides, at] = inState[state];
    expect(stateOf(competition(overrides), new Date(at))).toBe(state);
  });

  it('follows the schedule to the instant, and an early close', () => {
    expect(stateOf(competition(), new Date('2027-01-15T15:59:59.999Z'))).toBe('open');
    expect(stateOf(competition(), new Date('2027-01-15T16:00:00Z'))).toBe('closed');
    const early = competition({ closedEarlyAt: '2026-12-20T10:00:00.000Z' });
    expect(stateOf(early, new Date('2026-12-20T09:59:59Z'))).toBe('open');
    expect(stateOf(early, new Date('2026-12-20T10:00:00Z'))).toBe('closed');
  });

  it('stays in deliberation after the results date until results are really published', () => {
    // The bug this module fixes: a schedule alone never makes results "out".
    expect(stateOf(competition(), new Date('2027-06-01T00:00:00Z'))).toBe('deliberation');
  });

  it('reports published results even while the schedule still says "open"', () => {
    const c = competition({ resultsPublishedAt: '2026-12-05T00:00:00.000Z', resultsVersion: 1 });
    expect(stateOf(c, new Date('2026-12-06T00:00:00Z'))).toBe('published');
  });

  it('frozen and visible mean what they say', () => {
    expect(STATES.filter(resultsFrozen)).toEqual(['decided', 'published', 'amending', 'archived']);
    expect(STATES.filter(resultsVisible)).toEqual(['published', 'amending', 'archived']);
  });
});

describe('what each state allows', () => {
  const actions = Object.keys(ALLOWED) as LifecycleAction[];
  const cells = STATES.flatMap((state) => actions.map((action) => [state, action] as const));

  it.each(cells)('%s × %s: allowed exactly when the table says, refused with a 409 sentence otherwise', (state, action) => {
    const [overrides, at] = inState[state];
    const c = competition(overrides);
    const now = new Date(at);
    const allowed = (ALLOWED[action] as readonly string[]).includes(state);
    expect(isAllowed(c, now, action)).toBe(allowed);
    if (allowed) {
      expect(assertAllowed(c, now, action)).toBe(state);
      return;
    }
    let error: unknown;
    try {
      assertAllowed(c, now, action);
    } catch (e) {
      error = e;
    }
    expect(error instanceof InvalidState || error instanceof DeadlinePassed).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(/^[A-Z].*\.$/); // a sentence
    expect(message).not.toMatch(/undefined|\[object/);
  });

  it('once results are published nothing that changes them is allowed, but an amendment is', () => {
    const [overrides, at] = inState.published;
    const c = competition(overrides);
    const now = new Date(at);
    for (const action of ['register', 'edit-submission', 'submit', 'withdraw-submission', 'review', 'confirm-award', 'withdraw-award', 'edit-prize-plan', 'manage-rounds', 'run-assignment', 'publish-results'] as const)
      expect(isAllowed(c, now, action), action).toBe(false);
    expect(isAllowed(c, now, 'open-amendment')).toBe(true);
    const amending = competition(inState.amending[0]);
    expect(isAllowed(amending, new Date(inState.amending[1]), 'confirm-award')).toBe(true);
    expect(isAllowed(amending, new Date(inState.amending[1]), 'review')).toBe(false);
  });

  it('says why in words a person understands', () => {
    const [overrides, at] = inState.published;
    expect(() => assertAllowed(competition(overrides), new Date(at), 'register')).toThrow(/results of this competition are published; it no longer takes entries/);
    expect(() => assertAllowed(competition(), new Date(inState.closed[1]), 'submit')).toThrow(/deadline passed at 2027-01-15 17:00 \(Europe\/Brussels\)/);
    expect(() => assertAllowed(competition(), new Date(inState.open[1]), 'confirm-award')).toThrow(/once submissions have closed/);
  });
});
