/**
 * An assignment preview as an organiser gets it: starts the job (`POST …/assignment/preview`),
 * waits for it, and reads every page of the stored result (`GET …/assignment/preview/{jobId}`),
 * joined back into the plan's shape: the pairs (`result.pairs`), what would be added and removed.
 */
import { expect } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import { openCompetition, people, registrationInput, submissionContent, type Harness } from './api-harness.ts';

/**
 * A competition whose `smes` each registered and submitted (sectors alternating), with a blind
 * peer round (k 2, at most 3 each) open until 20 December 2026: what the assignment tests run on.
 */
export async function peerRoundWorld(h: Harness, o: { title: string; smes: Identity[]; registryPrefix: string }) {
  const cid = (await openCompetition(h, { title: o.title })).id;
  const base = `/api/competitions/${cid}`;
  for (const [i, who] of o.smes.entries()) {
    await h.call('POST', `${base}/registration`, who, registrationInput({ organisationName: `Org ${i}`, registryId: `${o.registryPrefix}${i}0`, team: [{ name: 'T', email: `t${i}@org${i}.eu` }] }));
    const s = await h.call('POST', `${base}/submissions`, who, submissionContent({ title: `Idea ${i}`, sectors: [i % 2 ? 'energy' : 'mobility'] }));
    expect((await h.call('POST', `${base}/submissions/${s.json.id}/submit`, who, { version: 1 })).status).toBe(200);
  }
  const round = await h.call('POST', `${base}/rounds`, people.organiser, {
    name: 'Peer review', kind: 'peer', k: 2, maxLoad: 3, blind: true, opensAt: '2026-12-01T09:00', closesAt: '2026-12-20T18:00', weight: 100,
  });
  expect(round.status, round.text).toBe(201);
  return { cid, roundId: round.json.id as string };
}

type Item = { submissionId: string; reviewerSub: string; change: 'added' | 'kept' | 'removed' };

export async function previewPlan(h: Pick<Harness, 'call' | 'jobsSettled'>, competitionId: string, roundId: string, who: Identity, limit = 200) {
  const base = `/api/competitions/${competitionId}/rounds/${roundId}/assignment/preview`;
  const started = await h.call('POST', base, who);
  expect(started.status, started.text).toBe(202);
  await h.jobsSettled();
  const job = (await h.call('GET', `/api/competitions/${competitionId}/jobs/${started.json.id}`, who)).json;
  expect(job.state, JSON.stringify(job)).toBe('succeeded');
  const items: Item[] = [];
  const pages: unknown[] = [];
  let cursor: string | undefined;
  let summary: any;
  for (let i = 0; i < 1000; i++) {
    const page = await h.call('GET', `${base}/${job.id}?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, who);
    expect(page.status, page.text).toBe(200);
    pages.push(page.json);
    summary ??= page.json.summary;
    items.push(...page.json.items);
    cursor = page.json.nextCursor;
    if (!cursor) break;
  }
  const pick = (change: Item['change']) => items.filter((x) => x.change === change).map(({ submissionId, reviewerSub }) => ({ submissionId, reviewerSub }));
  return {
    job,
    summary,
    items,
    pages,
    /** As the old in-request preview answered (`result`, `added`, `removed`, counts). */
    result: { ...summary.result, pairs: items.filter((x) => x.change !== 'removed').map((x) => ({ submission: x.submissionId, reviewer: x.reviewerSub })) },
    added: pick('added'),
    removed: pick('removed'),
    kept: summary.counts.kept as number,
    reviewers: summary.reviewers as number,
    submissions: summary.submissions as number,
    conflicts: summary.conflicts as number,
  };
}
