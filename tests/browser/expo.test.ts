/**
 * Expo judging in Chromium (issue 12 §1, §4): a hackathon with six submitted entries and an expo
 * round (tables numbered 1..6, one judge per table, two judges invited and accepted), set up
 * through the API. Then, on phones (390×844, touch): judge 1 is sent to a table ("Go to table N —
 * title", as the API's judge view says), writes a note (saved as they type: the API has it), moves
 * on, says which was better, undoes the vote within the window (the API's count goes back) and
 * votes again the other way, skips a busy table (not offered again), and makes one vote while the
 * phone is offline — "Saved on this phone", not on the server — which is sent when the network
 * returns and counted once (a replay of its id through the API is answered 200 and changes
 * nothing); judge 2, on another phone, is sent to another table (one judge per table) and votes.
 * Meanwhile the organiser's live view, open on a desktop, follows the count, the ranking (in the
 * API's order, with its intervals), coverage and the teams nobody has seen — without a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, createOpenCompetition, expectStatus, mintTokens, openExpoRound, openPhone, registerEntrant, startLocalPodium, stopLocalPodium, submitIdea } from './api-setup.ts';
import { screenshot, utcWallClock } from './support.ts';

const TEAMS = [
  { who: 'sme1', org: 'Alpha Energy BV', registryId: 'BE0100000001', email: 'a@alpha-energy.eu', sectors: ['Energy'], title: 'Solar bench charger' },
  { who: 'sme2', org: 'Beta Mobility GmbH', registryId: 'DE100000002', email: 'b@beta-mobility.eu', sectors: ['Mobility'], title: 'Bike lane radar' },
  { who: 'sme3', org: 'Gamma Foods SRL', registryId: 'IT10000000003', email: 'c@gamma-foods.eu', sectors: ['Food'], title: 'Leftover matcher' },
  { who: 'sme4', org: 'Delta Health Oy', registryId: 'FI10000004', email: 'd@delta-health.eu', sectors: ['Health'], title: 'Posture coach' },
  { who: 'sme5', org: 'Epsilon Water AS', registryId: 'NO100000005', email: 'e@epsilon-water.eu', sectors: ['Energy'], title: 'Leak listener' },
  { who: 'sme6', org: 'Zeta Textiles Lda', registryId: 'PT100000006', email: 'f@zeta-textiles.eu', sectors: ['Food'], title: 'Thread recycler' },
] as const;
const NOTE = 'Working demo; ask about battery life.';
/** Long enough for the live view's refresh (every 3 s) and a request or two. */
const LIVE = { timeout: 10_000, interval: 200 };

describe('expo: two judges on phones (next, vote, undo, skip, a note, an offline vote) and the organiser’s live view', () => {
  let podium: RunningPodium;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => podium.url, tokens);
  const browsers = new Browsers(() => podium.url);
  const phones: (() => Promise<void>)[] = [];
  let cid: string;
  let round: any;
  let organiser: Page;
  /** Judge 1's phone (opened in test 2, used again in test 4), judge 2's (test 3, again in test 7). */
  let judge1: Page;
  let judge2: Page;
  const base = () => `/api/competitions/${cid}/rounds/${round.id}/expo`;
  const judgeView = async (who: string) => expectStatus(call('GET', `${base()}/judge`, who));
  const live = async () => expectStatus(call('GET', `${base()}/live`, 'organiser'));
  const judgePage = () => `${podium.url}/competitions/${cid}/rounds/${round.id}/judge`;
  /** The heading that sends the judge to a table, as the page writes it from the API's view. */
  const goLine = (p: { table: string; title: string }) => `Go to table ${p.table} — ${p.title}`;
  /** The live view's vote count (the page's own figure). */
  const shownVotes = () => organiser.getByTestId('expo-live-votes').textContent();
  /** The queued votes this phone holds in localStorage. */
  const phoneQueue = (page: Page) =>
    page.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith('podium.expo.votes.'))
        .flatMap((k) => JSON.parse(localStorage.getItem(k) ?? '[]') as { voteId: string; previousId: string; currentId: string; winner: string }[]),
    );

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-expo-'));
    Object.assign(tokens, await mintTokens(podium, dataDir, ['organiser@demo.test', 'judge1@demo.test', 'judge2@demo.test', ...TEAMS.map((t) => `${t.who}@demo.test`)]));
    cid = await createOpenCompetition(
      call,
      {
        title: `Hack the Hall ${Date.now().toString(36)}`,
        description: 'A weekend hackathon; judges walk the expo.',
        kind: 'hackathon',
        sectors: ['Energy', 'Mobility', 'Food', 'Health'],
        rubric: [{ name: 'Overall', description: 'How good is it?', weight: 1, scale: { min: 0, max: 10 } }],
      },
      2,
    );
    for (const t of TEAMS) {
      await registerEntrant(call, cid, t.who, t);
      await submitIdea(call, cid, t.who, t);
    }
    round = await openExpoRound(call, cid, { name: 'Expo judging', criteria: ['Overall'], judges: ['judge1@demo.test', 'judge2@demo.test'], expo: { minVisits: 2, maxJudgesPerTable: 1, undoSeconds: 120 } });
    const tables = await expectStatus(call('GET', `${base()}/tables?limit=100`, 'organiser'));
    expect(tables.items.map((t: any) => t.table).sort((a: string, b: string) => Number(a) - Number(b))).toEqual(['1', '2', '3', '4', '5', '6']);
    organiser = await browsers.open('organiser@demo.test');
  }, 120_000);

  afterAll(async () => {
    for (const close of phones) await close();
    await stopLocalPodium(podium, dataDir, browsers);
  });

  it('(1) the organiser opens the live view from the round page: every team, no votes, nobody seen yet', async () => {
    await organiser.goto(`${podium.url}/competitions/${cid}/rounds/${round.id}`);
    await organiser.getByRole('heading', { level: 1, name: 'Expo judging' }).waitFor();
    // The round page of an expo round: its tables (numbered by the API above) and the invitations; no assignment.
    const tables = organiser.getByRole('table', { name: 'Tables in the hall' });
    await expect.poll(() => tables.locator('tbody tr').count(), LIVE).toBe(TEAMS.length);
    expect(await organiser.getByRole('heading', { name: 'Assignment' }).count()).toBe(0);
    await organiser.getByRole('link', { name: 'Live view' }).click();
    await organiser.getByRole('heading', { level: 1, name: 'Live: Expo judging' }).waitFor();
    const ranking = organiser.getByRole('table', { name: /^Ranking with its uncertainty interval/ });
    await expect.poll(() => ranking.locator('tbody tr').count(), LIVE).toBe(TEAMS.length);
    expect(await shownVotes()).toBe('0');
    const l = await live();
    expect(l.votes).toBe(0);
    expect(l.unseen).toHaveLength(TEAMS.length);
    expect(await organiser.getByRole('list', { name: 'Not seen by any judge yet' }).getByRole('listitem').count()).toBe(TEAMS.length);
    // Marked once: a reload of the page would lose it.
    await organiser.evaluate(() => ((window as unknown as { expoMark: number }).expoMark = 1));
  });

  it('(2) judge 1 on a phone: a table, a note, next, a vote, undo, the other vote, a skip — the API agrees at every step', async () => {
    const phone = await openPhone(podium.url, 'judge1@demo.test');
    phones.push(phone.close);
    const p = (judge1 = phone.page);
    // The judge finds the round in "My reviews" (no reviews in an expo round: a link to judge it).
    await p.goto(`${podium.url}/me/reviews`);
    const toJudge = p.locator(`a[href="/competitions/${cid}/rounds/${round.id}/judge"]`);
    await toJudge.waitFor();
    expect(await toJudge.textContent()).toBe('Judge this expo');
    await toJudge.click();
    await p.waitForURL(judgePage());
    const go = p.getByRole('heading', { level: 1, name: /^Go to table / });
    await go.waitFor();
    let v = await judgeView('judge1');
    const first = v.current;
    expect(first).toBeDefined();
    expect(v.previous).toBeUndefined();
    expect(await go.textContent()).toBe(goLine(first));

    // Large targets at the bottom of the screen, within a thumb's reach.
    const seenIt = p.getByRole('button', { name: 'Next table', exact: true });
    const box = (await seenIt.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(48);
    expect(box.y + box.height).toBeGreaterThan(844 - 220);
    for (const name of ['Skip: team absent', 'Skip: table busy']) expect((await p.getByRole('button', { name }).boundingBox())!.height).toBeGreaterThanOrEqual(48);

    // A note, saved as it is typed.
    await p.getByLabel(`Your note on ${first.title} (table ${first.table})`).fill(NOTE);
    await p.getByText('Note saved').waitFor();
    expect((await judgeView('judge1')).current.note).toBe(NOTE);

    await seenIt.tap();
    await p.getByRole('heading', { name: 'Which was better?' }).waitFor();
    v = await judgeView('judge1');
    expect(v.previous.submissionId).toBe(first.submissionId);
    const second = v.current;
    await p.getByRole('heading', { level: 1, name: goLine(second) }).waitFor();
    // The previous project's note is there to read.
    expect(await p.getByLabel(`Your note on the previous one: ${first.title} (table ${first.table})`).inputValue()).toBe(NOTE);
    expect(await p.getByText(/projects? seen, \d+ left near you/).textContent()).toMatch(new RegExp(`^${v.seen} projects? seen, ${v.leftNearby} left near you`));

    // This one was better; the page moves on to a new table and offers an undo with a countdown.
    await p.getByRole('button', { name: `This one: ${second.title}` }).tap();
    const undo = p.getByRole('button', { name: /^Undo last vote \(\d+ s\)$/ });
    await undo.waitFor();
    await expect.poll(async () => (await live()).votes, LIVE).toBe(1);
    v = await judgeView('judge1');
    expect(v.previous.submissionId).toBe(second.submissionId);
    await p.getByRole('heading', { level: 1, name: goLine(v.current) }).waitFor();
    const undoUntil = Date.parse(v.lastVote.undoUntil);
    const shown = Number(/\((\d+) s\)/.exec((await undo.textContent())!)![1]);
    expect(Math.abs(shown - (undoUntil - Date.now()) / 1000)).toBeLessThan(5);
    // The live view follows without a reload.
    await expect.poll(shownVotes, LIVE).toBe('1');

    // Undo: the vote leaves the count and the pair is back.
    await undo.tap();
    await p.getByText('Your last vote was undone. Compare again.').waitFor();
    await expect.poll(async () => (await live()).votes, LIVE).toBe(0);
    v = await judgeView('judge1');
    expect([v.previous.submissionId, v.current.submissionId]).toEqual([first.submissionId, second.submissionId]);
    await expect.poll(shownVotes, LIVE).toBe('0');

    // The other way round this time: the previous one (the first) was better.
    await p.getByRole('button', { name: `The previous one: ${first.title}` }).tap();
    await expect.poll(async () => (await live()).votes, LIVE).toBe(1);
    const l = await live();
    const score = (id: string) => l.teams.find((t: any) => t.submissionId === id).score;
    expect(score(first.submissionId)).toBeGreaterThan(score(second.submissionId));

    // Skip a busy table: another one is offered, and the skip is counted.
    await p.getByRole('heading', { level: 1, name: /^Go to table / }).waitFor();
    v = await judgeView('judge1');
    const busy = v.current;
    await p.getByRole('heading', { level: 1, name: goLine(busy) }).waitFor();
    await p.getByRole('button', { name: 'Skip: table busy' }).tap();
    await expect.poll(async () => (await judgeView('judge1')).current?.submissionId, LIVE).not.toBe(busy.submissionId);
    v = await judgeView('judge1');
    expect(v.current).toBeDefined();
    await p.getByRole('heading', { level: 1, name: goLine(v.current) }).waitFor();
    expect((await live()).judges.find((j: any) => j.name === 'Julia Novak')?.skips).toBe(1);
    // Nothing scrolls sideways on the phone.
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(p, 'expo-1-judge-phone');
  });

  it('(3) judge 2 on another phone is sent to another table (one judge per table) and votes', async () => {
    const phone = await openPhone(podium.url, 'judge2@demo.test');
    phones.push(phone.close);
    const p = (judge2 = phone.page);
    await p.goto(judgePage());
    await p.getByRole('heading', { level: 1, name: /^Go to table / }).waitFor();
    const [mine, theirs] = [await judgeView('judge2'), await judgeView('judge1')];
    expect(mine.current.submissionId).not.toBe(theirs.current.submissionId);
    await p.getByRole('heading', { level: 1, name: goLine(mine.current) }).waitFor();
    await p.getByRole('button', { name: 'Next table', exact: true }).tap();
    await p.getByRole('heading', { name: 'Which was better?' }).waitFor();
    const v = await judgeView('judge2');
    expect(v.current.submissionId).not.toBe((await judgeView('judge1')).current.submissionId);
    await p.getByRole('button', { name: `This one: ${v.current.title}` }).tap();
    await expect.poll(async () => (await live()).votes, LIVE).toBe(2);
    await expect.poll(shownVotes, LIVE).toBe('2');
  });

  it('(4) judge 1 votes while the phone is offline: kept on the phone, sent when the network returns, counted once', async () => {
    const p = judge1;
    const v = await judgeView('judge1');
    expect(v.previous && v.current).toBeTruthy();
    await p.getByRole('heading', { level: 1, name: goLine(v.current) }).waitFor();
    await p.context().setOffline(true);
    await p.getByRole('button', { name: `This one: ${v.current.title}` }).tap();
    await p.getByText(/^Saved on this phone — sending when you are back online/).waitFor();
    const queued = await phoneQueue(p);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ previousId: v.previous.submissionId, currentId: v.current.submissionId, winner: v.current.submissionId });
    expect(queued[0]!.voteId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The server does not have it (and the page keeps trying with a backoff, in vain, while offline).
    await new Promise((r) => setTimeout(r, 2500));
    expect((await live()).votes).toBe(2);
    expect(await phoneQueue(p)).toHaveLength(1);

    await p.context().setOffline(false);
    await p.getByText(/^Saved on this phone/).waitFor({ state: 'detached' });
    await expect.poll(async () => (await live()).votes, LIVE).toBe(3);
    await expect.poll(() => phoneQueue(p), LIVE).toEqual([]);
    await p.locator('.expo-offline').waitFor({ state: 'detached' });
    // The page then asks for the next table by itself.
    await expect.poll(async () => (await judgeView('judge1')).current?.submissionId, LIVE).toBeDefined();
    const after = await judgeView('judge1');
    expect(after.previous.submissionId).toBe(v.current.submissionId);
    await p.getByRole('heading', { level: 1, name: goLine(after.current) }).waitFor();

    // The same vote id again (a resend whose answer was lost): answered 200, counted once.
    const replay = await call('POST', `${base()}/votes`, 'judge1', { voteId: queued[0]!.voteId, previousId: queued[0]!.previousId, currentId: queued[0]!.currentId, winner: queued[0]!.winner });
    expect(replay.status, JSON.stringify(replay.json)).toBe(200);
    expect((await live()).votes).toBe(3);
    // A reload sends nothing again either.
    await p.reload();
    await p.getByRole('heading', { level: 1, name: goLine(after.current) }).waitFor();
    expect((await live()).votes).toBe(3);
    await expect.poll(shownVotes, LIVE).toBe('3');

    // A vote whose answer is lost on the way back (the server has it, the phone does not know): the
    // phone sends it again, the server answers 200 (a replay), and it is counted once.
    const w = await judgeView('judge1');
    const statuses: number[] = [];
    await p.route('**/expo/votes', async (route) => {
      const answer = await route.fetch();
      statuses.push(answer.status());
      if (statuses.length === 1) await route.abort('failed');
      else await route.fulfill({ response: answer });
    });
    await p.getByRole('button', { name: `This one: ${w.current.title}` }).tap();
    await expect.poll(() => statuses, LIVE).toEqual([201, 200]);
    await expect.poll(() => phoneQueue(p), LIVE).toEqual([]);
    expect((await live()).votes).toBe(4);
    await p.unroute('**/expo/votes');
    await expect.poll(shownVotes, LIVE).toBe('4');
  });

  it('(5) the live view shows the API’s ranking, intervals, coverage and unseen teams — refreshed without a reload', async () => {
    const l = await live();
    await expect.poll(shownVotes, LIVE).toBe(String(l.votes));
    const ranking = organiser.getByRole('table', { name: /^Ranking with its uncertainty interval/ });
    const ordered = [...l.teams].sort((a: any, b: any) => a.rank - b.rank || a.table.localeCompare(b.table, undefined, { numeric: true }));
    await expect
      .poll(async () => ranking.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.children).map((c) => c.textContent?.trim()))), LIVE)
      .toEqual(ordered.map((t: any) => [String(t.rank), t.zone ? `${t.table} · ${t.zone}` : t.table, t.title, t.score.toFixed(1), `${t.low.toFixed(1)}–${t.high.toFixed(1)}`, String(t.visits), String(t.votes)]));
    const unseen = organiser.getByRole('list', { name: 'Not seen by any judge yet' });
    const unseenTitles = l.unseen.map((id: string) => l.teams.find((t: any) => t.submissionId === id)!);
    if (unseenTitles.length > 0) expect(await unseen.getByRole('listitem').allTextContents()).toEqual(unseenTitles.map((t: any) => `Table ${t.table} — ${t.title}`));
    else await organiser.getByText('Every team has been seen at least once.').waitFor();
    const judges = organiser.getByRole('table', { name: 'The judges’ progress' });
    for (const j of l.judges) expect((await judges.getByRole('row', { name: new RegExp(j.name) }).getByRole('cell').allTextContents()).slice(0, 3)).toEqual([String(j.seen), String(j.votes), String(j.skips)]);
    // The same document all along: no reload happened.
    expect(await organiser.evaluate(() => (window as unknown as { expoMark?: number }).expoMark)).toBe(1);
    await screenshot(organiser, 'expo-2-live-view');

    // The round's settings in the form: the expo fieldset with what the API stored.
    await organiser.goto(`${podium.url}/competitions/${cid}/rounds/${round.id}/edit`);
    const settings = organiser.getByRole('group', { name: 'Expo judging' });
    await settings.waitFor();
    expect(await settings.getByLabel('Visits per team before any gets more').inputValue()).toBe('2');
    expect(await settings.getByLabel('Seconds to undo a vote').inputValue()).toBe('120');
  });

  it('(6) the organiser marks a team absent and gives another a zone on the round page; the API and the live view follow', async () => {
    const l = await live();
    // A team no judge is at right now.
    const at = new Set(l.judges.map((j: any) => j.current).filter(Boolean));
    const team = l.teams.find((t: any) => !at.has(t.submissionId))!;
    const other = l.teams.find((t: any) => t.submissionId !== team.submissionId)!;
    await organiser.goto(`${podium.url}/competitions/${cid}/rounds/${round.id}`);
    const tables = organiser.getByRole('table', { name: 'Tables in the hall' });
    await tables.waitFor();
    await tables.getByRole('checkbox', { name: `${team.title} is absent` }).check();
    await organiser.getByText(`${team.title} is marked absent.`).waitFor();
    const listed = async () => (await expectStatus(call('GET', `${base()}/tables?limit=100`, 'organiser'))).items as any[];
    expect((await listed()).find((t) => t.submissionId === team.submissionId).absent).toBe(true);

    await tables.getByRole('textbox', { name: `Zone of ${other.title}` }).fill('Hall B');
    await organiser.getByRole('button', { name: 'Save tables' }).click();
    await organiser.getByText(/^Saved \d+ tables?\.$/).waitFor();
    expect((await listed()).find((t) => t.submissionId === other.submissionId).zone).toBe('Hall B');

    await organiser.getByRole('link', { name: 'Live view' }).click();
    const row = organiser.getByRole('table', { name: /^Ranking with its uncertainty interval/ }).getByRole('row', { name: new RegExp(team.title) });
    await row.getByText('Absent').waitFor();
    await organiser.getByRole('table', { name: /^Ranking/ }).getByRole('row', { name: new RegExp(other.title) }).getByText('Hall B').waitFor();
    // Judges are not sent to an absent team.
    expect((await live()).teams.find((t: any) => t.submissionId === team.submissionId).absent).toBe(true);
  });

  it('(7) the organiser adds an expo round with the form (Crowd-BT, per criterion), numbers its tables and invites judge 2, who accepts on the phone and compares per criterion', async () => {
    const page = organiser;
    await page.goto(`${podium.url}/competitions/${cid}/rounds`);
    await page.getByRole('link', { name: 'Add a round' }).click();
    await page.getByLabel('Name').fill('Expo finals');
    await page.getByLabel('Who reviews').selectOption({ label: 'Expo (pairwise)' });
    const settings = page.getByRole('group', { name: 'Expo judging' });
    await settings.getByLabel('Ranking method').selectOption('crowd-bt');
    await settings.getByLabel(/^Compare per criterion/).check();
    await settings.getByLabel('Visits per team before any gets more').fill('1');
    await settings.getByLabel('Seconds to undo a vote').fill('30');
    // No assignment settings for an expo round, and it is never blind.
    expect(await page.getByLabel('Reviews per submission').count()).toBe(0);
    expect(await page.getByLabel(/^Blind review/).count()).toBe(0);
    await page.getByLabel('Opens').fill(utcWallClock(-1));
    await page.getByLabel('Closes').fill(utcWallClock(48));
    await page.getByRole('button', { name: 'Add round' }).click();
    await page.getByRole('heading', { level: 1, name: 'Expo finals' }).waitFor();
    const finalsId = new URL(page.url()).pathname.split('/').pop()!;
    const stored = (await expectStatus(call('GET', `/api/competitions/${cid}/rounds`, 'organiser'))).items.find((r: any) => r.id === finalsId);
    expect(stored).toMatchObject({ kind: 'expo', blind: false, expo: { method: 'crowd-bt', compareCriteria: true, minVisits: 1, maxJudgesPerTable: 1, skipCooldownMinutes: 10, undoSeconds: 30 } });

    // "Number the tables": every entry gets one, 1..6.
    await page.getByRole('button', { name: 'Number the tables' }).click();
    await page.getByText('Numbered 6 tables.').waitFor();
    await expect.poll(() => page.getByRole('table', { name: 'Tables in the hall' }).locator('tbody tr').count(), LIVE).toBe(TEAMS.length);
    const finalsTables = (await expectStatus(call('GET', `/api/competitions/${cid}/rounds/${finalsId}/expo/tables?limit=100`, 'organiser'))).items;
    expect(finalsTables.map((t: any) => t.table).sort((a: string, b: string) => Number(a) - Number(b))).toEqual(['1', '2', '3', '4', '5', '6']);

    // The judge invitation (the round page's invitation form), accepted on judge 2's phone: straight to the judging page.
    await page.getByLabel('E-mail addresses').fill('judge2@demo.test');
    await page.getByRole('button', { name: 'Invite' }).click();
    const link = await page.getByLabel('Invitation link for judge2@demo.test').inputValue();
    const p = judge2;
    await p.goto(link);
    await p.getByRole('button', { name: 'Accept invitation' }).tap();
    await p.getByRole('heading', { level: 1, name: /^Go to table / }).waitFor();
    expect(new URL(p.url()).pathname).toBe(`/competitions/${cid}/rounds/${finalsId}/judge`);
    await p.getByRole('button', { name: 'Next table', exact: true }).tap();
    await p.getByRole('heading', { name: 'Which was better?' }).waitFor();
    const fbase = `/api/competitions/${cid}/rounds/${finalsId}/expo`;
    const v = await expectStatus(call('GET', `${fbase}/judge`, 'judge2'));
    const criterion = v.round.criteria[0];
    expect(criterion.name).toBe('Overall');
    // Overall-better waits until every criterion is answered.
    const thisOne = p.getByRole('button', { name: `This one: ${v.current.title}` });
    expect(await thisOne.isDisabled()).toBe(true);
    await p.getByRole('group', { name: 'Overall' }).getByRole('radio', { name: 'The previous one' }).check();
    await thisOne.tap();
    await expect.poll(async () => (await expectStatus(call('GET', `${fbase}/live`, 'organiser'))).votes, LIVE).toBe(1);
    // What was stored: a replay with the same criteria is the same vote (200), with other criteria a conflict.
    const { voteId } = (await expectStatus(call('GET', `${fbase}/judge`, 'judge2'))).lastVote;
    const vote = { voteId, previousId: v.previous.submissionId, currentId: v.current.submissionId, winner: v.current.submissionId };
    expect((await call('POST', `${fbase}/votes`, 'judge2', { ...vote, criteria: { [criterion.id]: v.previous.submissionId } })).status).toBe(200);
    expect((await call('POST', `${fbase}/votes`, 'judge2', { ...vote, criteria: { [criterion.id]: v.current.submissionId } })).status).toBe(409);
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(p, 'expo-3-judge-criteria');

    // The organiser's live view of the finals: the per-criterion table beside the ranking, as the API ranks it.
    // Overall the current team won, on "Overall" the previous one: each column follows its own votes.
    const fl = await expectStatus(call('GET', `${fbase}/live`, 'organiser'));
    expect(fl.criteria.map((c: any) => [c.id, c.votes])).toEqual([[criterion.id, 1]]);
    const onCriterion = new Map<string, any>(fl.criteria[0].standings.map((s: any) => [s.submissionId, s]));
    expect(onCriterion.get(v.previous.submissionId).rank).toBe(1);
    expect(fl.teams.find((t: any) => t.submissionId === v.current.submissionId).rank).toBe(1);
    await page.goto(`${podium.url}/competitions/${cid}/rounds/${finalsId}/expo`);
    const byCriterion = page.getByRole('table', { name: /^Rank on each criterion/ });
    const ordered = [...fl.teams].sort((a: any, b: any) => a.rank - b.rank || a.table.localeCompare(b.table, undefined, { numeric: true }));
    await expect
      .poll(async () => byCriterion.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.children).map((c) => c.textContent?.trim()))), LIVE)
      .toEqual(
        ordered.map((t: any) => {
          const s = onCriterion.get(t.submissionId);
          return [t.title, String(t.rank), s.votes > 0 ? `${s.rank} · ${s.score.toFixed(1)}` : '—'];
        }),
      );
    await screenshot(page, 'expo-4-live-by-criterion');
  });
});
