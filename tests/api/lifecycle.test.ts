/**
 * The competition's lifecycle through the API: publication guard rails, what publication
 * freezes, what it refuses afterwards (for every kind of caller), amendments, and truthful prize
 * labels. Runs against dynalite with the real adapters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyResultsPackage } from '../../functions/use-cases/results-package.ts';
import { LOCALES } from '../../functions/shared/i18n/locales.ts';
import { checklistText, type ChecklistItem } from '../../web/src/checklist-text.ts';
import { setLocale } from '../../web/src/i18n.ts';
import type { Identity } from '../../functions/domain/identity.ts';
import { people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';
import { decidedWorld, entrant, jury, publish, version, type World } from '../support/results-world.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe('publication guard rails', () => {
  let w: World;
  beforeAll(async () => {
    // Round still open, one review outstanding, and the results date months away.
    w = await decidedWorld(h, { title: 'Too early', keepRoundOpen: true, unreviewed: 1 });
  });

  it('lists what is wrong before publishing', async () => {
    const r = await h.call('GET', `${w.base}/results/checklist`, people.organiser);
    expect(r.status).toBe(200);
    const codes = r.json.problems.map((p: { code: string }) => p.code);
    expect(codes).toEqual(expect.arrayContaining(['ROUND_OPEN', 'REVIEWS_OUTSTANDING', 'UNDER_REVIEWED', 'BEFORE_RESULTS_DATE']));
    expect(r.json.recipients).toEqual({ told: 6, notTold: 0 });
    expect(r.json.needsOverride).toBe(true);
    expect((await h.call('GET', `${w.base}/results/checklist`, w.entrants[0])).status).toBe(403);
  });

  it('words every problem and warning in each language from its code and figures (web/src/checklist-text.ts)', async () => {
    const k = (await h.call('GET', `${w.base}/results/checklist`, people.organiser)).json;
    const items: ChecklistItem[] = [...k.problems, ...k.warnings];
    expect(items.length).toBeGreaterThanOrEqual(5);
    const worded: Record<string, string[]> = {};
    for (const locale of LOCALES) {
      await setLocale(locale, { remember: false });
      worded[locale] = items.map((item) => checklistText(item, 'Europe/Brussels'));
    }
    await setLocale('en', { remember: false });
    items.forEach((item, i) => {
      // Worded from the catalogue (not the server's English fallback), every argument filled…
      for (const locale of LOCALES) expect(worded[locale]![i], `${locale} ${item.code}`).toMatch(/^[^{}]+$/);
      for (const locale of LOCALES.filter((l) => l !== 'en')) expect(worded[locale]![i], `${locale} ${item.code}`).not.toBe(worded.en![i]);
      // …naming what the server's sentence names (round names, counts).
      for (const r of item.rounds ?? []) for (const locale of LOCALES) expect(worded[locale]![i]).toContain(r.name);
      if (typeof item.params.count === 'number') for (const locale of LOCALES) expect(worded[locale]![i]).toContain(String(item.params.count));
    });
    // In English, the figures-only items read as the server's own sentence.
    for (const [i, item] of items.entries()) if (!['SUBMISSIONS_OPEN', 'ROUND_OPEN', 'BEFORE_RESULTS_DATE', 'SME_SHARE'].includes(item.code)) expect(worded.en![i]!.replace(/[“”]/g, '"')).toBe(item.message);
  });

  it('refuses publication with a sentence per problem and stores nothing', async () => {
    const before = await h.allItems();
    const r = await publish(h, w);
    expect(r.status).toBe(409);
    expect(r.json.error.message).toMatch(/round "Jury" is open/);
    expect(r.json.error.message).toMatch(/1 assigned review is not submitted/);
    expect(r.json.error.message).toMatch(/fewer reviews than wanted/);
    expect(Object.values(r.json.error.fields)).toEqual(expect.arrayContaining(['ROUND_OPEN', 'REVIEWS_OUTSTANDING']));
    expect(await h.allItems()).toEqual(before);
    // A reason that says nothing is not a reason.
    expect((await publish(h, w, { override: { reason: 'ok' } })).status).toBe(400);
  });

  it('publishes with a written reason, which is recorded', async () => {
    const r = await publish(h, w, { override: { reason: 'The last jury member withdrew; the board approved.' } });
    expect(r.status, r.text).toBe(202);
    expect(r.json.phase).toBe('published');
    expect(r.json.publicationOverride).toMatchObject({ reason: 'The last jury member withdrew; the board approved.' });
    expect(r.json.publicationOverride.problems.length).toBeGreaterThanOrEqual(3);
    const audit = (await h.call('GET', `${w.base}/audit?limit=100`, people.organiser)).json.items;
    const entry = audit.find((e: { action: string }) => e.action === 'results.published');
    expect(entry.after.override.reason).toContain('board approved');
    // The public does not see the organiser's reasoning.
    expect((await h.call('GET', w.base)).json).not.toHaveProperty('publicationOverride');
    // The open round stops taking reviews the moment results are published.
    const sid = w.subs.at(-1)!;
    const review = await h.call('POST', `${w.base}/rounds/${w.roundId}/reviews/${sid}/submit`, jury, { version: 2 });
    expect(review.status).toBe(409);
    expect(review.json.error.message).toMatch(/results of this competition are published/);
  });
});

describe('publication as a job', () => {
  it('answers 202 with the job at once; nothing is shown until the job has stored the results, and a second publication meanwhile is refused', async () => {
    const w = await decidedWorld(h, { title: 'Publishing', prefix: 'pj' });
    const release = h.holdJobs();
    let started;
    try {
      started = await h.call('POST', `${w.base}/results/publish`, people.organiser, { version: await version(h, w) });
      expect(started.status, started.text).toBe(202);
      expect(started.json.job).toMatchObject({ kind: 'publication', id: started.json.competition.publishing.jobId });
      expect(started.json.competition.resultsVersion).toBeUndefined();
      // While the job is held: the results are not out, the public sees no `publishing`, awards are frozen.
      expect((await h.call('GET', `${w.base}/results`)).status).toBe(404);
      expect((await h.call('GET', w.base)).json).not.toHaveProperty('publishing');
      const again = await h.call('POST', `${w.base}/results/publish`, people.organiser, { version: await version(h, w) });
      expect(again.status, again.text).toBe(409);
      expect(again.json.error.message).toMatch(/being published already/);
      expect((await h.call('POST', `${w.base}/awards`, people.organiser, { awards: [{ submissionId: w.subs[0], type: 'voucher' }] })).status).toBe(409);
    } finally {
      release();
    }
    await h.jobsSettled();
    const job = await h.call('GET', `${w.base}/jobs/${started!.json.job.id}`, people.organiser);
    expect(job.json).toMatchObject({ state: 'succeeded', result: { counts: { resultsVersion: 1 } } });
    const after = (await h.call('GET', w.base, people.organiser)).json;
    expect(after).toMatchObject({ phase: 'published', resultsVersion: 1 });
    expect(after).not.toHaveProperty('publishing');
    expect((await h.call('GET', `${w.base}/results`)).status).toBe(200);
    const audit = (await h.call('GET', `${w.base}/audit?limit=100`, people.organiser)).json.items;
    expect(audit.filter((e: { action: string }) => e.action === 'results.published')).toHaveLength(1);
  });
});

describe('after publication', () => {
  let w: World;
  let shown: Record<string, unknown>;
  const newcomer = entrant(99, 'new');

  /** Everything anyone was shown, read as they read it. */
  async function whatPeopleSee() {
    const read = async (path: string, who?: Identity) => {
      const r = await h.call('GET', path, who);
      expect(r.status, `${path}: ${r.text}`).toBe(200);
      const { generatedAt: _, ...rest } = (r.json ?? {}) as Record<string, unknown>;
      return r.json === undefined ? r.text : rest;
    };
    /** An export, downloaded as the organiser downloads it (a job, then its file). */
    const exported = async (file: 'ranking.csv' | 'awards.csv' | 'results-package.json') => {
      const r = await h.exportFile(people.organiser, w.cid, file);
      expect(r.status, `${file}: ${JSON.stringify(r.job?.error)}`).toBe(200);
      const { generatedAt: _, ...rest } = (r.json ?? {}) as Record<string, unknown>;
      return r.json === undefined ? r.text : rest;
    };
    return {
      public: await read(`${w.base}/results`),
      outcomes: await Promise.all(w.entrants.map((e) => read(`${w.base}/results/mine`, e))),
      feedback: await Promise.all(w.entrants.map((e, i) => read(`${w.base}/submissions/${w.subs[i]}/feedback`, e))),
      ranking: await read(`${w.base}/ranking`, people.organiser),
      rankingCsv: await exported('ranking.csv'),
      awardsCsv: await exported('awards.csv'),
      package: await exported('results-package.json'),
    };
  }

  beforeAll(async () => {
    w = await decidedWorld(h, { title: 'Sealed', prefix: 's' });
    const confirm = await h.call('POST', `${w.base}/awards`, people.organiser, { awards: [{ submissionId: w.subs[0], type: 'prize', rank: 1 }, { submissionId: w.subs[1], type: 'prize', rank: 2 }, { submissionId: w.subs[2], type: 'voucher' }] });
    expect(confirm.json.results.map((r: { status: string }) => r.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);
    const r = await publish(h, w);
    expect(r.status, r.text).toBe(202);
    expect((await h.call('POST', `${w.base}/feedback/release`, people.organiser, { version: r.json.version })).status).toBe(200);
    await h.jobsSettled(); // the entrants are notified by jobs
    shown = await whatPeopleSee();
  });

  it('says so truthfully to everyone', async () => {
    for (const who of [undefined, w.entrants[0], newcomer, people.organiser]) {
      const c = (await h.call('GET', w.base, who)).json;
      expect(c.phase).toBe('published');
      expect(c.phaseLabel).toBe('Results published');
    }
    const listed = (await h.call('GET', '/api/competitions?limit=100')).json.items.find((c: { id: string }) => c.id === w.cid);
    expect(listed.phase).toBe('published');
  });

  it('refuses every change that would alter what people were shown, with 409 and a sentence', async () => {
    const before = await h.allItems();
    const c = (await h.call('GET', w.base, people.organiser)).json;
    const attempts: [string, string, Identity, unknown][] = [
      ['POST', `${w.base}/registration`, newcomer, registrationInput({ organisationName: 'Late GmbH', registryId: 'DE999999999', country: 'DE' })],
      ['PUT', `${w.base}/submissions/${w.subs[3]}`, w.entrants[3]!, { ...submissionContent({ title: 'Rewritten' }), version: 2 }],
      ['POST', `${w.base}/submissions/${w.subs[3]}/withdraw`, w.entrants[3]!, { version: 2 }],
      ['PUT', `${w.base}/rounds/${w.roundId}/reviews/${w.subs[3]}`, jury, { scores: { [w.criterion]: 100 }, version: 3 }],
      ['POST', `${w.base}/awards`, people.organiser, { awards: [{ submissionId: w.subs[3], type: 'voucher' }] }],
      ['DELETE', `${w.base}/awards/${encodeURIComponent(`voucher:${w.subs[2]}`)}`, people.organiser, undefined],
      ['PUT', `${w.base}/prize-plan`, people.organiser, { plan: { currency: 'EUR', totalBudget: 1, perThirdPartyCap: 1, rankPrizes: [], categories: [], reserveListLength: 0 }, version: 99 }],
      ['POST', `${w.base}/rounds`, people.organiser, { name: 'Late round', kind: 'jury', k: 1, maxLoad: 9, blind: false, opensAt: '2027-03-01T09:00', closesAt: '2027-04-01T09:00', weight: 50 }],
      ['POST', `${w.base}/rounds/${w.roundId}/assignment`, people.organiser, undefined],
      ['POST', `${w.base}/results/publish`, people.organiser, { version: c.version }],
      ['PUT', w.base, people.organiser, { ...c, title: 'Renamed after the fact' }],
    ];
    for (const [method, path, who, body] of attempts) {
      const r = await h.call(method, path, who, body);
      expect(r.status, `${method} ${path}: ${r.text}`).toBe(409);
      expect(r.json.error.message, path).toMatch(/^[A-Z].+\.$/);
    }
    expect(await h.allItems()).toEqual(before);
  });

  it('shows everyone the frozen snapshot even if stored reviews were changed behind the API', async () => {
    // A back-door edit of every review (as a bug or an operator might): nothing shown may move.
    const raw = (await h.allItems()).filter((i) => String(i.sk).startsWith(`REVIEW#${w.roundId}#`));
    expect(raw.length).toBe(w.subs.length);
    for (const item of raw) await h.putRaw({ ...item, scores: { [w.criterion]: 100 - Number((item.scores as Record<string, number>)[w.criterion]) }, overallComment: 'Rewritten later' });
    expect(await whatPeopleSee()).toEqual(shown);
    const pkg = shown.package as Parameters<typeof verifyResultsPackage>[0];
    expect(verifyResultsPackage(pkg).problems).toEqual([]);
  });

  it('tells only entrants who submitted, and never "your feedback is ready" to one who did not', async () => {
    const inbox = (await h.call('GET', '/api/me/notifications', w.entrants[0])).json.items.map((n: { subject: string }) => n.subject);
    expect(inbox).toEqual(['Your feedback for Sealed is ready', 'Results of Sealed']); // the inbox follows the templates (issue 13)
  });
});

describe('amendments', () => {
  let w: World;
  beforeAll(async () => {
    w = await decidedWorld(h, { title: 'Amended', prefix: 'a' });
    await h.call('POST', `${w.base}/awards`, people.organiser, { awards: [{ submissionId: w.subs[0], type: 'prize', rank: 1 }, { submissionId: w.subs[1], type: 'prize', rank: 2 }] });
    expect((await publish(h, w)).status).toBe(202);
    await h.jobsSettled(); // the entrants are notified by a job
  });

  it('needs a reason, keeps the public on the published results meanwhile, and records everything', async () => {
    const publicBefore = (await h.call('GET', `${w.base}/results`)).json;
    expect((await h.call('POST', `${w.base}/results/amendment`, people.organiser, { version: await version(h, w) })).status).toBe(400);
    const opened = await h.call('POST', `${w.base}/results/amendment`, people.organiser, { version: await version(h, w), reason: 'Org a1 turned out to be a large enterprise.' });
    expect(opened.status, opened.text).toBe(200);
    expect(opened.json.phase).toBe('amending');
    expect((await h.call('GET', w.base)).json.phase).toBe('published');

    // Reserve move: the 2nd prize goes from the 2nd-ranked entry to the 3rd-ranked one.
    expect((await h.call('DELETE', `${w.base}/awards/${encodeURIComponent(`prize:${w.subs[1]}`)}`, people.organiser)).status).toBe(200);
    expect((await h.call('POST', `${w.base}/awards`, people.organiser, { awards: [{ submissionId: w.subs[2], type: 'prize', rank: 2 }] })).status).toBe(200);
    // Until the amendment is published, nobody else sees any of it.
    expect((await h.call('GET', `${w.base}/results`)).json).toEqual(publicBefore);

    const started = await h.call('POST', `${w.base}/results/amendment/publish`, people.organiser, { version: await version(h, w) });
    expect(started.status, started.text).toBe(202);
    expect(started.json.competition.publishing).toMatchObject({ version: 2, amends: { fromVersion: 1 } });
    // Until its job has stored the new snapshot, the public still sees the published one.
    expect((await h.call('GET', `${w.base}/results`)).json).toEqual(publicBefore);
    await h.jobsSettled();
    const job = (await h.call('GET', `${w.base}/jobs/${started.json.job.id}`, people.organiser)).json;
    expect(job).toMatchObject({ state: 'succeeded', result: { counts: { resultsVersion: 2, changed: 2 } } });
    const amended = (await h.call('GET', w.base, people.organiser)).json;
    expect(amended).toMatchObject({ phase: 'published', resultsVersion: 2 });
    expect(amended).not.toHaveProperty('amendment');
    expect(amended).not.toHaveProperty('publishing');
    const trail = (await h.call('GET', `${w.base}/audit?limit=100`, people.organiser)).json.items;
    const entry = trail.find((e: { action: string }) => e.action === 'results.amended');
    expect(entry.after.changed.map((c: { submissionId: string }) => c.submissionId).sort()).toEqual([w.subs[1], w.subs[2]].sort());
    const pub = (await h.call('GET', `${w.base}/results`)).json;
    expect(pub.amendedAt).toBe(amended.amendments[0].at);
    expect(pub.amendments).toEqual([{ at: pub.amendedAt, reason: 'Org a1 turned out to be a large enterprise.' }]);
    // Truthful labels: the 3rd-ranked entry holds the 2nd prize, and says so.
    const moved = pub.winners.find((x: { submissionId: string }) => x.submissionId === w.subs[2]);
    expect(moved.awards.map((a: { label: string }) => a.label)).toEqual(['2nd prize (ranked 3rd)']);
    expect(JSON.stringify(pub)).not.toMatch(/Lump sum Lump sum|2nd place/);

    // The two entries whose outcome changed were told; the others were not.
    const subjects = async (i: number) => (await h.call('GET', '/api/me/notifications', w.entrants[i])).json.items.map((n: { subject: string }) => n.subject);
    expect(await subjects(1)).toContain('Results of Amended amended');
    expect(await subjects(2)).toContain('Results of Amended amended');
    expect(await subjects(0)).not.toContain('Results of Amended amended');
    const actions = (await h.call('GET', `${w.base}/audit?limit=100`, people.organiser)).json.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['results.amendment-opened', 'award.withdrawn', 'award.confirmed', 'results.amended']));
    // Sealed again.
    expect((await h.call('POST', `${w.base}/awards`, people.organiser, { awards: [{ submissionId: w.subs[3], type: 'voucher' }] })).status).toBe(409);
  });
});

