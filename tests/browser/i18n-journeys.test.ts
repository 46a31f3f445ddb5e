/**
 * Issue 14's "done when", in Chromium: a French-speaking SME registers and submits entirely in
 * French, and a German-speaking investor is invited (the e-mail in German), accepts and reviews
 * entirely in German. Each person's language is their account's (PUT /api/me/settings), so a fresh
 * browser opens in it; every label the test reads or clicks is looked up in that language's
 * catalogue (so an untranslated label fails the step), and each page is checked for English left
 * on screen (i18n-check.ts).
 *
 * The competition and the round are made through the API; what the SME and the investor do happens
 * in the browser.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import deCatalogue from '../../functions/shared/i18n/de.json';
import frCatalogue from '../../functions/shared/i18n/fr.json';
import { makeTranslator, type MessageParams } from '../../functions/shared/i18n/translate.ts';
import { serverText } from '../../functions/shared/i18n/server.ts';
import { createOpenCompetition, expectStatus, finishedJob, localPodiumSuite } from './api-setup.ts';
import { englishLeftIn } from './i18n-check.ts';
import { screenshot, SCREENSHOT_DIR, utcWallClock } from './support.ts';

const TITLE = 'Smart Grids Challenge';
const ORG = 'Réseaux Malins SAS';
const IDEA = 'Compteurs partagés';
const ROUND = 'Investoren';

/** A language's web messages: `t(key, params)` as the page formats them, `lead(key)` its text up to the first argument or tag. */
function language(locale: 'fr' | 'de', messages: Record<string, string>) {
  const tr = makeTranslator(locale, messages);
  const t = (key: string, params?: MessageParams) => {
    expect(tr.has(key), `${locale} has ${key}`).toBe(true);
    return tr.text(key, params);
  };
  const lead = (key: string) => {
    expect(messages[key], `${locale} has ${key}`).toBeDefined();
    return new RegExp(`^${messages[key]!.split(/[{<]/)[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').trim()}`);
  };
  return { t, lead };
}
const fr = language('fr', frCatalogue.web);
const de = language('de', deCatalogue.web);

/** Waits until the page speaks `locale` (the account's language, applied once /api/me answers). */
const speaks = (page: Page, locale: string) => page.waitForFunction((l) => document.documentElement.lang === l, locale);

describe('whole journeys in the reader’s language', () => {
  const suite = localPodiumSuite('podium-browser-i18n-journeys-', ['organiser@demo.test', 'sme1@demo.test', 'investor1@demo.test']);
  const { call, browsers } = suite;
  let cid: string;
  let roundId: string;
  let invitationLink: string;

  beforeAll(async () => {
    cid = await createOpenCompetition(
      call,
      {
        title: TITLE,
        description: 'Grids that balance themselves.',
        kind: 'idea',
        sectors: ['Energy'],
        rubric: [{ name: 'Impact', description: '', weight: 1, scale: { min: 1, max: 5 } }],
        questions: [
          { id: 'staff', type: 'number', label: 'Staff', unit: 'people', min: 1, integer: true, required: false },
          { id: 'incorporated', type: 'yesNo', label: 'Incorporated?', required: false },
          { id: 'markets', type: 'multipleChoice', label: 'Markets', options: ['Retail', 'Industry', 'Export'], minSelections: 0, required: false },
        ],
      } as Parameters<typeof createOpenCompetition>[1],
      2,
    );
    // Their languages, as each chose it once (the header's picker saves the same).
    await expectStatus(call('PUT', '/api/me/settings', 'sme1', { language: 'fr' }));
    await expectStatus(call('PUT', '/api/me/settings', 'investor1', { language: 'de' }));
  });


  const own = [TITLE, ORG, IDEA, ROUND, 'Staff', 'people', 'Incorporated?', 'Markets', 'Retail', 'Industry', 'Export', 'Grids that balance themselves.', 'Energy', 'Impact', 'sme1@demo.test', 'investor1@demo.test', 'organiser@demo.test'];

  it('a French-speaking SME registers and submits, in French', async () => {
    const page = await browsers.open('sme1@demo.test');
    await page.goto(`${suite.podium.url}/competitions/${cid}`);
    await speaks(page, 'fr');
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await page.getByRole('link', { name: fr.t('competition.register') }).click();

    await page.getByLabel(fr.t('register.organisationName')).fill(ORG);
    await page.getByLabel(fr.t('register.country')).fill('fr');
    await page.getByLabel(fr.t('register.registryId')).fill('FR40123456789');
    await page.getByLabel(fr.lead('register.smeDeclaration')).check();
    const member = page.getByRole('group', { name: fr.t('register.member.legend', { n: 1 }) });
    await member.getByLabel(fr.t('register.member.name')).fill('Camille Durand');
    await member.getByLabel(fr.t('register.member.role')).fill('CEO');
    await page.getByLabel(fr.lead('register.privacy.consent')).check();
    expect(await englishLeftIn(page, frCatalogue.web, ['register.', 'common.'], own)).toEqual([]);
    await page.getByRole('button', { name: fr.t('register.submit'), exact: true }).click();

    await page.getByRole('heading', { name: fr.t('submission.heading') }).waitFor();
    await page.getByText(fr.t('register.done')).waitFor();
    await page.getByLabel(fr.lead('submission.idea.title')).fill(IDEA);
    await page.getByLabel(fr.t('submission.idea.summary')).fill('Des compteurs partagés entre voisins.');
    await page.getByLabel(fr.t('submission.idea.problem')).fill('Les réseaux locaux sont déséquilibrés.');
    await page.getByLabel(fr.t('submission.idea.solution')).fill('Un compteur commun et un modèle partagé.');
    await page.getByLabel(fr.t('submission.idea.sectors')).fill('Energy');
    await page.getByLabel(/^Staff/).fill('1200');
    await page.getByRole('group', { name: /Incorporated\?/ }).getByLabel(fr.t('common.yes')).check();
    const markets = page.getByRole('group', { name: /Markets/ });
    await markets.getByLabel('Retail').check();
    await markets.getByLabel('Industry').check();
    await page.getByRole('button', { name: fr.t('submission.action.submit'), exact: true }).click();
    await page.getByText(fr.lead('submission.submitted')).waitFor();
    expect(await englishLeftIn(page, frCatalogue.web, ['submission.', 'questionFields.', 'common.'], own)).toEqual([]);

    await page.getByRole('navigation', { name: fr.t('shell.nav.label') }).getByRole('link', { name: fr.t('shell.nav.mySubmissions') }).click();
    await page.getByRole('heading', { level: 1, name: fr.t('mySubmissions.title') }).waitFor();
    await page.getByRole('row').filter({ hasText: IDEA }).waitFor();
    expect(await englishLeftIn(page, frCatalogue.web, ['mySubmissions.', 'common.'], own)).toEqual([]);
  });

  it('the organiser invites a German-speaking investor, whose invitation e-mail is in German', async () => {
    const round = await expectStatus(
      call('POST', `/api/competitions/${cid}/rounds`, 'organiser', { name: ROUND, kind: 'investor', k: 1, maxLoad: 4, blind: false, opensAt: utcWallClock(-1), closesAt: utcWallClock(48), weight: 100 }),
      201,
    );
    roundId = round.id;
    const sent = await expectStatus(call('POST', `/api/competitions/${cid}/rounds/${roundId}/invitations`, 'organiser', { emails: ['investor1@demo.test'], language: 'de' }), 201);
    invitationLink = new URL(`/invitations/${cid}/${String(sent.items[0].link).split('/').pop()}`, suite.podium.url).href;
    const mail = (await expectStatus(call('GET', `/api/dev/outbox?competitionId=${cid}`, 'organiser'))).items.find((m: { to: string }) => m.to === 'investor1@demo.test');
    expect(mail.subject).toBe(serverText('de', 'message.reviewerInvitation.subject', { competition: TITLE }));
    expect(mail.subject).not.toBe(serverText('en', 'message.reviewerInvitation.subject', { competition: TITLE }));
  });

  it('the German-speaking investor accepts and reviews, in German', async () => {
    const page = await browsers.open('investor1@demo.test');
    await page.goto(invitationLink);
    await speaks(page, 'de');
    await page.getByRole('group', { name: de.t('invitation.sectors') }).getByLabel('Energy').check();
    expect(await englishLeftIn(page, deCatalogue.web, ['invitation.', 'invitationAccept.', 'common.'], own)).toEqual([]);
    await page.getByRole('button', { name: de.t('invitationAccept.accept') }).click();
    await page.getByRole('heading', { level: 1, name: de.t('myReviews.title') }).waitFor();

    await finishedJob(call, 'organiser', call('POST', `/api/competitions/${cid}/rounds/${roundId}/assignment`, 'organiser'));
    await page.reload();
    await speaks(page, 'de');
    await page.getByRole('link', { name: IDEA }).click();
    await page.getByRole('heading', { level: 1, name: IDEA }).waitFor();
    await page.getByText(ORG).waitFor(); // not blind
    // The SME's answers, worded for the German reader: their yes, their number, the options they chose.
    const sheet = page.locator('.submission-doc');
    const answerTo = (question: string) => sheet.locator('h3', { hasText: question }).locator('xpath=following-sibling::p[1]');
    expect(await answerTo('Incorporated?').innerText()).toBe(de.t('common.yes'));
    expect(await answerTo('Staff').innerText()).toBe(`${new Intl.NumberFormat('de').format(1200)} people`);
    expect(await answerTo('Markets').innerText()).toBe(new Intl.ListFormat('de', { type: 'conjunction' }).format(['Retail', 'Industry']));
    const form = page.getByRole('form', { name: de.t('review.yourReview') });
    await form.getByRole('group', { name: de.t('review.criterion.legend', { name: 'Impact', min: 1, max: 5 }) }).getByRole('radio', { name: '4' }).check();
    await form.getByLabel(de.t('review.privateNote')).fill('Nach dem Sommer anrufen.');
    expect(await englishLeftIn(page, deCatalogue.web, ['review.', 'submissionParts.', 'common.'], [...own, 'Des compteurs partagés entre voisins.', 'Les réseaux locaux sont déséquilibrés.', 'Un compteur commun et un modèle partagé.'])).toEqual([]);
    await form.getByRole('button', { name: de.t('review.submit') }).click();
    await page.getByRole('status').filter({ hasText: de.t('review.after.submitted', { title: IDEA }) }).getByRole('link', { name: de.t('review.after.back') }).click();
    await page.getByRole('heading', { level: 1, name: de.t('myReviews.title') }).waitFor();
    expect(await englishLeftIn(page, deCatalogue.web, ['myReviews.', 'common.'], own)).toEqual([]);

    // Stored as the investor gave it.
    const reviews = (await expectStatus(call('GET', `/api/competitions/${cid}/rounds/${roundId}/reviews`, 'organiser'))).items;
    expect(reviews).toEqual([expect.objectContaining({ status: 'submitted' })]);
  });

  it('a German-speaking organiser types the schedule as Germans write dates, on a laptop and a phone', async () => {
    await expectStatus(call('PUT', '/api/me/settings', 'organiser', { language: 'de' }));
    const page = await browsers.open('organiser@demo.test');
    try {
      const draft = await expectStatus(
        call('POST', '/api/competitions', 'organiser', {
          title: 'Fahrplan',
          description: 'Termine.',
          kind: 'idea',
          sectors: ['Energy'],
          eligibility: { countries: [], smeOnly: true },
          rubric: [{ name: 'Impact', description: '', weight: 1, scale: { min: 1, max: 5 } }],
          questions: [],
          schedule: { timeZone: 'Europe/Berlin', submissionsOpen: '2031-10-01T09:00', submissionsClose: '2031-11-01T17:00', evaluationStart: '2031-11-02T09:00', evaluationEnd: '2031-12-01T17:00', resultsDate: '2031-12-15T12:00' },
        }),
        201,
      );
      await page.goto(`${suite.podium.url}/competitions/${draft.id}/edit`);
      await speaks(page, 'de');
      const results = page.getByLabel('Bekanntgabe der Ergebnisse', { exact: false }).first();
      await results.waitFor();
      // Shown in German order, whatever language the browser itself speaks; the format is named beside it.
      expect(await results.inputValue()).toBe('15.12.2031 12:00');
      expect(await results.getAttribute('placeholder')).toBe('TT.MM.JJJJ hh:mm');
      await results.fill('20.12.2031 17:30');
      await page.getByRole('button', { name: 'Entwurf speichern' }).click();
      await page.getByText('Gespeichert.').first().waitFor();
      // Stored as the instant of that wall clock in the competition's zone (Berlin, UTC+1 in December).
      const saved = await expectStatus(call('GET', `/api/competitions/${draft.id}`, 'organiser'));
      expect(saved.schedule.resultsDate).toBe('2031-12-20T16:30:00.000Z');
      // Read back in a fresh page, on a phone: the field fits the screen.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${suite.podium.url}/competitions/${draft.id}/edit`);
      await results.waitFor();
      expect(await results.inputValue()).toBe('20.12.2031 17:30');
      const row = await results.evaluate((el) => {
        const box = el.closest('.date-input-row')!.getBoundingClientRect();
        return { right: box.right, width: document.documentElement.clientWidth };
      });
      expect(row.right).toBeLessThanOrEqual(row.width);
      // A moment picked from the browser's calendar (behind the field's button) is written in German too.
      await page.getByRole('button', { name: 'Im Kalender auswählen' }).last().waitFor();
      await results.locator('xpath=following::input[contains(@class, "date-input-native")][1]').evaluate((el: HTMLInputElement) => {
        el.value = '2031-12-21T08:15';
        el.dispatchEvent(new Event('change', { bubbles: true }));
      });
      expect(await results.inputValue()).toBe('21.12.2031 08:15');
      await screenshot(page, 'i18n-schedule-de-390');
      await results.locator('xpath=ancestor::fieldset[1]').screenshot({ path: `${SCREENSHOT_DIR}i18n-schedule-de-390-fieldset.png` });
    } finally {
      await expectStatus(call('PUT', '/api/me/settings', 'organiser', { language: 'en' }));
    }
  });
});
