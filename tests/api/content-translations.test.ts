/**
 * A competition's texts in other languages through the API (issue 14 §1;
 * use-cases/content-translations.ts): saved under the competition's version and audited, read back
 * with the competition, refused field by field when they name what the competition does not have.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localise } from '../../functions/shared/content.ts';
import { openCompetition, people, startHarness, type Harness } from '../support/api-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

describe('competition translations', () => {
  it('saves French and German texts, readers get them with the competition, and the audit trail says so', async () => {
    const c = await openCompetition(h, { questions: [{ id: 'budget', label: 'What is your budget?', help: 'In euros', required: true, maxLength: 200 }] });
    const [innovation] = c.rubric;
    const r = await h.call('PUT', `/api/competitions/${c.id}/translations`, people.organiser, {
      source: 'en',
      texts: {
        fr: { title: 'Défi de la logistique intelligente', questions: { budget: { label: 'Quel est votre budget ?', help: '' } }, rubric: { [innovation.id]: { name: 'Innovation (FR)' } } },
        de: { title: 'Smart-Logistics-Wettbewerb', description: '   ' },
      },
      version: c.version,
    });
    expect(r.status, r.text).toBe(200);
    // Empty texts are not stored: they mean "the source's".
    expect(r.json.content).toEqual({
      source: 'en',
      texts: { fr: { title: 'Défi de la logistique intelligente', questions: { budget: { label: 'Quel est votre budget ?' } }, rubric: { [innovation.id]: { name: 'Innovation (FR)' } } }, de: { title: 'Smart-Logistics-Wettbewerb' } },
    });
    expect(r.json.version).toBe(c.version + 1);

    // An entrant reading the competition gets the translations; localised, the French reader reads French where given.
    const read = await h.call('GET', `/api/competitions/${c.id}`, people.sme1);
    expect(read.status).toBe(200);
    const fr = localise(read.json, 'fr');
    expect(fr).toMatchObject({ shownIn: 'fr', title: 'Défi de la logistique intelligente', description: c.description });
    expect(fr.questions[0]).toMatchObject({ id: 'budget', label: 'Quel est votre budget ?', help: 'In euros' });
    expect(fr.rubric.map((x: { name: string }) => x.name)).toEqual(['Innovation (FR)', c.rubric[1].name]);
    expect(localise(read.json, 'de').description).toBe(c.description);
    expect(localise(read.json, 'en')).toMatchObject({ shownIn: 'en', title: c.title });

    const audit = await h.call('GET', `/api/competitions/${c.id}/audit?limit=100`, people.organiser);
    expect(audit.json.items.find((e: { action: string }) => e.action === 'competition.translations-updated')).toMatchObject({ after: { source: 'en', languages: ['fr', 'de'] } });
  });

  it('refuses, field by field, texts for questions or criteria the competition does not have, a translation into its own language, a stale version, and others than its organisers', async () => {
    const c = await openCompetition(h);
    const put = (body: Record<string, unknown>, who = people.organiser) => h.call('PUT', `/api/competitions/${c.id}/translations`, who, { source: 'en', version: c.version, ...body });
    const unknown = await put({ texts: { fr: { questions: { nope: { label: 'x' } }, rubric: { 'c-nope': { name: 'y' } } } } });
    expect(unknown.status, unknown.text).toBe(400);
    expect(Object.keys(unknown.json.error.fields).sort()).toEqual(['texts.fr.questions.nope', 'texts.fr.rubric.c-nope']);
    const own = await put({ texts: { en: { title: 'Again' } } });
    expect(own.status).toBe(400);
    expect(own.json.error.fields).toHaveProperty('texts.en');
    const badLanguage = await put({ texts: { xx: { title: 'x' } } });
    expect(badLanguage.status).toBe(400);
    expect((await put({ texts: {}, version: c.version + 5 })).status).toBe(409);
    expect((await put({ texts: {} }, people.sme1)).status).toBe(403);
    // Nothing was written by any of them.
    expect((await h.call('GET', `/api/competitions/${c.id}`, people.organiser)).json).toMatchObject({ version: c.version });
    expect((await h.call('GET', `/api/competitions/${c.id}`, people.organiser)).json.content).toBeUndefined();
  });
});
