/**
 * Sequential DynamoDB round trips per write request, counted on the harness's DynamoDB client
 * (tests/support/db-round-trips.ts): each round trip is a few milliseconds of latency on AWS, so
 * reads that do not depend on each other go out together. At most 3 per write request, except
 * one whose chain cannot be shorter here without weakening an invariant:
 * - register (3): read the competition, membership and privacy settings, and claim the
 *   organisation (one registration per registry id: a conditional write that depends on nothing
 *   read; released again if the registration is refused: tests/api/submissions.test.ts) → record
 *   the registration (once per user) → audit entry, consents and counters. The audit entry must
 *   name a registration that happened.
 * - submit review (3): read the review, round, competition and membership → the versioned put →
 *   the reviewer's load (after the review's write, so a crash leaves a review uncounted, never a
 *   count without its review: evaluation-repository.ts), the audit entry, the dashboard counter and
 *   the ranking's inputs counter, together (each after the versioned write that made the change).
 * - confirm award (8): read the competition and ledger → read the submitted entries, members and the
 *   live ranking (the ranking decides who may be awarded) → the award saga, each step conditional
 *   on the one before (awards-repository.ts): reserve on the small totals item (budget, counts,
 *   slot, plan version) → the organisation's total (the cap) → the award item (one per slot) →
 *   the reservation's end (so no read of the ledger ever has to write) with the audit entry (the
 *   award is written: nothing is left to refuse it; 9 → 8 when they went together). Four writes
 *   in a row because DynamoDB Local stand-ins here (dynalite) have no TransactWriteItems; with a
 *   transaction it would be one. Here the live ranking is behind the reviews (reviews do not start
 *   its recomputation) and the competition is small, so the read computes it: rounds → their
 *   reviews, one round trip more than reading the stored entries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longestChain } from '../support/db-round-trips.ts';
import { startHarness, type Harness } from '../support/api-harness.ts';
import { measureWriteRoundTrips, WRITE_ROUTES, type RoundTrips, type WriteRoute } from '../support/write-round-trips.ts';

const LIMIT: Record<WriteRoute, number> = {
  register: 3,
  create_submission: 3,
  update_submission: 3,
  submit: 3,
  save_review: 3,
  // Read the review, round, competition and membership → the versioned put → the reviewer's load
  // (after the review, never before it), the audit entry, the dashboard and the ranking's inputs, together.
  submit_review: 3,
  confirm_award: 8,
};

let h: Harness;
let counted: Record<WriteRoute, RoundTrips>;

beforeAll(async () => {
  h = await startHarness();
  counted = await measureWriteRoundTrips(h);
});
afterAll(() => h.stop());

describe('sequential DynamoDB round trips per write request', () => {
  it.each(WRITE_ROUTES)('%s stays within its limit', (route) => {
    // Assess: the message lists the calls, so a regression says which read went sequential.
    const { sequential, operations } = counted[route];
    expect(sequential, `${route}: ${operations.join(', ')}`).toBeGreaterThan(0);
    expect(sequential, `${route}: ${operations.join(', ')}`).toBeLessThanOrEqual(LIMIT[route]);
  });

  it('reads the submission with the competition when editing, and the pitch slot with them when submitting', () => {
    // update of a draft: [competition, membership, submission] → put (a draft's save is not
    // audited; an edit of a submitted entry adds the audit put, 3 in all, within the limit)
    expect(counted.update_submission.operations).toEqual(['GetItem', 'GetItem', 'GetItem', 'PutItem']);
    expect(counted.update_submission.sequential).toBe(2);
    // submit: [pitch slot, competition, membership, submission] → conditional put → audit
    expect(counted.submit.operations.filter((o) => o === 'GetItem')).toHaveLength(4);
    expect(counted.submit.sequential).toBe(3);
  });
});

describe('the chain counter', () => {
  it('counts calls that overlap once and calls that wait for each other each', () => {
    // Prepare: a and b overlap (issued together); c starts after both ended; d overlaps c.
    const calls = [
      { operation: 'a', start: 1, end: 3 },
      { operation: 'b', start: 2, end: 4 },
      { operation: 'c', start: 5, end: 7 },
      { operation: 'd', start: 6, end: 8 },
      { operation: 'e', start: 9, end: 10 },
    ];

    // Act / Assess
    expect(longestChain(calls)).toBe(3);
    expect(longestChain([])).toBe(0);
    expect(longestChain(calls.slice(0, 2))).toBe(1);
  });
});
