/**
 * The expo round in the final ranking (use-cases/ranking.ts `pairwiseRoundOf`, domain/ranking.ts
 * `RoundSpec.pairwise`): two judges vote through the API, one vote is undone, one team is absent;
 * the organiser's ranking then shows the expo round's scores — those of the round's method over
 * the counted votes — weighted with a jury round's, and its rules say how.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import { rankPairwise } from '../../functions/domain/pairwise-ranking.ts';
import { rankSubmissions, round6 } from '../../functions/domain/ranking.ts';
import { rankingInputOf, rankingOf } from '../../functions/domain/results.ts';
import { computeResults } from '../../functions/use-cases/results-snapshot.ts';
import { openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';

const N = 7; // six teams at the expo, the seventh absent
let h: Harness;
let cid: string;
let juryId: string;
let expoId: string;
const subs: string[] = [];
const juryScore = new Map<string, number>();
const entrants: Identity[] = Array.from({ length: N }, (_, i) => ({ sub: `u-xr${i}`, email: `xr${i}@demo.test`, name: `Team ${i}`, groups: [] }));
const jury: Identity = { sub: 'u-xr-jury', email: 'xrjury@demo.test', name: 'Jo Jury', groups: [] };
const judges: Identity[] = [
  { sub: 'u-xr-judge1', email: 'xrjudge1@demo.test', name: 'Jules Judge', groups: [] },
  { sub: 'u-xr-judge2', email: 'xrjudge2@demo.test', name: 'Jana Judge', groups: [] },
];
const base = () => `/api/competitions/${cid}`;
const expo = () => `${base()}/rounds/${expoId}/expo`;
/** The hidden truth the judges follow: a lower index is the better project. */
const better = (a: string, b: string) => (subs.indexOf(a) < subs.indexOf(b) ? a : b);

async function accept(roundId: string, who: Identity) {
  const invite = await h.call('POST', `${base()}/rounds/${roundId}/invitations`, people.organiser, { emails: [who.email] });
  expect(invite.status, invite.text).toBe(201);
  const accepted = await h.call('POST', `/api/invitations/${cid}/${invite.json.items[0].link.split('/').pop()}/accept`, who, { interests: [] });
  expect(accepted.status, accepted.text).toBeLessThan(300);
}

async function vote(judge: Identity, previousId: string, currentId: string, winner: string) {
  h.clock.advance(1_000); // votes keep their order (Crowd-BT replays them in it)
  const r = await h.call('POST', `${expo()}/votes`, judge, { voteId: randomUUID(), previousId, currentId, winner });
  expect(r.status, r.text).toBe(201);
  return r;
}

/** A judge walks the hall until nothing is left for them, voting by the hidden truth. */
async function walk(judge: Identity, opts: { undoFirst?: boolean } = {}) {
  let undo = opts.undoFirst ?? false;
  for (let step = 0; step < 40; step++) {
    const view = (await h.call('POST', `${expo()}/judge/next`, judge)).json;
    if (!view.current) return;
    if (!view.previous) continue; // the first table: nothing to compare with
    const [p, c] = [view.previous.submissionId as string, view.current.submissionId as string];
    if (undo) {
      // A mis-tap, taken back: it must not count.
      const wrong = await vote(judge, p, c, better(p, c) === p ? c : p);
      const undone = await h.call('POST', `${expo()}/votes/${wrong.json.lastVote.voteId}/undo`, judge);
      expect(undone.status, undone.text).toBe(200);
      expect(undone.json.current.submissionId).toBe(c);
      undo = false;
    }
    await vote(judge, p, c, better(p, c));
  }
  throw new Error('the walk did not end');
}

async function ranking() {
  const r = await h.call('GET', `${base()}/ranking?limit=100`, people.organiser);
  expect(r.status, r.text).toBe(200);
  return r.json;
}

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  cid = (await openCompetition(h, { title: 'Expo ranking', kind: 'hackathon' })).id;
  for (const [i, who] of entrants.entries()) {
    await h.call('POST', `${base()}/registration`, who, registrationInput({ organisationName: `Team ${i}`, registryId: `BE05000000${String(i).padStart(2, '0')}`, team: [{ name: who.name, email: `lead@xr${i}.eu` }] }));
    const s = await h.call('POST', `${base()}/submissions`, who, submissionContent({ title: `Project ${i}` }));
    expect((await h.call('POST', `${base()}/submissions/${s.json.id}/submit`, who, { version: 1 })).status).toBe(200);
    subs.push(s.json.id);
  }
  // A jury round (weight 30) and an expo round (weight 70).
  const window = { opensAt: '2026-12-01T09:00', closesAt: '2026-12-20T18:00' };
  const juryRound = await h.call('POST', `${base()}/rounds`, people.organiser, {
    name: 'Jury', kind: 'jury', k: 1, maxLoad: N, blind: false, ...window, weight: 30, rubric: [{ name: 'Overall', weight: 1, scale: { min: 0, max: 100 } }],
  });
  expect(juryRound.status, juryRound.text).toBe(201);
  juryId = juryRound.json.id;
  const expoRound = await h.call('POST', `${base()}/rounds`, people.organiser, {
    name: 'Expo', kind: 'expo', k: 1, maxLoad: 1, blind: false, ...window, weight: 70, expo: { method: 'crowd-bt', maxJudgesPerTable: 2, minVisits: 1 },
  });
  expect(expoRound.status, expoRound.text).toBe(201);
  expoId = expoRound.json.id;

  await accept(juryId, jury);
  expect((await h.call('POST', `${base()}/rounds/${juryId}/assignment`, people.organiser)).status).toBe(202);
  await h.jobsSettled();
  const criterion = juryRound.json.rubric[0].id;
  for (const [i, sid] of subs.entries()) {
    // The jury disagrees with the judges a little: it puts the last team first.
    const score = i === N - 2 ? 95 : 80 - 5 * i;
    juryScore.set(sid, score);
    const saved = await h.call('PUT', `${base()}/rounds/${juryId}/reviews/${sid}`, jury, { scores: { [criterion]: score }, overallComment: `On project ${i}`, version: 1 });
    expect(saved.status, saved.text).toBe(200);
    expect((await h.call('POST', `${base()}/rounds/${juryId}/reviews/${sid}/submit`, jury, { version: saved.json.version })).status).toBe(200);
  }

  expect((await h.call('POST', `${expo()}/tables/auto`, people.organiser)).json).toEqual({ updated: N });
  const absent = await h.call('PUT', `${expo()}/tables/${subs[N - 1]}/absent`, people.organiser, { absent: true });
  expect(absent.status, absent.text).toBe(200);
  for (const j of judges) await accept(expoId, j);
  await h.jobsSettled();
});
afterAll(() => h?.stop());

/** The expo round's expected scores: the round's method over the counted votes, in the order cast. */
async function expected(includeUndone = false) {
  const [tables, votes] = await Promise.all([h.deps.expo.listTables(cid, expoId), h.deps.expo.listVotes(cid, expoId)]);
  const counted = votes
    .filter((v) => includeUndone || !v.undoneAt)
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    .map((v) => ({ judge: v.judgeSub, winner: v.winner, loser: v.winner === v.currentId ? v.previousId : v.currentId }));
  const { standings } = rankPairwise('crowd-bt', tables.map((t) => t.submissionId), counted);
  return { votes, byId: new Map(standings.filter((s) => s.comparisons > 0).map((s) => [s.id, s])) };
}

describe('the expo round in the final ranking', () => {
  it('before any vote, no team has an expo score: the jury round alone ranks them', async () => {
    const r = await ranking();
    expect(r.ranked).toHaveLength(N);
    for (const e of r.ranked) expect(e.rounds.map((o: { roundId: string }) => o.roundId)).toEqual([juryId]);
    // The rules state the expo round's method before the judging starts.
    expect(r.rules.pairwise).toEqual([{ name: 'Expo', method: 'crowd-bt' }]);
  });

  it("after the judges' walk, every judged team's expo score is the method's over the counted votes, weighted with the jury's", async () => {
    await walk(judges[0]!, { undoFirst: true });
    await walk(judges[1]!);
    const { votes, byId } = await expected();
    expect(votes.filter((v) => v.undoneAt)).toHaveLength(1);
    expect(votes.filter((v) => !v.undoneAt).length).toBeGreaterThanOrEqual(8);
    expect(byId.size).toBe(N - 1); // everyone but the absent team was compared

    const r = await ranking();
    expect(r.stale).toBe(false);
    expect(r.rounds.find((x: { id: string }) => x.id === expoId)).toMatchObject({ kind: 'expo', weight: 70 });
    for (const sid of subs.slice(0, N - 1)) {
      const e = r.ranked.find((x: { submissionId: string }) => x.submissionId === sid);
      const s = byId.get(sid)!;
      const expoOutcome = e.rounds.find((o: { roundId: string }) => o.roundId === expoId);
      expect(expoOutcome, sid).toMatchObject({ calibratedMean: round6(s.score), reviews: s.comparisons });
      expect(e.finalScore).toBeCloseTo((30 * juryScore.get(sid)! + 70 * s.score) / 100, 5);
    }
    // The judges' truth decides at weight 70: the jury's favourite, which the judges rank last, does
    // not lead; a team the judges scored above it does. (Which one depends on the pairs the walk
    // met — the ids are random, and with them the hall's order — so the test names none.)
    const leader = r.ranked[0].submissionId as string;
    expect(juryScore.get(subs[N - 2]!)).toBe(Math.max(...juryScore.values()));
    expect(leader).not.toBe(subs[N - 2]);
    expect(byId.get(leader)!.score).toBeGreaterThan(byId.get(subs[N - 2]!)!.score);
  });

  it('the undone vote does not count (with it, the scores would differ)', async () => {
    const counted = await expected();
    const all = await expected(true);
    const r = await ranking();
    const shown = (sid: string) => r.ranked.find((x: { submissionId: string }) => x.submissionId === sid).rounds.find((o: { roundId: string }) => o.roundId === expoId).calibratedMean;
    const differs = subs.slice(0, N - 1).filter((sid) => round6(all.byId.get(sid)!.score) !== round6(counted.byId.get(sid)!.score));
    expect(differs.length).toBeGreaterThan(0);
    for (const sid of differs) expect(shown(sid)).toBe(round6(counted.byId.get(sid)!.score));
  });

  it('the absent team has no expo score and ranks after every team scored in both rounds', async () => {
    const r = await ranking();
    const absent = r.ranked.find((x: { submissionId: string }) => x.submissionId === subs[N - 1]);
    expect(absent.rounds.map((o: { roundId: string }) => o.roundId)).toEqual([juryId]);
    expect(absent.finalScore).toBe(juryScore.get(subs[N - 1]!));
    expect(absent.rank).toBe(N);
  });

  it("the live view and the ranking agree on the expo round's scores", async () => {
    const live = await h.call('GET', `${expo()}/live`, people.organiser);
    expect(live.status, live.text).toBe(200);
    const r = await ranking();
    for (const t of live.json.teams.filter((x: { votes: number }) => x.votes > 0)) {
      const e = r.ranked.find((x: { submissionId: string }) => x.submissionId === t.submissionId);
      // The live view shows scores to 2 decimals.
      expect(e.rounds.find((o: { roundId: string }) => o.roundId === expoId).calibratedMean).toBeCloseTo(t.score, 1);
    }
  });

  it("the rules name the round and its method", async () => {
    const r = await ranking();
    expect(r.rules).toMatchObject({ method: 'model', pairwise: [{ name: 'Expo', method: 'crowd-bt' }] });
  });

  it('the results snapshot carries the expo scores, so the published ranking recomputes from it alone', async () => {
    const competition = (await h.deps.competitions.get(cid))!;
    const at = h.clock.now().toISOString();
    const { header, entries } = await computeResults(h.deps, competition, { version: 1, decidedAt: at, visibleFrom: at });
    const expoHeader = header.rounds.find((r) => r.id === expoId)!;
    expect(expoHeader.kind).toBe('expo');
    expect(expoHeader.pairwise?.scores.map((x) => x.submissionId).sort()).toEqual(subs.slice(0, N - 1).sort());
    const again = rankSubmissions(rankingInputOf(header, entries));
    expect(again.ranked).toEqual(rankingOf(header, entries).ranked);
    expect(again.ranked.map((e) => e.submissionId)).toEqual((await ranking()).ranked.map((e: { submissionId: string }) => e.submissionId));
  });

  it('the publication checklist counts no missing reviews in the expo round (its judges compare, they do not review)', async () => {
    const r = await h.call('GET', `${base()}/results/checklist`, people.organiser);
    expect(r.status, r.text).toBe(200);
    // Every jury review is in: without the expo round's exemption all seven entries would be "under-reviewed" there.
    expect(r.json.problems.map((p: { code: string }) => p.code)).not.toContain('UNDER_REVIEWED');
    expect(r.json.underReviewedCount).toBe(0);
  });

  it('the publication checklist warns about the expo team no judge compared (the absent one), by name, from the stored figures', async () => {
    const r = await h.call('GET', `${base()}/results/checklist`, people.organiser);
    expect(r.status, r.text).toBe(200);
    expect(r.json.ranking.stale, r.text).toBe(false);
    expect(r.json.expoUnseenCount, r.text).toBe(1);
    expect(r.json.expoUnseen).toEqual([{ submissionId: subs[N - 1], title: `Project ${N - 1}`, roundId: expoId, roundName: 'Expo' }]);
    expect(r.json.warnings).toContainEqual({
      code: 'EXPO_UNSEEN',
      params: { count: 1, more: 0 },
      rounds: [{ name: 'Expo', count: 1, titles: [`Project ${N - 1}`] }],
      message: `1 team was compared by no judge in an expo round, so it has no score there ("Expo": Project ${N - 1}).`,
    });
  });
});
