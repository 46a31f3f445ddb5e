/**
 * Issue 10 cost: a submission's long free text (summary, problem, solution, answers) is stored
 * deflated in one binary attribute (submission-repository.ts `pack`), so a typical entry is 2 write
 * units a save instead of 3. What is stored changes; nothing read does: the entry reads back whole
 * through every path (by key, in a page, by status, through the API, searched and filtered), a
 * short entry is stored as before, and an item written before packing existed reads as ever.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as keys from '../../functions/adapters/dynamodb/keys.ts';
import { unpack } from '../../functions/adapters/dynamodb/submission-repository.ts';
import { GetCommand } from '../../functions/adapters/dynamodb/client.ts';
import { itemSize } from '../../bench/scale/metered-client.ts';
import type { Submission } from '../../functions/domain/submission.ts';
import { openCompetition, people, startHarness, type Harness } from '../support/api-harness.ts';

let h: Harness;
let cid: string;
let questionId: string;
const at = '2026-12-01T10:00:00.000Z';

const PROSE =
  'Small foundries in the region melt scrap in induction furnaces and vent most of that heat through the roof. ' +
  'Our exchanger sits on the furnace exhaust, captures up to sixty percent of the waste heat and feeds it into the municipal district heating network, which pays for it at the regulated rate. ' +
  'We piloted a first unit with a foundry near Eindhoven last winter: it delivered 410 MWh over four months with no interruption to production. ' +
  'The foundry saved 38,000 euros on its own heating and earned 12,000 from the network operator — “ça marche”, as our partner in Liège put it. ';

function entry(id: string, text: { summary: string; problem: string; solution: string; answer: string }): Submission {
  return {
    id,
    competitionId: cid,
    ownerSub: `u-${id}`,
    organisationName: `Org ${id}`,
    country: 'BE',
    status: 'submitted',
    title: `Heat recovery ${id}`,
    summary: text.summary,
    problem: text.problem,
    solution: text.solution,
    valueChain: ['production'],
    sectors: ['energy'],
    answers: { [questionId]: text.answer },
    createdAt: at,
    updatedAt: at,
    submittedAt: at,
    version: 3,
  };
}

const long = () => entry('LONG', { summary: PROSE.slice(0, 330), problem: PROSE + PROSE.slice(0, 200), solution: PROSE.slice(120) + PROSE.slice(0, 300), answer: 'About 250,000 euros over 18 months.' });
const short = () => entry('SHORT', { summary: 's', problem: 'p', solution: 'x', answer: 'a' });

async function stored(id: string) {
  return (await h.db.send(new GetCommand({ TableName: h.table, Key: keys.submission(cid, id), ConsistentRead: true }))).Item!;
}

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  const c = await openCompetition(h, { title: 'Packed text' });
  cid = c.id;
  questionId = c.questions[0]!.id;
  await h.deps.submissions.create(long());
  await h.deps.submissions.create(short());
}, 60_000);
afterAll(() => h?.stop());

describe('a submission’s long text, stored deflated', () => {
  it('is stored in one binary attribute, smaller, and reads back whole by every path', async () => {
    const item = await stored('LONG');
    expect(item.packedText).toBeInstanceOf(Uint8Array);
    for (const f of ['summary', 'problem', 'solution', 'answers']) expect(item).not.toHaveProperty(f);
    const { packedText: _, ...rest } = item;
    const plain = { ...rest, ...(({ summary, problem, solution, answers }) => ({ summary, problem, solution, answers }))(long()) };
    // Smaller by the text's deflation, in whole write units (1 KB) too.
    expect(itemSize(item)).toBeLessThan(itemSize(plain) * 0.75);
    expect(Math.ceil(itemSize(item) / 1024)).toBeLessThan(Math.ceil(itemSize(plain) / 1024));

    expect(await h.deps.submissions.get(cid, 'LONG')).toEqual(long());
    expect(await h.deps.submissions.get(cid, 'LONG', { consistent: false })).toEqual(long());
    expect(await h.deps.submissions.getMany([{ competitionId: cid, id: 'LONG' }])).toEqual([long()]);
    expect((await h.deps.submissions.listForCompetition(cid, {}, 10)).items.find((s) => s.id === 'LONG')).toEqual(long());
    expect((await h.deps.submissions.listForCompetition(cid, { status: 'submitted' }, 10)).items.find((s) => s.id === 'LONG')).toEqual(long());
    expect((await h.deps.submissions.listAllInStatus(cid, 'submitted')).find((s) => s.id === 'LONG')).toEqual(long());

    const viaApi = await h.call('GET', `/api/competitions/${cid}/submissions/LONG`, people.organiser);
    expect(viaApi.status, viaApi.text).toBe(200);
    expect(viaApi.json).toMatchObject({ summary: long().summary, problem: long().problem, solution: long().solution, answers: long().answers });
  });

  it('is still found by the organiser’s search and sector filter (they read the plain copies)', async () => {
    const q = await h.call('GET', `/api/competitions/${cid}/submissions?q=${encodeURIComponent('heat recovery long')}`, people.organiser);
    expect(q.status, q.text).toBe(200);
    expect(q.json.items.map((s: { id: string }) => s.id)).toEqual(['LONG']);
    const sector = await h.call('GET', `/api/competitions/${cid}/submissions?sector=energy&status=submitted`, people.organiser);
    expect(sector.json.items.map((s: { id: string }) => s.id).sort()).toEqual(['LONG', 'SHORT']);
  });

  it('leaves a short entry, which would not gain, as it was', async () => {
    const item = await stored('SHORT');
    expect(item).not.toHaveProperty('packedText');
    expect(item).toMatchObject({ summary: 's', problem: 'p', solution: 'x', answers: { [questionId]: 'a' } });
    expect(await h.deps.submissions.get(cid, 'SHORT')).toEqual(short());
  });

  it('is exported and erased as plain text by the personal-data store, which reads raw items', async () => {
    const { records } = await h.deps.personalData.page({ of: 'competition', competitionId: cid }, 100);
    const record = records.find((r) => r.type === 'Submission' && r.attributes.id === 'LONG')!;
    expect(record.attributes).not.toHaveProperty('packedText');
    expect(record.attributes).toMatchObject({ summary: long().summary, problem: long().problem, answers: long().answers });
    // An erasure rewrites the plain attributes: nothing of the original text survives packed.
    const erased = { ...record.attributes, summary: '[erased]', problem: '[erased]', solution: '[erased]', answers: { [questionId]: '[erased]' } };
    expect(await h.deps.personalData.rewrite(record, erased)).toBe(true);
    expect(await h.deps.submissions.get(cid, 'LONG')).toMatchObject({ summary: '[erased]', problem: '[erased]', solution: '[erased]', answers: { [questionId]: '[erased]' } });
    const raw = unpack(await stored('LONG'));
    expect(raw).toMatchObject({ summary: '[erased]', problem: '[erased]', solution: '[erased]' });
    expect(JSON.stringify(raw)).not.toContain('Eindhoven');
  });

  it('reads an item stored before packing existed (plain attributes) as before, and packs it on its next save', async () => {
    const old = { ...long(), id: 'OLD', ownerSub: 'u-OLD' };
    await h.putRaw({ ...keys.submission(cid, 'OLD'), ...keys.submissionByStatus(cid, 'submitted', 'OLD'), type: 'Submission', schemaVersion: 1, ...old, searchText: `${old.title}\n${old.organisationName}`.toLowerCase() });
    expect(await h.deps.submissions.get(cid, 'OLD')).toEqual(old);
    const next = { ...old, problem: `${old.problem} Revised.`, version: old.version + 1 };
    await h.deps.submissions.update(next, old.version);
    expect((await stored('OLD')).packedText).toBeInstanceOf(Uint8Array);
    expect(await h.deps.submissions.get(cid, 'OLD')).toEqual(next);
  });
});
