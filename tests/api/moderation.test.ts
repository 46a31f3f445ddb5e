/**
 * Moderation (use-cases/moderation.ts) against stored state: an organiser excludes a review with
 * a written reason (the ranking leaves it out and lists it with the reason, the reviewer's duty
 * counts as the organiser said, the trail records it), restores it (the ranking is as before),
 * and cannot once the results are decided; the spread of each submission's reviews, most
 * contested first; an extra review of one submission goes to the best eligible reviewer and
 * changes nothing else, 409 when nobody is eligible, and two at once never exceed maxLoad.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import type { Review } from '../../functions/domain/evaluation.ts';
import { extraReviewCandidates, spreads } from '../../functions/domain/moderation.ts';
import { getRanking } from '../../functions/use-cases/ranking.ts';
import { feedbackReport } from '../../functions/use-cases/results.ts';
import { openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';

let h: Harness;
const org = people.organiser;
const who = (name: string, interests: string[] = []): Identity & { interests: string[] } => ({ sub: `u-mod-${name}`, email: `${name}@mod.test`, name, groups: [], interests });

/** Registers and submits one entry per entrant; returns the submission ids in entrant order. */
async function entries(cid: string, entrants: Identity[], tag: string) {
  const ids: string[] = [];
  for (const [i, e] of entrants.entries()) {
    const reg = await h.call('POST', `/api/competitions/${cid}/registration`, e, registrationInput({ organisationName: `${tag} Org ${i}`, registryId: `BE07${tag.charCodeAt(0)}0000${String(i).padStart(2, '0')}`, team: [{ name: e.name, email: `ceo@${tag}${i}.eu`, role: 'CEO' }] }));
    expect(reg.status, reg.text).toBe(201);
    const s = await h.call('POST', `/api/competitions/${cid}/submissions`, e, submissionContent({ title: `${tag} idea ${i}` }));
    expect((await h.call('POST', `/api/competitions/${cid}/submissions/${s.json.id}/submit`, e, { version: 1 })).status).toBe(200);
    ids.push(s.json.id);
  }
  return ids;
}

async function juryRound(cid: string, jurors: (Identity & { interests: string[] })[], input: Record<string, unknown>) {
  const round = await h.call('POST', `/api/competitions/${cid}/rounds`, org, {
    name: 'Jury', kind: 'jury', blind: false, opensAt: '2026-12-01T09:00', closesAt: '2026-12-20T18:00', weight: 100,
    rubric: [{ name: 'Overall', weight: 1, scale: { min: 0, max: 10 } }], ...input,
  });
  expect(round.status, round.text).toBe(201);
  const invited = await h.call('POST', `/api/competitions/${cid}/rounds/${round.json.id}/invitations`, org, { emails: jurors.map((j) => j.email) });
  for (const j of jurors) {
    const link = (invited.json.items as { email: string; link: string }[]).find((i) => i.email === j.email)!.link;
    expect((await h.call('POST', `/api/invitations/${cid}/${link.split('/').pop()}/accept`, j, { interests: j.interests })).status).toBe(200);
  }
  expect((await h.call('POST', `/api/competitions/${cid}/rounds/${round.json.id}/assignment`, org)).status).toBe(202);
  await h.jobsSettled();
  return { id: round.json.id as string, criterion: round.json.rubric[0].id as string };
}

const reviewsOf = async (cid: string, roundId: string): Promise<(Review & { reviewerSub: string })[]> =>
  (await h.call('GET', `/api/competitions/${cid}/rounds/${roundId}/reviews?limit=200`, org)).json.items;
/** The round's review items as stored, by (submission, reviewer). */
const storedReviews = async (cid: string, roundId: string) =>
  new Map((await h.deps.evaluation.listRoundReviews(cid, roundId)).map((r) => [`${r.submissionId}/${r.reviewerSub}`, r]));
/** The organisers' ranking as the ranking route answers it (read through its use case: the route is another area's). */
const ranking = async (cid: string): Promise<any> => getRanking(h.deps, org, cid, { limit: 500 });

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
}, 60_000);
afterAll(() => h?.stop());

describe('excluding a review, the spread, an extra review (a jury round)', () => {
  const entrants = Array.from({ length: 6 }, (_, i) => who(`a${i}`));
  const jurors = [who('j0', ['logistics']), who('j1', ['mobility']), who('j2', [])];
  let cid: string;
  let round: { id: string; criterion: string };
  let subs: string[];
  /** The two reviewers of the contested submission subs[0]: the first gave 0, the second 10. */
  let low: Identity;
  let high: Identity;
  const path = (sid: string, reviewer: Identity) => `/api/competitions/${cid}/rounds/${round.id}/reviews/${sid}/reviewers/${reviewer.sub}/exclusion`;
  const REASON = 'Scored 0 without reading the submission: every comment is about another entry.';

  beforeAll(async () => {
    cid = (await openCompetition(h, { title: 'Moderation' })).id;
    subs = await entries(cid, entrants, 'M');
    round = await juryRound(cid, jurors, { k: 2, maxLoad: 5 });
    const reviews = await reviewsOf(cid, round.id);
    expect(reviews).toHaveLength(12);
    for (const [i, sid] of subs.entries()) {
      const mine = reviews.filter((r) => r.submissionId === sid).sort((a, b) => a.reviewerSub.localeCompare(b.reviewerSub));
      for (const [j, r] of mine.entries()) {
        const juror = jurors.find((x) => x.sub === r.reviewerSub)!;
        const score = i === 0 ? (j === 0 ? 0 : 10) : 4 + (i % 3);
        const saved = await h.call('PUT', `/api/competitions/${cid}/rounds/${round.id}/reviews/${sid}`, juror, { scores: { [round.criterion]: score }, overallComment: `Review of idea ${i} by ${juror.name}`, version: 1 });
        expect(saved.status, saved.text).toBe(200);
        expect((await h.call('POST', `/api/competitions/${cid}/rounds/${round.id}/reviews/${sid}/submit`, juror, { version: saved.json.version })).status).toBe(200);
        if (i === 0) (j === 0 ? (low = juror) : (high = juror));
      }
    }
    await h.jobsSettled();
  }, 120_000);

  it('shows the spread per submission, most contested first, sortable, and for one submission', async () => {
    const bySd = await h.call('GET', `/api/competitions/${cid}/rounds/${round.id}/spread`, org);
    expect(bySd.status, bySd.text).toBe(200);
    expect(bySd.json.items).toHaveLength(6);
    expect(bySd.json.items[0]).toMatchObject({ submissionId: subs[0], title: 'M idea 0', reviews: 2, excluded: 0, pending: 0, mean: 50, min: 0, max: 100, range: 100 });
    expect(bySd.json.items[0].sd).toBeCloseTo(70.710678, 5);
    expect(bySd.json.items.slice(1).every((s: { sd: number }) => s.sd === 0)).toBe(true);
    const paged = await h.call('GET', `/api/competitions/${cid}/rounds/${round.id}/spread?sort=submission&limit=4`, org);
    const rest = await h.call('GET', `/api/competitions/${cid}/rounds/${round.id}/spread?sort=submission&limit=4&cursor=${paged.json.nextCursor}`, org);
    expect([...paged.json.items, ...rest.json.items].map((s: { submissionId: string }) => s.submissionId)).toEqual([...subs].sort());
    const one = await h.call('GET', `/api/competitions/${cid}/rounds/${round.id}/spread?submissionId=${subs[3]}`, org);
    expect(one.json.items).toEqual([expect.objectContaining({ submissionId: subs[3], reviews: 2, sd: 0 })]);
    expect((await h.call('GET', `/api/competitions/${cid}/rounds/${round.id}/spread?sort=loudest`, org)).status).toBe(400);
  });

  it('reads the spread in a few calls whatever the number of submissions: one query of the round, one batch of titles', async () => {
    const calls: string[] = [];
    const stop = h.db.onCall((e) => {
      if (e.phase === 'start') calls.push(e.operation);
    });
    try {
      expect((await h.call('GET', `/api/competitions/${cid}/rounds/${round.id}/spread`, org)).status).toBe(200);
    } finally {
      stop();
    }
    const count = (op: string) => calls.filter((c) => c === op).length;
    expect(count('Query')).toBe(1);
    expect(count('BatchGetItem')).toBe(1);
    expect(calls.length).toBeLessThanOrEqual(5); // + the competition, membership and round (access)
  });

  it('refuses reviewers, entrants and bad reasons, and stores nothing then', async () => {
    const before = JSON.stringify(await h.allItems());
    for (const caller of [low, high, entrants[0]!, people.otherOrganiser]) {
      const r = await h.call('PUT', path(subs[0]!, low), caller, { reason: REASON, dutyDone: true });
      expect([403, 404], `${caller.sub}: ${r.text}`).toContain(r.status);
      expect([403, 404]).toContain((await h.call('DELETE', path(subs[0]!, low), caller)).status);
      expect([403, 404]).toContain((await h.call('POST', `/api/competitions/${cid}/rounds/${round.id}/submissions/${subs[0]}/extra-review`, caller)).status);
      expect([403, 404]).toContain((await h.call('GET', `/api/competitions/${cid}/rounds/${round.id}/spread`, caller)).status);
    }
    expect((await h.call('PUT', path(subs[0]!, low), undefined, { reason: REASON, dutyDone: true })).status).toBe(401);
    for (const reason of ['', '   ', 'x'.repeat(1001)]) {
      const r = await h.call('PUT', path(subs[0]!, low), org, { reason, dutyDone: true });
      expect(r.status, r.text).toBe(400);
      expect(r.json.error.fields).toHaveProperty('reason');
    }
    expect((await h.call('PUT', path(subs[0]!, low), org, { reason: REASON })).status).toBe(400);
    expect((await h.call('PUT', path(subs[0]!, who('nobody')), org, { reason: REASON, dutyDone: true })).status).toBe(404);
    const stale = await h.call('PUT', path(subs[0]!, low), org, { reason: REASON, dutyDone: true, version: 1 });
    expect(stale.status, stale.text).toBe(409);
    expect(JSON.stringify(await h.allItems())).toBe(before);
  });

  it('leaves an excluded review out of the ranking, with the reason, and restoring it brings the ranking back', async () => {
    const before = await ranking(cid);
    const row = (r: any) => r.ranked.find((x: { submissionId: string }) => x.submissionId === subs[0]);
    expect(row(before).rounds[0].reviews).toBe(2);
    expect(before.excludedReviews).toEqual([]);
    const inputs = (await h.deps.results.getInputs(cid)).version;

    const excluded = await h.call('PUT', path(subs[0]!, low), org, { reason: REASON, dutyDone: true });
    expect(excluded.status, excluded.text).toBe(200);
    expect(excluded.json.exclusion).toMatchObject({ reason: REASON, dutyDone: true, by: { sub: org.sub, email: org.email } });
    // Stored: the review carries the exclusion (one write, version moved on), scores untouched.
    const stored = (await storedReviews(cid, round.id)).get(`${subs[0]}/${low.sub}`)!;
    expect(stored.exclusion).toMatchObject({ reason: REASON, dutyDone: true });
    expect(stored.scores).toEqual({ [round.criterion]: 0 });
    expect(stored.status).toBe('submitted');
    expect((await h.deps.results.getInputs(cid)).version).toBeGreaterThan(inputs);
    await h.jobsSettled();

    const during = await ranking(cid);
    expect(row(during).rounds[0].reviews).toBe(1);
    expect(row(during).finalScore).not.toBe(row(before).finalScore);
    expect(during.excludedReviews).toEqual([expect.objectContaining({ roundId: round.id, submissionId: subs[0], reason: expect.stringContaining(REASON) })]);
    const spread = (await h.call('GET', `/api/competitions/${cid}/rounds/${round.id}/spread?submissionId=${subs[0]}`, org)).json.items[0];
    expect(spread).toMatchObject({ reviews: 1, excluded: 1, sd: null, min: 100, max: 100 });
    // The reviews export lists it with the organisers' reason.
    const exportedReviews = async () => parse((await h.exportFile(org, cid, 'reviews.csv')).text, { columns: true, bom: true }) as Record<string, string>[];
    const csvRow = (rows: Record<string, string>[]) => rows.find((x) => x['Submission id'] === subs[0] && x.Reviewer === low.email)!;
    expect(csvRow(await exportedReviews())).toMatchObject({ 'Left out by the organisers (reason)': REASON, 'Review duty counted as done': 'yes' });

    // The excluded reviewer sees "not counted" with the reason (not who); the other reviewer sees nothing of it.
    const mine = await h.call('GET', `/api/competitions/${cid}/rounds/${round.id}/reviews/${subs[0]}`, low);
    expect(mine.json.review.exclusion).toEqual({ reason: REASON, dutyDone: true, at: expect.any(String) });
    const theirs = await h.call('GET', `/api/competitions/${cid}/rounds/${round.id}/reviews/${subs[0]}`, high);
    expect(theirs.json.review.exclusion).toBeUndefined();
    expect(theirs.text).not.toContain(REASON);

    const trail = await h.call('GET', `/api/competitions/${cid}/audit?action=review.excluded`, org);
    expect(trail.json.items).toEqual([expect.objectContaining({ action: 'review.excluded', target: `submission:${subs[0]}`, after: { roundId: round.id, reviewerSub: low.sub, reason: REASON, dutyDone: true } })]);

    // Excluding it again with the same reason changes nothing; restoring counts it again.
    const again = await h.call('PUT', path(subs[0]!, low), org, { reason: REASON, dutyDone: true });
    expect(again.json.version).toBe(excluded.json.version);
    const restored = await h.call('DELETE', path(subs[0]!, low), org);
    expect(restored.status, restored.text).toBe(200);
    expect(restored.json.exclusion).toBeUndefined();
    expect((await storedReviews(cid, round.id)).get(`${subs[0]}/${low.sub}`)!.exclusion).toBeUndefined();
    await h.jobsSettled();
    const after = await ranking(cid);
    expect(after.ranked).toEqual(before.ranked);
    expect(after.excludedReviews).toEqual([]);
    expect(csvRow(await exportedReviews())).toMatchObject({ 'Left out by the organisers (reason)': '', 'Review duty counted as done': '' });
    expect((await h.call('GET', `/api/competitions/${cid}/audit?action=review.restored`, org)).json.items).toHaveLength(1);
  });

  it('adds one extra reviewer without touching the other assignments, and keeps it on a re-run', async () => {
    const before = await storedReviews(cid, round.id);
    const assigned = new Set([...before.values()].filter((r) => r.submissionId === subs[1]).map((r) => r.reviewerSub));
    const expected = jurors.find((j) => !assigned.has(j.sub))!;
    const loadsBefore = await h.deps.evaluation.reviewerLoads(cid, round.id, jurors.map((j) => j.sub));

    const extra = await h.call('POST', `/api/competitions/${cid}/rounds/${round.id}/submissions/${subs[1]}/extra-review`, org);
    expect(extra.status, extra.text).toBe(201);
    expect(extra.json.review).toMatchObject({ submissionId: subs[1], reviewerSub: expected.sub, status: 'assigned', origin: 'extra' });
    const after = await storedReviews(cid, round.id);
    expect(after.size).toBe(before.size + 1);
    for (const [k, r] of before) expect(after.get(k)).toEqual(r);
    expect(after.get(`${subs[1]}/${expected.sub}`)).toMatchObject({ status: 'assigned', origin: 'extra', reviewerEmail: expected.email });
    const loadsAfter = await h.deps.evaluation.reviewerLoads(cid, round.id, jurors.map((j) => j.sub));
    for (const j of jurors) expect(loadsAfter!.get(j.sub)!.assigned).toBe(loadsBefore!.get(j.sub)!.assigned + (j === expected ? 1 : 0));
    expect(extra.json.load).toBe(loadsAfter!.get(expected.sub)!.assigned);
    expect((await h.call('GET', `/api/competitions/${cid}/audit?action=review.extra-assigned`, org)).json.items).toEqual([
      expect.objectContaining({ target: `submission:${subs[1]}`, after: expect.objectContaining({ roundId: round.id, reviewerSub: expected.sub }) }),
    ]);
    // The new reviewer has it in their queue.
    const queue = await h.call('GET', '/api/me/reviews', expected);
    expect(queue.json.items[0].items.map((i: { submissionId: string }) => i.submissionId)).toContain(subs[1]);

    // Every juror reviews it now: nobody is eligible.
    const none = await h.call('POST', `/api/competitions/${cid}/rounds/${round.id}/submissions/${subs[1]}/extra-review`, org);
    expect(none.status, none.text).toBe(409);
    expect(none.json.error.message).toMatch(/Nobody can review this submission as well: of the round's 3 reviewers, 3 already review it/);
    expect((await h.call('POST', `/api/competitions/${cid}/rounds/${round.id}/submissions/not-a-submission/extra-review`, org)).status).toBe(404);

    // Re-running the assignment keeps the extra review (and everything else).
    expect((await h.call('POST', `/api/competitions/${cid}/rounds/${round.id}/assignment`, org)).status).toBe(202);
    await h.jobsSettled();
    expect([...(await storedReviews(cid, round.id)).keys()].sort()).toEqual([...after.keys()].sort());
  });

  it('freezes moderation once the results are decided: 409, the exclusion stays', async () => {
    const first = (await reviewsOf(cid, round.id)).find((r) => r.submissionId === subs[2])!;
    const keptOut = await h.call('PUT', path(subs[2]!, jurors.find((j) => j.sub === first.reviewerSub)!), org, { reason: 'Kept out at publication.', dutyDone: false });
    expect(keptOut.status, keptOut.text).toBe(200);
    const version = (await h.call('GET', `/api/competitions/${cid}`, org)).json.version;
    const published = await h.call('POST', `/api/competitions/${cid}/results/publish`, org, { version, when: 'now', override: { reason: 'Moderation test: publishing with the round open.' } });
    expect(published.status, published.text).toBe(202);
    await h.jobsSettled();
    const excludedOne = [...(await storedReviews(cid, round.id)).values()].find((r) => r.exclusion)!;
    const before = JSON.stringify(await h.allItems());
    const target = `/api/competitions/${cid}/rounds/${round.id}/reviews/${excludedOne.submissionId}/reviewers/${excludedOne.reviewerSub}/exclusion`;
    const restore = await h.call('DELETE', target, org);
    expect(restore.status, restore.text).toBe(409);
    expect(restore.json.error.message).toMatch(/results of this competition are published; the evaluation can no longer change/);
    expect((await h.call('PUT', target, org, { reason: 'Changed my mind.', dutyDone: true })).status).toBe(409);
    expect((await h.call('POST', `/api/competitions/${cid}/rounds/${round.id}/submissions/${subs[3]}/extra-review`, org)).status).toBe(409);
    expect(JSON.stringify(await h.allItems())).toBe(before);
    // The team's feedback report leaves out the excluded review's comments, not the other's.
    const kept = (await reviewsOf(cid, round.id)).find((r) => r.submissionId === subs[2] && r.reviewerSub !== first.reviewerSub)!;
    const report = JSON.stringify(await feedbackReport(h.deps, org, cid, subs[2]!));
    expect(report).toContain(`Review of idea 2 by ${jurors.find((j) => j.sub === kept.reviewerSub)!.name}`);
    expect(report).not.toContain(`Review of idea 2 by ${jurors.find((j) => j.sub === first.reviewerSub)!.name}`);
    // The published ranking lists it with the reason.
    const frozen = await ranking(cid);
    expect(frozen.frozen).toBe(true);
    expect(frozen.excludedReviews).toEqual([expect.objectContaining({ submissionId: excludedOne.submissionId, reason: expect.stringContaining('Kept out at publication.') })]);
  });
});

describe('the review duty of an excluded review counts as the organiser decided (a peer round)', () => {
  const entrants = Array.from({ length: 3 }, (_, i) => who(`p${i}`));
  let cid: string;
  let roundId: string;
  let subs: string[];

  beforeAll(async () => {
    h.clock.set('2026-12-01T10:00:00Z');
    cid = (await openCompetition(h, { title: 'Peer duty' })).id;
    subs = await entries(cid, entrants, 'P');
    const round = await h.call('POST', `/api/competitions/${cid}/rounds`, org, {
      name: 'Peers', kind: 'peer', k: 1, maxLoad: 1, blind: true, opensAt: '2026-12-01T09:00', closesAt: '2026-12-10T18:00', weight: 100, requireReviewDuty: true,
    });
    expect(round.status, round.text).toBe(201);
    roundId = round.json.id;
    expect((await h.call('POST', `/api/competitions/${cid}/rounds/${roundId}/assignment`, org)).status).toBe(202);
    await h.jobsSettled();
  }, 120_000);

  it('fails the duty of an excluded submitted review when told so, and excuses an unsubmitted one when told so', async () => {
    const reviews = await reviewsOf(cid, roundId);
    expect(reviews).toHaveLength(3);
    const rubric = (await h.call('GET', `/api/competitions/${cid}/rounds`, org)).json.items[0].rubric as { id: string }[];
    const byReviewer = (e: Identity) => reviews.find((r) => r.reviewerSub === e.sub)!;
    // p0 and p2 submit their review; p1 does not.
    for (const e of [entrants[0]!, entrants[2]!]) {
      const r = byReviewer(e);
      const saved = await h.call('PUT', `/api/competitions/${cid}/rounds/${roundId}/reviews/${r.submissionId}`, e, { scores: Object.fromEntries(rubric.map((c) => [c.id, 3])), overallComment: `Peer comment by ${e.name}`, version: r.version });
      expect((await h.call('POST', `/api/competitions/${cid}/rounds/${roundId}/reviews/${r.submissionId}/submit`, e, { version: saved.json.version })).status).toBe(200);
    }
    const exclude = (e: Identity, dutyDone: boolean, reason: string) =>
      h.call('PUT', `/api/competitions/${cid}/rounds/${roundId}/reviews/${byReviewer(e).submissionId}/reviewers/${e.sub}/exclusion`, org, { reason, dutyDone });
    expect((await exclude(entrants[0]!, false, 'Gave the minimum to every competitor.')).status).toBe(200);
    expect((await exclude(entrants[1]!, true, 'Their assigned entry turned out to be a former partner’s.')).status).toBe(200);
    await h.jobsSettled();

    // An investor reading the peer comments does not see the excluded review's (nor that it was excluded).
    const investor = who('investor', ['logistics']);
    const { id: investorRound } = await juryRound(cid, [investor], { name: 'Investors', kind: 'investor', k: 1, maxLoad: 3, showPeerComments: true, weight: 10 });
    const excludedOf = byReviewer(entrants[0]!).submissionId;
    const keptOf = byReviewer(entrants[2]!).submissionId;
    const ws = await h.call('GET', `/api/competitions/${cid}/rounds/${investorRound}/reviews/${excludedOf}`, investor);
    expect(ws.status, ws.text).toBe(200);
    expect(ws.json.peerComments).toEqual([]);
    const other = await h.call('GET', `/api/competitions/${cid}/rounds/${investorRound}/reviews/${keptOf}`, investor);
    expect(other.json.peerComments).toEqual([expect.objectContaining({ overallComment: 'Peer comment by p2' })]);

    h.clock.set('2026-12-11T10:00:00Z'); // the round has closed: duties are due
    const r = await ranking(cid);
    const unranked = new Map((r.unranked as { submissionId: string; reason: string }[]).map((u) => [u.submissionId, u.reason]));
    expect(unranked.get(subs[0]!)).toMatch(/Did not complete its peer reviews/);
    expect(unranked.get(subs[1]!) ?? '').not.toMatch(/Did not complete its peer reviews/);
    expect(unranked.get(subs[2]!) ?? '').not.toMatch(/Did not complete its peer reviews/);
    // p0's excluded review is not counted: the submission it reviewed has only… no counted review.
    expect(r.excludedReviews).toEqual([expect.objectContaining({ submissionId: byReviewer(entrants[0]!).submissionId, reason: expect.stringContaining('Gave the minimum') })]);
    h.clock.set('2026-12-01T10:00:00Z');
  });
});

describe('two extra reviews at once never exceed maxLoad', () => {
  const entrants = Array.from({ length: 3 }, (_, i) => who(`r${i}`));
  const jurors = [who('x0'), who('x1')];
  let cid: string;
  let round: { id: string };
  let subs: string[];

  beforeAll(async () => {
    h.clock.set('2026-12-01T10:00:00Z');
    cid = (await openCompetition(h, { title: 'Extra race' })).id;
    subs = await entries(cid, entrants, 'R');
    round = await juryRound(cid, jurors, { k: 1, maxLoad: 2 });
  }, 120_000);

  it('gives the one free place to one request; the other gets 409', async () => {
    const reviews = await reviewsOf(cid, round.id);
    expect(reviews).toHaveLength(3);
    const load = (sub: string) => reviews.filter((r) => r.reviewerSub === sub).length;
    const free = jurors.find((j) => load(j.sub) === 1)!;
    const full = jurors.find((j) => load(j.sub) === 2)!;
    const targets = reviews.filter((r) => r.reviewerSub === full.sub).map((r) => r.submissionId);
    expect(targets).toHaveLength(2);
    const answers = await Promise.all(targets.map((sid) => h.call('POST', `/api/competitions/${cid}/rounds/${round.id}/submissions/${sid}/extra-review`, org)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const stored = [...(await storedReviews(cid, round.id)).values()];
    expect(stored.filter((r) => r.reviewerSub === free.sub)).toHaveLength(2);
    expect(stored.filter((r) => r.reviewerSub === full.sub)).toHaveLength(2);
    expect((await h.deps.evaluation.reviewerLoads(cid, round.id, [free.sub]))!.get(free.sub)!.assigned).toBe(2);
  });

  it('refuses by the load item itself: two conditional writes at once for the last place, one wins', async () => {
    // Straight at the repository, so that neither write can have seen the other's review first.
    const reviews = [...(await storedReviews(cid, round.id)).values()];
    const base = reviews[0]!;
    const make = (sid: string): Review => ({ ...base, submissionId: sid, reviewerSub: 'u-mod-newcomer', reviewerEmail: 'newcomer@mod.test', status: 'assigned', origin: 'extra', scores: {}, comments: {}, overallComment: '', version: 1, exclusion: undefined });
    const outcomes = await Promise.all([make(subs[0]!), make(subs[1]!), make(subs[2]!)].map((r) => h.deps.evaluation.createExtraAssignment(r, 1)));
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'full')).toHaveLength(2);
    const mine = [...(await storedReviews(cid, round.id)).values()].filter((r) => r.reviewerSub === 'u-mod-newcomer');
    expect(mine).toHaveLength(1);
    expect((await h.deps.evaluation.reviewerLoads(cid, round.id, ['u-mod-newcomer']))!.get('u-mod-newcomer')!.assigned).toBe(1);
    expect(await h.deps.evaluation.createExtraAssignment(make(mine[0]!.submissionId), 1)).toBe('exists');
  });
});

describe('the pure rules', () => {
  it('ranks eligible reviewers by affinity, then load, then id, and counts why the others are not', () => {
    const c = extraReviewCandidates({
      candidates: [
        { sub: 'b', affinity: 1, load: 2 },
        { sub: 'a', affinity: 1, load: 2 },
        { sub: 'c', affinity: 1, load: 1 },
        { sub: 'd', affinity: 2, load: 4 },
        { sub: 'e', affinity: 3, load: 5 },
        { sub: 'f', affinity: 9, load: 0 },
        { sub: 'g', affinity: 9, load: 0 },
      ],
      conflicted: new Set(['f']),
      assigned: new Set(['g']),
      maxLoad: 5,
    });
    expect(c.ranked.map((x) => x.sub)).toEqual(['d', 'c', 'a', 'b']);
    expect(c.ineligible).toEqual({ conflicted: 1, assigned: 1, full: 1 });
  });

  it('computes the spread on the ranking’s 0–100 scale, leaving out excluded, unsubmitted and incomplete reviews', () => {
    const rubric = [
      { id: 'x', weight: 3, scale: { min: 1, max: 5 } },
      { id: 'y', weight: 1, scale: { min: 0, max: 10 } },
    ];
    const s = spreads({ rubric } as never, [
      { submissionId: 's', status: 'submitted', scores: { x: 5, y: 10 } },
      { submissionId: 's', status: 'submitted', scores: { x: 1, y: 0 } },
      { submissionId: 's', status: 'submitted', scores: { x: 3, y: 5 }, exclusion: { reason: 'r', dutyDone: true, at: '', by: { sub: '', email: '' } } },
      { submissionId: 's', status: 'draft', scores: { x: 3 } },
      { submissionId: 's', status: 'submitted', scores: { x: 3 } },
      { submissionId: 't', status: 'submitted', scores: { x: 2, y: 5 } },
    ]);
    expect(s[0]).toMatchObject({ submissionId: 's', reviews: 2, excluded: 1, pending: 1, mean: 50, min: 0, max: 100, range: 100 });
    expect(s[0]!.sd).toBeCloseTo(70.710678, 5);
    expect(s[1]).toMatchObject({ submissionId: 't', reviews: 1, sd: null, mean: 31.25 });
  });
});
