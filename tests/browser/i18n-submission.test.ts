/**
 * Issue 14 §1 in Chromium, for the submission pages: the entrant's submission form (with typed
 * questions), the organiser's competition editor (rubric, questions, pitch rules) and the
 * organiser's read-only view of a submission. Each read in French leaves none of its own English
 * messages on screen (the check finds them in English first, so it can fail), and the words the
 * server sends in English (the competition's state) are worded in French.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type CompetitionFields, createOpenCompetition, expectStatus, localPodiumSuite, registerEntrant, submitIdea } from './api-setup.ts';
import { backToEnglish, englishLeft, openInFrench } from './i18n-check.ts';

const TITLE = 'Circular packaging call';
const IDEA = 'Refillable crates';
const ORG = 'Beta Loop BV';

describe('submission pages in French', () => {
  const suite = localPodiumSuite('podium-browser-i18n-submission-', ['organiser@demo.test', 'sme1@demo.test']);
  const { call, browsers } = suite;
  let cid: string;
  let sid: string;

  beforeAll(async () => {
    const fields: CompetitionFields & { questions: unknown[] } = {
      title: TITLE,
      description: 'Packaging that comes back.',
      kind: 'idea',
      sectors: ['Packaging'],
      rubric: [{ name: 'Impact', description: '', weight: 1, scale: { min: 1, max: 5 } }],
      questions: [
        { id: 'staff', type: 'number', label: 'Staff', unit: 'people', min: 1, integer: true, required: false },
        { id: 'incorporated', type: 'yesNo', label: 'Incorporated?', required: false },
        { id: 'deck', type: 'file', label: 'Deck', kinds: ['pdf'], maxBytes: 1024 * 1024, required: false },
      ],
    };
    cid = await createOpenCompetition(call, fields, 2);
    await registerEntrant(call, cid, 'sme1', { org: ORG, registryId: 'NL0100000001', email: 'sme1@demo.test' });
    sid = await submitIdea(call, cid, 'sme1', { title: IDEA, sectors: [] });
  });


  const own = [TITLE, IDEA, ORG, 'Packaging that comes back.', 'Packaging', 'Impact', 'Staff', 'people', 'Incorporated?', 'Deck', 'sme1@demo.test', 'organiser@demo.test'];

  it('the entrant’s submission form', async () => {
    const save = (language: string) => expectStatus(call('PUT', '/api/me/settings', 'sme1', { language }));
    const page = await browsers.open('sme1@demo.test');
    const prefixes = ['submission.', 'questionFields.', 'common.'];
    await page.goto(`${suite.podium.url}/competitions/${cid}/submission`);
    await page.getByRole('heading', { level: 1, name: 'Your submission' }).waitFor();
    await page.getByRole('heading', { name: 'Meeting investors' }).waitFor();
    expect(await englishLeft(page, prefixes, own)).not.toEqual([]);
    try {
      await openInFrench(page, `${suite.podium.url}/competitions/${cid}/submission`, save);
      await page.getByRole('heading', { level: 1, name: 'Votre candidature' }).waitFor();
      await page.getByRole('heading', { name: 'Rencontrer des investisseurs' }).waitFor();
      await page.waitForLoadState('networkidle');
      await page.getByText('Au moins 1. Un nombre entier.').waitFor();
      expect(await page.getByRole('group', { name: /Incorporated\?/ }).getByLabel('Oui').count()).toBe(1);
      expect(await englishLeft(page, prefixes, own)).toEqual([]);
    } finally {
      await backToEnglish(page, save);
    }
  });

  it('the organiser’s editor and read-only view of the submission', async () => {
    const save = (language: string) => expectStatus(call('PUT', '/api/me/settings', 'organiser', { language }));
    const page = await browsers.open('organiser@demo.test');
    const editor = ['editCompetition.', 'questionEditor.', 'rubricEditor.', 'competitions.kind.'];
    await page.goto(`${suite.podium.url}/competitions/${cid}/edit`);
    await page.getByRole('heading', { level: 1, name: 'Edit competition' }).waitFor();
    expect(await englishLeft(page, editor, own)).not.toEqual([]);
    try {
      await openInFrench(page, `${suite.podium.url}/competitions/${cid}/edit`, save);
      await page.getByRole('heading', { level: 1, name: 'Modifier le concours' }).waitFor();
      await page.getByRole('group', { name: 'Grille d’évaluation' }).waitFor();
      expect(await page.locator('#f-kind').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text)).toBe("Concours d'idées");
      expect(await englishLeft(page, editor, own)).toEqual([]);

      await openInFrench(page, `${suite.podium.url}/competitions/${cid}/submissions/${sid}`, save);
      await page.getByRole('heading', { level: 1, name: IDEA }).waitFor();
      await page.getByRole('heading', { name: 'Évaluations' }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await englishLeft(page, ['submissionView.', 'submissionParts.', 'questionFields.', 'lifecycle.'], own)).toEqual([]);
      await page.getByText('Chaîne de valeur', { exact: true }).waitFor();
    } finally {
      await backToEnglish(page, save);
    }
  });
});
