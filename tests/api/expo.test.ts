/**
 * Expo rounds through the API (routes/expo.ts, use-cases/expo.ts): a judge's walk, votes counted
 * once however often a phone sends them, stale pairs, undo, skips and their cool-down, absent
 * teams, two judges racing for one table, the round's window, and who may see what. Every
 * assertion on counting reads what is stored (the repository's listVotes), not the answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import { openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';
import { recordRoundTrips } from '../support/db-round-trips.ts';

let h: Harness;
let cid: string;
const teams: { who: Identity; id: string }[] = [];
const judge = (n: number): Identity => ({ sub: `u-judge-${n}`, email: `judge${n}@hall.example`, name: `Judge ${n}`, groups: [] });
let voteSeq = 0;
const newVoteId = () => `00000000-0000-4000-8000-${String(++voteSeq).padStart(12, '0')}`;

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  const c = await openCompetition(h, { title: 'Hack the harbour', kind: 'hackathon', pitch: { required: false } });
  cid = c.id;
  for (let i = 0; i < 5; i++) {
    const who: Identity = { sub: `u-team-${i}`, email: `team${i}@teams.example`, name: `Team ${i}`, groups: [] };
    const reg = await h.call('POST', `/api/competitions/${cid}/registration`, who, registrationInput({ organisationName: `Team ${i} BV`, registryId: `DE81112${String(i).padStart(4, '0')}`, country: 'DE', team: [{ name: `Lead ${i}`, email: `lead${i}@team${i}.test`, role: 'CEO' }] }));
    expect(reg.status, reg.text).toBe(201);
    const s = await h.call('POST', `/api/competitions/${cid}/submissions`, who, submissionContent({ title: `Project ${i}` }));
    expect(s.status, s.text).toBe(201);
    const sub = await h.call('POST', `/api/competitions/${cid}/submissions/${s.json.id}/submit`, who, { version: s.json.version });
    expect(sub.status, sub.text).toBe(200);
    teams.push({ who, id: s.json.id });
  }
}, 60_000);
afterAll(() => h?.stop());

/** A new expo round over the five teams, numbered at tables 1–5, with these judges (accepted invitations). */
async function expoRound(judges: Identity[], expo: Record<string, unknown> = {}, window = { opensAt: '2026-11-30T09:00', closesAt: '2026-12-20T18:00' }) {
  const r = await h.call('POST', `/api/competitions/${cid}/rounds`, people.organiser, { name: `Expo ${++voteSeq}`, kind: 'expo', k: 1, maxLoad: 1, blind: false, weight: 10, ...window, expo });
  expect(r.status, r.text).toBe(201);
  const roundId = r.json.id as string;
  const base = `/api/competitions/${cid}/rounds/${roundId}/expo`;
  const auto = await h.call('POST', `${base}/tables/auto`, people.organiser);
  expect(auto.json).toEqual({ updated: 5 });
  if (judges.length) {
    const inv = await h.call('POST', `/api/competitions/${cid}/rounds/${roundId}/invitations`, people.organiser, { emails: judges.map((j) => j.email) });
    expect(inv.status, inv.text).toBe(201);
    for (const j of judges) {
      const link = (inv.json.items as { email: string; link: string }[]).find((i) => i.email === j.email)!.link;
      const acc = await h.call('POST', `/api/invitations/${cid}/${link.split('/').pop()}/accept`, j, { interests: [] });
      expect(acc.status, acc.text).toBe(200);
    }
  }
  return { roundId, base, round: r.json };
}

const counted = async (roundId: string) => (await h.deps.expo.listVotes(cid, roundId)).filter((v) => !v.undoneAt);

/** Sends the judge to their first table and on to the second: the first pair to vote on. */
async function firstPair(base: string, j: Identity) {
  const first = await h.call('POST', `${base}/judge/next`, j);
  expect(first.status, first.text).toBe(200);
  expect(first.json.current).toBeDefined();
  expect(first.json.previous).toBeUndefined();
  const second = await h.call('POST', `${base}/judge/next`, j);
  expect(second.status, second.text).toBe(200);
  expect(second.json.previous.submissionId).toBe(first.json.current.submissionId);
  return second.json as { previous: { submissionId: string }; current: { submissionId: string } };
}

/** Walks the judge through the whole hall (each pair voted on, the current team winning); every view seen, as JSON. */
async function walkAll(base: string, j: Identity): Promise<string[]> {
  const views: string[] = [];
  let v = (await h.call('POST', `${base}/judge/next`, j)).json;
  views.push(JSON.stringify(v));
  v = (await h.call('POST', `${base}/judge/next`, j)).json;
  views.push(JSON.stringify(v));
  while (v.current) {
    const voted = await h.call('POST', `${base}/votes`, j, { voteId: newVoteId(), previousId: v.previous.submissionId, currentId: v.current.submissionId, winner: v.current.submissionId });
    expect(voted.status, voted.text).toBe(201);
    views.push(voted.text);
    v = (await h.call('POST', `${base}/judge/next`, j)).json;
    views.push(JSON.stringify(v));
  }
  return views;
}

describe('a judge walking the hall', () => {
  it('is sent to a table, moves on, votes, and is sent on until every team is seen; each vote stored once', async () => {
    const j = judge(1);
    const { roundId, base } = await expoRound([j]);
    const start = await h.call('GET', `${base}/judge`, j);
    expect(start.status).toBe(200);
    expect(start.json).toMatchObject({ seen: 0, left: 5, done: false });
    let view = await firstPair(base, j);
    const visited = [view.previous.submissionId, view.current.submissionId];
    for (let i = 0; i < 4; i++) {
      const voted = await h.call('POST', `${base}/votes`, j, { voteId: newVoteId(), previousId: view.previous.submissionId, currentId: view.current.submissionId, winner: view.current.submissionId });
      expect(voted.status, voted.text).toBe(201);
      expect(voted.json.current).toBeUndefined();
      expect(voted.json.previous.submissionId).toBe(view.current.submissionId);
      expect(voted.json.seen).toBe(i + 2);
      expect(voted.json.lastVote.voteId).toBeDefined();
      const next = await h.call('POST', `${base}/judge/next`, j);
      expect(next.status).toBe(200);
      if (i === 3) {
        expect(next.json.current).toBeUndefined();
        expect(next.json.done).toBe(true);
        expect(next.json.left).toBe(0);
      } else {
        expect(visited).not.toContain(next.json.current.submissionId);
        visited.push(next.json.current.submissionId);
        view = next.json;
      }
    }
    expect(new Set(visited).size).toBe(5);
    const after = await h.call('GET', `${base}/judge`, j);
    expect(after.json).toMatchObject({ done: true, seen: 5, left: 0, message: expect.stringMatching(/seen every team/), messageCode: 'done' });
    const votes = await counted(roundId);
    expect(votes).toHaveLength(4);
    expect(votes.every((v) => v.judgeSub === j.sub && v.winner === v.currentId)).toBe(true);
    // The live view ranks them: the last team seen won every comparison it was in.
    const live = await h.call('GET', `${base}/live`, people.organiser);
    expect(live.status, live.text).toBe(200);
    expect(live.json.votes).toBe(4);
    expect(live.json.unseen).toEqual([]);
    expect(live.json.teams).toHaveLength(5);
    expect(live.json.teams.find((t: { submissionId: string }) => t.submissionId === visited[4]).rank).toBe(1);
    expect(live.json.judges).toEqual([expect.objectContaining({ sub: j.sub, seen: 5, votes: 4, skips: 0 })]);
  });

  it('answers next with the same table while a vote is due (nothing changes)', async () => {
    const j = judge(2);
    const { base } = await expoRound([j]);
    const pair = await firstPair(base, j);
    const again = await h.call('POST', `${base}/judge/next`, j);
    expect(again.json.current.submissionId).toBe(pair.current.submissionId);
    expect(again.json.previous.submissionId).toBe(pair.previous.submissionId);
  });
});

describe('votes sent from a phone', () => {
  it('counts a replayed vote id once (200, the same view) and refuses the id with other content (409)', async () => {
    const j = judge(3);
    const { roundId, base } = await expoRound([j]);
    const pair = await firstPair(base, j);
    const vote = { voteId: newVoteId(), previousId: pair.previous.submissionId, currentId: pair.current.submissionId, winner: pair.previous.submissionId };
    const inputs = (await h.deps.results.getInputs(cid)).version;
    const first = await h.call('POST', `${base}/votes`, j, vote);
    expect(first.status).toBe(201);
    // A counted vote moves the ranking's inputs on (the final score's expo round reads the votes); a replay does not.
    expect((await h.deps.results.getInputs(cid)).version).toBe(inputs + 1);
    const replay = await h.call('POST', `${base}/votes`, j, vote);
    expect(replay.status).toBe(200);
    expect((await h.deps.results.getInputs(cid)).version).toBe(inputs + 1);
    expect(replay.json).toEqual(first.json);
    expect(await counted(roundId)).toHaveLength(1);
    const other = await h.call('POST', `${base}/votes`, j, { ...vote, winner: pair.current.submissionId });
    expect(other.status).toBe(409);
    expect(other.json.error.code).toBe('EXPO_VOTE_ID_REUSED');
    expect((await counted(roundId)).map((v) => v.winner)).toEqual([pair.previous.submissionId]);
  });

  it('stores per-criterion winners where the round compares criteria', async () => {
    const j = judge(16);
    const { roundId, base, round } = await expoRound([j], { compareCriteria: true });
    const pair = await firstPair(base, j);
    const view = await h.call('GET', `${base}/judge`, j);
    const criteria = round.rubric.map((c: { id: string; name: string }) => ({ id: c.id, name: c.name }));
    expect(view.json.round.criteria).toEqual(criteria);
    const [first, second] = criteria as { id: string }[];
    const vote = { voteId: newVoteId(), previousId: pair.previous.submissionId, currentId: pair.current.submissionId, winner: pair.current.submissionId, criteria: { [first!.id]: pair.previous.submissionId, [second!.id]: pair.current.submissionId } };
    expect((await h.call('POST', `${base}/votes`, j, vote)).status).toBe(201);
    expect((await counted(roundId))[0]!.criteria).toEqual(vote.criteria);
    const unknown = await h.call('POST', `${base}/votes`, j, { ...vote, voteId: newVoteId(), criteria: { 'no-such-criterion': pair.current.submissionId } });
    expect(unknown.status).toBe(400);
  });

  it('ranks each criterion in the live view on its own votes, not the overall ones', async () => {
    const j = judge(17);
    const { base, round } = await expoRound([j], { compareCriteria: true });
    const [first] = round.rubric as { id: string; name: string }[];
    expect(round.rubric.length).toBeGreaterThan(1);
    // Overall the team just visited wins every vote; on the first criterion the one before it does; the second is never answered.
    let v = (await firstPair(base, j)) as { previous: { submissionId: string }; current?: { submissionId: string } };
    const walked = [v.previous.submissionId];
    while (v.current) {
      walked.push(v.current.submissionId);
      const voted = await h.call('POST', `${base}/votes`, j, { voteId: newVoteId(), previousId: v.previous.submissionId, currentId: v.current.submissionId, winner: v.current.submissionId, criteria: { [first!.id]: v.previous.submissionId } });
      expect(voted.status, voted.text).toBe(201);
      v = (await h.call('POST', `${base}/judge/next`, j)).json;
    }
    expect(walked).toHaveLength(5);
    const live = await h.call('GET', `${base}/live`, people.organiser);
    expect(live.status, live.text).toBe(200);
    const byRank = (rows: { submissionId: string; rank: number }[]) => [...rows].sort((a, b) => a.rank - b.rank).map((r) => r.submissionId);
    expect(byRank(live.json.teams)).toEqual([...walked].reverse());
    expect(live.json.criteria.map((c: { id: string; name: string; votes: number }) => [c.id, c.name, c.votes])).toEqual(round.rubric.map((c: { id: string; name: string }) => [c.id, c.name, c.id === first!.id ? 4 : 0]));
    const [own, unanswered] = live.json.criteria as { standings: { submissionId: string; rank: number; votes: number; score: number; low: number; high: number }[] }[];
    expect(byRank(own!.standings)).toEqual(walked);
    expect(own!.standings.every((s) => s.low <= s.score && s.score <= s.high)).toBe(true);
    expect(unanswered!.standings.every((s) => s.votes === 0 && s.score === 50)).toBe(true);
    // A round that does not compare criteria lists none.
    const plain = await expoRound([]);
    expect((await h.call('GET', `${plain.base}/live`, people.organiser)).json.criteria).toEqual([]);
  });

  it('counts a vote id sent several times at once exactly once', async () => {
    const j = judge(4);
    const { roundId, base } = await expoRound([j]);
    const pair = await firstPair(base, j);
    const vote = { voteId: newVoteId(), previousId: pair.previous.submissionId, currentId: pair.current.submissionId, winner: pair.current.submissionId };
    const answers = await Promise.all([1, 2, 3, 4].map(() => h.call('POST', `${base}/votes`, j, vote)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 201]);
    expect(await counted(roundId)).toHaveLength(1);
  });

  it('refuses a vote about a pair the judge is no longer comparing (409), storing nothing', async () => {
    const j = judge(5);
    const { roundId, base } = await expoRound([j]);
    const pair = await firstPair(base, j);
    const other = teams.map((t) => t.id).find((id) => id !== pair.current.submissionId && id !== pair.previous.submissionId)!;
    const stale = await h.call('POST', `${base}/votes`, j, { voteId: newVoteId(), previousId: pair.previous.submissionId, currentId: other, winner: other });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe('EXPO_STALE_PAIR');
    // A vote naming a team outside the pair is a bad request.
    const bad = await h.call('POST', `${base}/votes`, j, { voteId: newVoteId(), previousId: pair.previous.submissionId, currentId: pair.current.submissionId, winner: other });
    expect(bad.status).toBe(400);
    expect(await counted(roundId)).toHaveLength(0);
  });

  it('takes the last vote back within the undo window (the pair as before), not after it', async () => {
    const j = judge(6);
    const { roundId, base } = await expoRound([j], { undoSeconds: 30 });
    const pair = await firstPair(base, j);
    const vote = { voteId: newVoteId(), previousId: pair.previous.submissionId, currentId: pair.current.submissionId, winner: pair.current.submissionId };
    expect((await h.call('POST', `${base}/votes`, j, vote)).status).toBe(201);
    h.clock.advance(10_000);
    const undone = await h.call('POST', `${base}/votes/${vote.voteId}/undo`, j);
    expect(undone.status, undone.text).toBe(200);
    expect(undone.json.current.submissionId).toBe(pair.current.submissionId);
    expect(undone.json.previous.submissionId).toBe(pair.previous.submissionId);
    expect(undone.json.lastVote).toBeUndefined();
    const stored = await h.deps.expo.listVotes(cid, roundId);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.undoneAt).toBeDefined();
    expect(await counted(roundId)).toHaveLength(0);
    // Vote again on the same pair (a new id), then wait past the window.
    const again = { ...vote, voteId: newVoteId(), winner: pair.previous.submissionId };
    expect((await h.call('POST', `${base}/votes`, j, again)).status).toBe(201);
    h.clock.advance(31_000);
    const late = await h.call('POST', `${base}/votes/${again.voteId}/undo`, j);
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe('EXPO_UNDO_EXPIRED');
    expect((await counted(roundId)).map((v) => v.id)).toEqual([again.voteId]);
    h.clock.set('2026-12-01T10:00:00Z');
  });
});

describe('skips and absent teams', () => {
  it('does not offer a skipped team again during the cool-down, and does after it', async () => {
    const j = judge(7);
    const { base } = await expoRound([j], { skipCooldownMinutes: 10 });
    const first = await h.call('POST', `${base}/judge/next`, j);
    const skipped = first.json.current.submissionId as string;
    const skip = await h.call('POST', `${base}/judge/skip`, j, { submissionId: skipped, reason: 'busy' });
    expect(skip.status, skip.text).toBe(200);
    expect(skip.json.current.submissionId).not.toBe(skipped);
    // Walk the four others: the skipped team never comes up.
    let view = (await h.call('POST', `${base}/judge/next`, j)).json; // moves on from the first table judged
    const offered: string[] = [view.previous.submissionId, view.current.submissionId];
    while (view.current) {
      const voted = await h.call('POST', `${base}/votes`, j, { voteId: newVoteId(), previousId: view.previous.submissionId, currentId: view.current.submissionId, winner: view.current.submissionId });
      expect(voted.status).toBe(201);
      view = (await h.call('POST', `${base}/judge/next`, j)).json;
      if (view.current) offered.push(view.current.submissionId);
    }
    expect(offered).not.toContain(skipped);
    expect(offered).toHaveLength(4);
    expect(view.done).toBe(false); // the skipped team is still to see
    h.clock.advance(11 * 60_000);
    const back = await h.call('POST', `${base}/judge/next`, j);
    expect(back.json.current.submissionId).toBe(skipped);
    h.clock.set('2026-12-01T10:00:00Z');
  });

  it('never sends a judge to a team marked absent', async () => {
    const j = judge(8);
    const { base } = await expoRound([j]);
    const absent = teams[2]!.id;
    const marked = await h.call('PUT', `${base}/tables/${absent}/absent`, people.organiser, { absent: true });
    expect(marked.status, marked.text).toBe(200);
    expect(marked.json.absent).toBe(true);
    const offered: string[] = [];
    let view = (await h.call('POST', `${base}/judge/next`, j)).json;
    offered.push(view.current.submissionId);
    view = (await h.call('POST', `${base}/judge/next`, j)).json;
    while (view.current) {
      offered.push(view.current.submissionId);
      await h.call('POST', `${base}/votes`, j, { voteId: newVoteId(), previousId: view.previous.submissionId, currentId: view.current.submissionId, winner: view.previous.submissionId });
      view = (await h.call('POST', `${base}/judge/next`, j)).json;
    }
    expect(offered).toHaveLength(4);
    expect(offered).not.toContain(absent);
    expect(view.done).toBe(true);
  });
});

describe('a team member who judges', () => {
  it('is never sent to their own team, nor to one they have a recorded conflict with', async () => {
    const lead = teams[1]!.who;
    const { roundId, base } = await expoRound([lead]);
    const conflict = await h.call('POST', `/api/competitions/${cid}/rounds/${roundId}/conflicts`, people.organiser, { submissionId: teams[3]!.id, reviewerSub: lead.sub, reason: 'Former co-founders.' });
    expect(conflict.status, conflict.text).toBeLessThan(300);
    const views = (await walkAll(base, lead)).map((v) => JSON.parse(v) as { current?: { submissionId: string } });
    const offered = views.map((v) => v.current?.submissionId).filter((x): x is string => x !== undefined);
    expect(new Set(offered).size).toBe(3);
    expect(offered).not.toContain(teams[1]!.id);
    expect(offered).not.toContain(teams[3]!.id);
    expect((await counted(roundId)).some((v) => v.currentId === teams[1]!.id || v.previousId === teams[1]!.id)).toBe(false);
  });
});

describe("a team's member with their own account who judges", () => {
  it("is never sent to their team's table (they joined as a viewer; the team's registration does not name them)", async () => {
    const mate: Identity = { sub: 'u-expo-mate', email: 'mate@elsewhere.example', name: 'Mia Mate', groups: [] };
    const invited = await h.call('POST', `/api/competitions/${cid}/team/invitations`, teams[2]!.who, { email: mate.email, role: 'viewer' });
    expect(invited.status, invited.text).toBe(201);
    expect((await h.call('POST', `/api/team-invitations/${cid}/${String(invited.json.link).split('/').pop()}/accept`, mate)).status).toBe(200);
    const { roundId, base } = await expoRound([mate]);
    const views = (await walkAll(base, mate)).map((v) => JSON.parse(v) as { current?: { submissionId: string } });
    const offered = new Set(views.map((v) => v.current?.submissionId).filter((x): x is string => x !== undefined));
    expect(offered.size).toBe(4);
    expect(offered.has(teams[2]!.id)).toBe(false);
    expect((await counted(roundId)).some((v) => v.currentId === teams[2]!.id || v.previousId === teams[2]!.id)).toBe(false);
  });
});

describe('two judges at once', () => {
  it('sends only one of two judges racing for the same table there (maxJudgesPerTable 1)', async () => {
    const [a, b] = [judge(9), judge(10)];
    const { base, roundId } = await expoRound([a, b], { maxJudgesPerTable: 1 });
    const [ra, rb] = await Promise.all([h.call('POST', `${base}/judge/next`, a), h.call('POST', `${base}/judge/next`, b)]);
    expect(ra.status, ra.text).toBe(200);
    expect(rb.status, rb.text).toBe(200);
    expect(ra.json.current.submissionId).not.toBe(rb.json.current.submissionId);
    const hall = await h.deps.expo.getHall(cid, roundId);
    expect(new Set(Object.values(hall.at)).size).toBe(2);
  });
});

describe('a double tap', () => {
  it('sends the judge to one table, whichever request wins', async () => {
    const j = judge(17);
    const { base, roundId } = await expoRound([j]);
    const answers = await Promise.all([1, 2, 3].map(() => h.call('POST', `${base}/judge/next`, j)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const tables = new Set(answers.map((a) => a.json.current.submissionId));
    expect(tables.size).toBe(1);
    const state = await h.deps.expo.getJudge(cid, roundId, j.sub);
    expect(state?.current).toBe([...tables][0]);
    expect((await h.deps.expo.getHall(cid, roundId)).at[j.sub]).toBe(state?.current);
  });
});

describe('the round window', () => {
  it('refuses votes, moves and skips outside the window (409) and stores nothing', async () => {
    const j = judge(11);
    const { roundId, base } = await expoRound([j], {}, { opensAt: '2026-11-30T09:00', closesAt: '2026-12-01T12:00' });
    const pair = await firstPair(base, j);
    h.clock.set('2026-12-01T11:00:01Z'); // 12:00:01 in Brussels: closed
    const vote = await h.call('POST', `${base}/votes`, j, { voteId: newVoteId(), previousId: pair.previous.submissionId, currentId: pair.current.submissionId, winner: pair.current.submissionId });
    expect(vote.status).toBe(409);
    expect(vote.json.error.message).toBe('Judging in this round is closed.');
    expect((await h.call('POST', `${base}/judge/next`, j)).status).toBe(409);
    expect((await h.call('POST', `${base}/judge/skip`, j, { submissionId: pair.current.submissionId, reason: 'absent' })).status).toBe(409);
    expect(await counted(roundId)).toHaveLength(0);
    const view = await h.call('GET', `${base}/judge`, j);
    expect(view.json.round.phase).toBe('closed');
    h.clock.set('2026-12-01T10:00:00Z');
  });
});

describe('who sees what', () => {
  it("keeps a judge's notes theirs, and the live view and tables the organisers'", async () => {
    const [a, b] = [judge(12), judge(13)];
    const { base } = await expoRound([a, b]);
    const note = 'Secret expo note 91f: their API key was on the slide';
    const put = await h.call('PUT', `${base}/notes/${teams[0]!.id}`, a, { text: note });
    expect(put.status, put.text).toBe(200);
    // Both walk the whole hall: every team is on each one's screen at some point; only a's views show a's note.
    expect((await walkAll(base, b)).join()).not.toContain(note);
    expect((await walkAll(base, a)).join()).toContain(note);

    const entrant = teams[0]!.who;
    expect((await h.call('GET', `${base}/judge`, entrant)).status).toBe(404);
    expect((await h.call('PUT', `${base}/notes/${teams[0]!.id}`, entrant, { text: 'x' })).status).toBe(404);
    expect((await h.call('GET', `${base}/live`, entrant)).status).toBe(403);
    expect((await h.call('GET', `${base}/live`, a)).status).toBe(403);
    expect((await h.call('GET', `${base}/tables`, b)).status).toBe(403);
    expect((await h.call('GET', `${base}/judge`)).status).toBe(401);
    // A judge of another round is not a judge of this one.
    const other = await expoRound([judge(14)]);
    expect((await h.call('GET', `${other.base}/judge`, a)).status).toBe(404);
  });
});

describe('organisers', () => {
  it('place teams at tables (validated), page them with titles, and cannot assign an expo round', async () => {
    const { roundId, base } = await expoRound([]);
    const put = await h.call('PUT', `${base}/tables`, people.organiser, { items: [{ submissionId: teams[0]!.id, table: 'A12', zone: 'North' }, { submissionId: teams[1]!.id, table: '3', position: 40 }] });
    expect(put.status, put.text).toBe(200);
    expect(put.json).toEqual({ updated: 2 });
    const stored = await h.deps.expo.getTable(cid, roundId, teams[0]!.id);
    expect(stored).toEqual({
      submissionId: teams[0]!.id,
      table: 'A12',
      position: 12,
      zone: 'North',
      absent: false,
      ownerSub: teams[0]!.who.sub,
      // What automatic conflicts with the team follow from, copied from its registration.
      owner: { registryId: 'DE811120000', teamEmails: ['lead0@team0.test'], email: teams[0]!.who.email },
    });
    // The owner's account stays inside: the organiser's page does not show it.
    expect(JSON.stringify((await h.call('GET', `${base}/tables`, people.organiser)).json)).not.toContain(teams[0]!.who.sub);
    expect((await h.deps.expo.getTable(cid, roundId, teams[1]!.id))?.position).toBe(40);
    const bad = await h.call('PUT', `${base}/tables`, people.organiser, { items: [{ submissionId: 'no-such-entry', table: '1' }] });
    expect(bad.status).toBe(400);
    const page1 = await h.call('GET', `${base}/tables?limit=3`, people.organiser);
    expect(page1.json.items).toHaveLength(3);
    expect(page1.json.items[0].title).toMatch(/^Project /);
    const page2 = await h.call('GET', `${base}/tables?limit=3&cursor=${encodeURIComponent(page1.json.nextCursor)}`, people.organiser);
    expect(page2.json.items).toHaveLength(2);
    expect(page2.json.nextCursor).toBeUndefined();
    expect((await h.call('PUT', `${base}/tables/no-such-entry/absent`, people.organiser, { absent: true })).status).toBe(404);
    const assign = await h.call('POST', `/api/competitions/${cid}/rounds/${roundId}/assignment`, people.organiser);
    expect(assign.status).toBe(409);
    // Editing the round without its expo settings keeps them.
    const tuned = await expoRound([], { minVisits: 4, undoSeconds: 90 });
    expect(tuned.round.expo).toMatchObject({ minVisits: 4, undoSeconds: 90, maxJudgesPerTable: 1, skipCooldownMinutes: 10, compareCriteria: false });
    const edited = await h.call('PUT', `/api/competitions/${cid}/rounds/${tuned.roundId}`, people.organiser, { name: 'Expo renamed', kind: 'expo', k: 1, maxLoad: 1, blind: false, weight: 10, opensAt: '2026-11-30T09:00', closesAt: '2026-12-20T18:00', version: tuned.round.version });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.json.expo).toEqual(tuned.round.expo);
    // Settings outside an expo round are refused.
    const wrong = await h.call('POST', `/api/competitions/${cid}/rounds`, people.organiser, { name: 'Jury', kind: 'jury', k: 1, maxLoad: 1, weight: 10, opensAt: '2026-11-30T09:00', closesAt: '2026-12-20T18:00', expo: { minVisits: 2 } });
    expect(wrong.status).toBe(400);
  });

  it('answers a judge request in a few sequential round trips', async () => {
    const j = judge(15);
    const { base } = await expoRound([j]);
    const trips = recordRoundTrips(h.db);
    const next = await trips.measure(() => h.call('POST', `${base}/judge/next`, j));
    expect(next.result.status).toBe(200);
    expect(next.sequential).toBeLessThanOrEqual(4);
    const second = (await h.call('POST', `${base}/judge/next`, j)).json;
    const vote = await trips.measure(() => h.call('POST', `${base}/votes`, j, { voteId: newVoteId(), previousId: second.previous.submissionId, currentId: second.current.submissionId, winner: second.current.submissionId }));
    expect(vote.result.status).toBe(201);
    expect(vote.sequential).toBeLessThanOrEqual(3);
  });
});

describe("a judge's review queue", () => {
  it('lists each expo round the caller judges (no reviews, its window, the judge page), not rounds they were dropped from or never joined', async () => {
    const [j, other] = [judge(20), judge(21)];
    const mine = await expoRound([j]);
    const theirs = await expoRound([other]);
    const dropped = await expoRound([j]);
    const drop = await h.call('POST', `/api/competitions/${cid}/rounds/${dropped.roundId}/reviewers/${j.sub}/drop`, people.organiser);
    expect(drop.status, drop.text).toBe(202);
    expect((await h.deps.evaluation.getReviewers(cid, dropped.roundId, [j.sub]))[0]?.active).toBe(false);
    // The drop's assignment job has nothing to hand over in an expo round: it finishes, it does not fail.
    await h.jobsSettled();
    const job = await h.deps.jobs.get(cid, (drop.json as { id: string }).id);
    expect(job?.state).toBe('succeeded');

    const queue = await h.call('GET', '/api/me/reviews', j);

    expect(queue.status, queue.text).toBe(200);
    const groups = queue.json.items as { roundId: string }[];
    expect(groups.map((g) => g.roundId)).toEqual([mine.roundId]);
    expect(groups[0]).toEqual({
      competitionId: cid,
      competitionTitle: 'Hack the harbour',
      competitionPhase: expect.any(String),
      competitionPhaseLabel: expect.any(String),
      roundId: mine.roundId,
      roundName: mine.round.name,
      roundKind: 'expo',
      phase: 'open',
      opensAt: mine.round.opensAt,
      closesAt: mine.round.closesAt,
      blind: false,
      done: 0,
      total: 0,
      judgePath: `/competitions/${cid}/rounds/${mine.roundId}/judge`,
      items: [],
    });
    expect((await h.call('GET', '/api/me/reviews', other)).json.items.map((g: { roundId: string }) => g.roundId)).toEqual([theirs.roundId]);
    // Someone on no jury has nothing, and the queue costs no more than a handful of calls.
    expect((await h.call('GET', '/api/me/reviews', teams[0]!.who)).json.items).toEqual([]);
    const trips = recordRoundTrips(h.db);
    const cost = await trips.measure(() => h.call('GET', '/api/me/reviews', j));
    expect(cost.sequential).toBeLessThanOrEqual(3);
    expect(cost.calls.filter((c) => c.operation === 'GetItem')).toEqual([]);
  });
});

describe('undo while other judges are sent on', () => {
  it('leaves the hall where every judge stands (undo retries its hall write like next)', async () => {
    for (let round = 0; round < 6; round++) {
      const [a, b, c] = [judge(30 + round), judge(40 + round), judge(50 + round)];
      const { base, roundId } = await expoRound([a, b, c], { maxJudgesPerTable: 3, undoSeconds: 600 });
      const pair = await firstPair(base, a);
      const voteId = newVoteId();
      const voted = await h.call('POST', `${base}/votes`, a, { voteId, previousId: pair.previous.submissionId, currentId: pair.current.submissionId, winner: pair.current.submissionId });
      expect(voted.status, voted.text).toBe(201);
      const onward = await h.call('POST', `${base}/judge/next`, a);
      expect(onward.json.current.submissionId).not.toBe(pair.current.submissionId);
      for (const j of [b, c]) expect((await h.call('POST', `${base}/judge/next`, j)).status).toBe(200);

      const [undone, nb, nc] = await Promise.all([h.call('POST', `${base}/votes/${voteId}/undo`, a), h.call('POST', `${base}/judge/next`, b), h.call('POST', `${base}/judge/next`, c)]);

      expect([undone.status, nb.status, nc.status], `${undone.text} ${nb.text} ${nc.text}`).toEqual([200, 200, 200]);
      expect(undone.json.current.submissionId).toBe(pair.current.submissionId);
      const hall = await h.deps.expo.getHall(cid, roundId);
      for (const j of [a, b, c]) {
        const state = await h.deps.expo.getJudge(cid, roundId, j.sub);
        expect(hall.at[j.sub], `${j.sub} in round ${round}`).toBe(state?.current);
      }
      expect(hall.at[a.sub]).toBe(pair.current.submissionId);
    }
  });
});

describe('automatic conflicts', () => {
  it("never sends a judge to a team they have an automatic conflict with (the round's conflict list says so), and keeps the facts inside", async () => {
    // A second account of team 2's owner, invited to judge: the same person on both sides.
    const j: Identity = { sub: 'u-judge-60', email: teams[2]!.who.email, name: 'Team 2 again', groups: [] };
    const { roundId, base } = await expoRound([j]);
    const list = await h.call('GET', `/api/competitions/${cid}/rounds/${roundId}/conflicts`, people.organiser);
    expect(list.status, list.text).toBe(200);
    expect((list.json.items as { reviewerSub: string; submissionId: string; source: string }[]).filter((c) => c.reviewerSub === j.sub).map((c) => [c.submissionId, c.source])).toEqual([[teams[2]!.id, 'same-team-member']]);

    const start = await h.call('GET', `${base}/judge`, j);
    expect(start.json).toMatchObject({ left: 4 });
    const views = (await walkAll(base, j)).map((v) => JSON.parse(v) as { current?: { submissionId: string }; done?: boolean });

    const offered = views.map((v) => v.current?.submissionId).filter((x): x is string => x !== undefined);
    expect(new Set(offered).size).toBe(4);
    expect(offered).not.toContain(teams[2]!.id);
    expect(views.at(-1)?.done).toBe(true);
    const state = await h.deps.expo.getJudge(cid, roundId, j.sub);
    expect(state?.seen).not.toContain(teams[2]!.id);
    expect((await counted(roundId)).some((v) => v.currentId === teams[2]!.id || v.previousId === teams[2]!.id)).toBe(false);
    // Stored with the table, never shown to the organiser.
    expect((await h.deps.expo.listTables(cid, roundId)).find((t) => t.submissionId === teams[2]!.id)?.owner?.email).toBe(teams[2]!.who.email);
    const page = await h.call('GET', `${base}/tables?limit=10`, people.organiser);
    expect(page.json.items.every((t: Record<string, unknown>) => !('owner' in t) && !('ownerSub' in t))).toBe(true);
  });

  it('applies them to tables stored without the facts too (read from the owners, in one batch)', async () => {
    const j: Identity = { sub: 'u-judge-61', email: teams[2]!.who.email, name: 'Team 2 again', groups: [] };
    const { roundId, base } = await expoRound([j]);
    const bare = (await h.deps.expo.listTables(cid, roundId)).map(({ owner: _, ...t }) => t);
    await h.deps.expo.putTables(cid, roundId, bare, '2026-12-01T10:00:00.000Z');
    expect((await h.deps.expo.listTables(cid, roundId)).some((t) => t.owner)).toBe(false);

    const view = await h.call('GET', `${base}/judge`, j);
    const first = await h.call('POST', `${base}/judge/next`, j);

    expect(view.json).toMatchObject({ left: 4 });
    expect(first.json.current.submissionId).not.toBe(teams[2]!.id);
  });
});

describe('the minimum visits the vote budget allows (issue 12 §2)', () => {
  it("applies the round's minimum when the window affords it, and lowers it (never below 1) when it does not — the live view says which", async () => {
    const long = await expoRound([], { minVisits: 3 });
    const roomy = await h.call('GET', `${long.base}/live`, people.organiser);
    expect(roomy.status, roomy.text).toBe(200);
    expect(roomy.json.minVisits).toBe(3);
    // One hour, nobody in the hall yet (counted as one judge): 12 visits, a third of them over 5 teams → 0, so 1.
    const short = await expoRound([], { minVisits: 3 }, { opensAt: '2026-11-30T09:00', closesAt: '2026-11-30T10:00' });
    const tight = await h.call('GET', `${short.base}/live`, people.organiser);
    expect(tight.status, tight.text).toBe(200);
    expect(tight.json.minVisits).toBe(1);
    // The setting itself is kept as the organiser made it.
    expect(short.round.expo.minVisits).toBe(3);
  });
});
