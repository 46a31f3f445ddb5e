/**
 * Issue 14 §1 in Chromium, for the competition, audit, submissions, messages, personal-data and
 * "my" pages: each read in French leaves none of its own English messages on screen (the check
 * finds them while the page is in English, so it can fail), and the audit trail's sentences, built
 * per action with the actor and the target in their place, read in French.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createOpenCompetition, expectStatus, localPodiumSuite, registerEntrant, submitIdea } from './api-setup.ts';
import en from '../../functions/shared/i18n/en.json';
import fr from '../../functions/shared/i18n/fr.json';
import { backToEnglish, englishLeft, openInFrench } from './i18n-check.ts';

const TITLE = 'Local grids challenge';
const IDEA = 'Neighbourhood batteries';
const ORG = 'Alpha Energy BV';

describe('pages in French: competition, audit, submissions, messages, your data, privacy', () => {
  const suite = localPodiumSuite('podium-browser-i18n-pages-', ['organiser@demo.test', 'sme1@demo.test']);
  const { call, browsers } = suite;
  let cid: string;

  beforeAll(async () => {
    cid = await createOpenCompetition(
      call,
      { title: TITLE, description: 'Ideas for flexible local grids.', kind: 'idea', sectors: ['Energy'], rubric: [{ name: 'Overall', description: '', weight: 1, scale: { min: 1, max: 5 } }] },
      2,
    );
    await registerEntrant(call, cid, 'sme1', { org: ORG, registryId: 'BE0100000001', email: 'sme1@demo.test' });
    await submitIdea(call, cid, 'sme1', { title: IDEA, sectors: [] });
  });


  const own = [TITLE, IDEA, ORG, 'Ideas for flexible local grids.', 'Overall', 'Energy', 'organiser@demo.test', 'sme1@demo.test', 'BE0100000001'];

  it('the organiser’s pages: English is found in English, and none is left in French', async () => {
    const save = (language: string) => expectStatus(call('PUT', '/api/me/settings', 'organiser', { language }));
    const page = await browsers.open('organiser@demo.test');
    const pages: [string, string[], RegExp][] = [
      [`/competitions/${cid}`, ['competition.', 'competitions.kind.', 'lifecycle.'], /^Local grids challenge$/],
      [`/competitions/${cid}/audit`, ['audit.'], /^Journal d'audit$/],
      [`/competitions/${cid}/submissions`, ['submissions.'], /^Candidatures$/],
      [`/competitions/${cid}/messages`, ['messages.'], /^Messages$/],
      [`/competitions/${cid}/privacy`, ['recordsOfProcessing.'], /^Confidentialité et conservation$/],
      ['/records-of-processing', ['recordsOfProcessing.'], /^Registre des traitements$/],
      ['/privacy', ['privacy.'], /^Politique de confidentialité$/],
      ['/me/data', ['yourData.'], /^Vos données$/],
      ['/me/competitions', ['myCompetitions.', 'competitions.'], /^Mes concours$/],
      ['/', ['competitions.', 'lifecycle.'], /^Concours$/],
      ['/me/inbox', ['inbox.'], /^Messages$/],
      ['/dev/outbox', ['outbox.'], /^Boîte d'envoi/],
      ['/no-such-page', ['notFound.'], /^Page introuvable$/],
    ];
    // The check can fail: in English the competition page shows its own English words.
    await page.goto(`${suite.podium.url}/competitions/${cid}`);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(await englishLeft(page, ['competition.'], own)).not.toEqual([]);
    try {
      for (const [path, prefixes, heading] of pages) {
        await openInFrench(page, `${suite.podium.url}${path}`, save);
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        // Whatever loads after the heading (tables, previews) is on screen before the check.
        await page.waitForLoadState('networkidle');
        // The messages page's preview is the e-mail's own text (sample links such as podium.example);
        // The records of processing and the privacy notice are the server catalogues' texts,
        // checked below against the French ones.
        const preview = await page.locator('[data-testid=preview-text], [data-testid=preview-subject], .message-preview td.break, .records-page tbody td, .records-page tbody th').allInnerTexts();
        expect({ path, left: await englishLeft(page, prefixes, [...own, ...preview]) }).toEqual({ path, left: [] });
      }
      // The privacy notice's own text is French, every paragraph (its words are the server catalogues').
      await openInFrench(page, `${suite.podium.url}/privacy`, save);
      await page.getByRole('heading', { level: 1, name: 'Politique de confidentialité' }).waitFor();
      const notice = await page.locator('main').innerText();
      const noticeKeys = Object.keys(en.server).filter((k) => k.startsWith('privacyNotice.')) as (keyof typeof en.server)[];
      expect(noticeKeys.length).toBeGreaterThan(10);
      for (const k of noticeKeys) {
        expect(notice, k).not.toContain(en.server[k]);
        expect(notice, k).toContain(fr.server[k as keyof typeof fr.server]);
      }
            // So are the records of processing, every cell.
      await openInFrench(page, `${suite.podium.url}/records-of-processing`, save);
      await page.getByRole('heading', { level: 1, name: 'Registre des traitements' }).waitFor();
      await page.locator('.records-page tbody td').first().waitFor();
      const records = await page.locator('main').innerText();
      const recordKeys = Object.keys(en.server).filter((k) => k.startsWith('processing.')) as (keyof typeof en.server)[];
      expect(recordKeys.length).toBeGreaterThan(40);
      for (const k of recordKeys) {
        expect(records, k).toContain(fr.server[k as keyof typeof fr.server]);
        if (en.server[k] !== fr.server[k as keyof typeof fr.server]) expect(records, k).not.toContain(en.server[k]);
      }
            // The audit trail's sentences, with the actor first and the target named, in French.
      await openInFrench(page, `${suite.podium.url}/competitions/${cid}/audit`, save);
      const table = page.getByRole('table', { name: "Journal d'audit" });
      await table.getByRole('row', { name: /organiser@demo\.test a publié le concours/ }).waitFor();
      await table.getByRole('row', { name: /sme1@demo\.test a inscrit Alpha Energy BV comme candidat/ }).waitFor();
      await table.getByRole('row', { name: /sme1@demo\.test a soumis « Neighbourhood batteries »/ }).waitFor();
      // The filter offers the same sentences without their actor.
      expect(await page.getByLabel('Action', { exact: true }).locator('option').allInnerTexts()).toContain('a soumis une candidature');
      // The competition page's dates are French too.
      await openInFrench(page, `${suite.podium.url}/competitions/${cid}`, save);
      await page.getByRole('table').filter({ hasText: 'Ouverture des candidatures' }).getByText(/\d{1,2} [a-zéû]+\.? \d{4}/).first().waitFor();
    } finally {
      await backToEnglish(page, save);
    }
  });

  it('the entrant’s pages: My submissions and the registration, in French', async () => {
    const save = (language: string) => expectStatus(call('PUT', '/api/me/settings', 'sme1', { language }));
    const page = await browsers.open('sme1@demo.test');
    try {
      await openInFrench(page, `${suite.podium.url}/me/submissions`, save);
      await page.getByRole('heading', { level: 1, name: 'Mes candidatures' }).waitFor();
      await page.getByRole('link', { name: IDEA }).waitFor();
      expect(await englishLeft(page, ['mySubmissions.'], own)).toEqual([]);
      await openInFrench(page, `${suite.podium.url}/competitions/${cid}/register`, save);
      await page.getByRole('heading', { level: 1, name: 'Votre inscription' }).waitFor();
      await page.getByText(`${ORG} est inscrite (depuis le`).waitFor();
      expect(await englishLeft(page, ['register.'], own)).toEqual([]);
    } finally {
      await backToEnglish(page, save);
    }
  });
});
