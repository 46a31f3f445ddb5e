/**
 * The submissions list filtered by sector or text reads a bounded number of items a page,
 * whatever the competition's size (submission-repository.ts FILTER_CHUNK × FILTER_READS), and
 * paging on through its cursors still finds every match exactly once, in id order — with or
 * without a status (the table, or the gsi3 status index).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILTER_CHUNK, FILTER_READS } from '../../functions/adapters/dynamodb/submission-repository.ts';
import type { Submission } from '../../functions/domain/submission.ts';
import { recordRoundTrips } from '../support/db-round-trips.ts';
import { openCompetition, people, startHarness, type Harness } from '../support/api-harness.ts';

let h: Harness;
let cid: string;
const TOTAL = FILTER_CHUNK * FILTER_READS + 150; // more than one page may read
const all: Submission[] = [];
const id = (i: number) => `S${String(i).padStart(5, '0')}`;

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  cid = (await openCompetition(h, { title: 'Filters at scale' })).id;
  for (let i = 0; i < TOTAL; i++) {
    const at = '2026-12-01T10:00:00.000Z';
    all.push({
      id: id(i),
      competitionId: cid,
      ownerSub: `u-f${i}`,
      organisationName: `Org ${i}`,
      country: 'BE',
      status: i % 7 === 3 ? 'draft' : 'submitted',
      title: i === 5 || i === TOTAL - 2 ? `Needle ${i}` : `Idea ${i}`,
      summary: 's',
      problem: 'p',
      solution: 'x',
      valueChain: [],
      sectors: i % 4 === 0 ? ['health', 'energy'] : ['logistics'],
      answers: {},
      createdAt: at,
      updatedAt: at,
      ...(i % 7 === 3 ? {} : { submittedAt: at }),
      version: 1,
    });
  }
  for (let i = 0; i < all.length; i += 25) await Promise.all(all.slice(i, i + 25).map((s) => h.deps.submissions.create(s)));
}, 120_000);
afterAll(() => h?.stop());

/** Every page of a filtered list: the ids in order, and the most Queries one page made. */
async function pageThrough(filter: Record<string, string>) {
  const recorder = recordRoundTrips(h.db);
  const ids: string[] = [];
  let cursor: string | undefined;
  let mostQueries = 0;
  let pages = 0;
  do {
    const query = new URLSearchParams({ ...filter, limit: '25', ...(cursor ? { cursor } : {}) });
    const { result, calls } = await recorder.measure(() => h.call('GET', `/api/competitions/${cid}/submissions?${query}`, people.organiser));
    expect(result.status, result.text).toBe(200);
    expect(result.json.items.length).toBeLessThanOrEqual(25);
    mostQueries = Math.max(mostQueries, calls.filter((c) => c.operation === 'Query').length);
    ids.push(...result.json.items.map((s: { id: string }) => s.id));
    cursor = result.json.nextCursor;
    pages += 1;
  } while (cursor && pages < 200);
  return { ids, mostQueries, pages };
}

describe('filtered submissions lists', () => {
  it('by sector: every match once, in order, a bounded read a page, full pages where matches are dense', async () => {
    const { ids, mostQueries } = await pageThrough({ sector: 'health' });
    expect(ids).toEqual(all.filter((s) => s.sectors.includes('health')).map((s) => s.id));
    expect(mostQueries).toBeLessThanOrEqual(FILTER_READS);
    const first = await h.call('GET', `/api/competitions/${cid}/submissions?sector=health&limit=25`, people.organiser);
    expect(first.json.items).toHaveLength(25);
  });

  it('by text: a rare match is found past what one page reads, through partial pages with cursors', async () => {
    const { ids, mostQueries, pages } = await pageThrough({ q: 'NEEDLE' });
    expect(ids).toEqual([id(5), id(TOTAL - 2)]);
    expect(mostQueries).toBeLessThanOrEqual(FILTER_READS);
    expect(pages).toBeGreaterThan(1);
  });

  it('with a status too (the status index): every match once, in order, a bounded read a page', async () => {
    const sector = await pageThrough({ status: 'submitted', sector: 'health' });
    expect(sector.ids).toEqual(all.filter((s) => s.status === 'submitted' && s.sectors.includes('health')).map((s) => s.id));
    expect(sector.mostQueries).toBeLessThanOrEqual(FILTER_READS);
    const text = await pageThrough({ status: 'submitted', q: 'needle' });
    expect(text.ids).toEqual([id(5), id(TOTAL - 2)].filter((x) => all.find((s) => s.id === x)!.status === 'submitted'));
    expect(text.mostQueries).toBeLessThanOrEqual(FILTER_READS);
    const unfiltered = await pageThrough({ status: 'draft' });
    expect(unfiltered.ids).toEqual(all.filter((s) => s.status === 'draft').map((s) => s.id));
  });
});
