/**
 * Reminders and mail feedback in Chromium (issue 13 §4): the organiser opens the competition's
 * Reminders page from its navigation, reads each kind (what, when, to whom, sent), and switches one
 * off with the keyboard (the API then says it is off, and the audit trail has it); the page fits a
 * phone. An investor invited at SES's bounce simulator address bounces (the outbox stands in for
 * SES and feeds the same record to the same use case): the round's invitation list and the outbox
 * show "Suppressed" next to the address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, createOpenCompetition, expectStatus, mintTokens, openJuryRound, openPhone, startLocalPodium, stopLocalPodium } from './api-setup.ts';
import { backToEnglish, englishLeft, openInFrench } from './i18n-check.ts';
import { screenshot } from './support.ts';

const BOUNCE = 'bounce@simulator.amazonses.com';

describe('reminders page and bounce badges', () => {
  let podium: RunningPodium;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => podium.url, tokens);
  const browsers = new Browsers(() => podium.url);
  let cid: string;
  let roundId: string;
  let organiser: Page;

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-reminders-'));
    Object.assign(tokens, await mintTokens(podium, dataDir, ['organiser@demo.test']));
    cid = await createOpenCompetition(
      call,
      { title: `Reminders ${Date.now().toString(36)}`, description: 'Reminders and bounces.', kind: 'idea', sectors: ['Energy'], rubric: [{ name: 'Overall', description: '', weight: 1, scale: { min: 1, max: 10 } }] },
      2,
    );
    roundId = (await openJuryRound(call, cid, { name: 'Jury', maxLoad: 3, criteria: ['Overall'] })).id;
    organiser = await browsers.open('organiser@demo.test');
  }, 120_000);

  afterAll(() => stopLocalPodium(podium, dataDir, browsers));

  it('(1) lists each reminder from the competition page, and switches one off with the keyboard', async () => {
    const page = organiser;
    await page.goto(`${podium.url}/competitions/${cid}`);
    await page.getByRole('navigation', { name: 'This competition' }).getByRole('link', { name: 'Reminders' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reminders' }).waitFor();
    const table = page.getByRole('table', { name: 'Reminders this competition sends' });
    for (const label of ['Unsubmitted drafts', 'Pending reviews', 'Unused invitations']) await table.getByRole('rowheader', { name: new RegExp(label) }).waitFor();
    const row = table.getByRole('row', { name: /Unused invitations/ });
    expect(await row.textContent()).toMatch(/3 days after accepting/);
    const toggle = row.getByRole('switch');
    expect(await toggle.isChecked()).toBe(true);
    await toggle.focus();
    await page.keyboard.press('Space');
    await page.getByText('Unused invitations: switched off.').waitFor();
    expect(await toggle.isChecked()).toBe(false);
    await screenshot(page, 'reminders');
    const api = await expectStatus(call('GET', `/api/competitions/${cid}/reminders`, 'organiser'));
    expect(api.items.find((r: { kind: string }) => r.kind === 'reminder-invitation')).toMatchObject({ enabled: false, sent: 0 });
    const audit = await expectStatus(call('GET', `/api/competitions/${cid}/audit?action=reminder.disabled`, 'organiser'));
    expect(audit.items).toHaveLength(1);
  });

  it('(1b) reads in French: the rules, when and to whom, nothing left in English', async () => {
    const page = organiser;
    const save = (language: 'en' | 'fr') => expectStatus(call('PUT', '/api/me/settings', 'organiser', { language }));
    try {
      await openInFrench(page, `${podium.url}/competitions/${cid}/reminders`, save);
      const table = page.getByRole('table', { name: 'Rappels envoyés par ce concours' });
      await table.getByRole('row', { name: /Invitations inutilisées/ }).getByText('3 jours après l’acceptation, tant que le tour est ouvert').waitFor();
      await table.getByRole('row', { name: /Brouillons non envoyés/ }).getByText('7 jours et 1 jour avant la clôture des dépôts').waitFor();
      const title = (await expectStatus(call('GET', `/api/competitions/${cid}`, 'organiser'))).title as string;
      expect(await englishLeft(page, ['reminders.'], [title])).toEqual([]);
    } finally {
      await backToEnglish(page, save);
    }
  });

  it('(2) fits a phone without scrolling sideways', async () => {
    const phone = await openPhone(podium.url, 'organiser@demo.test');
    try {
      await phone.page.goto(`${podium.url}/competitions/${cid}/reminders`);
      await phone.page.getByRole('heading', { level: 1, name: 'Reminders' }).waitFor();
      const width = await phone.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, window: window.innerWidth }));
      expect(width.scroll).toBeLessThanOrEqual(width.window);
    } finally {
      await phone.close();
    }
  });

  it('(3) an invitation to the bounce simulator bounces: "Suppressed" next to the address in the round and the outbox', async () => {
    await expectStatus(call('POST', `/api/competitions/${cid}/rounds/${roundId}/invitations`, 'organiser', { emails: [BOUNCE] }), 201);
    const page = organiser;
    await page.goto(`${podium.url}/competitions/${cid}/rounds/${roundId}`);
    const invited = page.getByRole('table', { name: 'Invited to this round' });
    await invited.getByRole('row', { name: new RegExp(BOUNCE) }).getByText('Suppressed').first().waitFor();
    await page.goto(`${podium.url}/dev/outbox`);
    await page.getByRole('heading', { level: 1, name: /Outbox/ }).waitFor();
    await page.locator('.message', { hasText: BOUNCE }).first().getByText('Suppressed').waitFor();
    const outbox = await expectStatus(call('GET', `/api/dev/outbox?competitionId=${cid}`, 'organiser'));
    expect(outbox.items.find((m: { to: string }) => m.to === BOUNCE)).toMatchObject({ mailStatus: 'suppressed' });
  });

  it('(4) inviting it again is not sent and says why; "Send again" clears the suppression (asked first, audited)', async () => {
    const again = await expectStatus(call('POST', `/api/competitions/${cid}/rounds/${roundId}/invitations`, 'organiser', { emails: [BOUNCE] }), 201);
    expect(again.items[0]).toMatchObject({ sent: false, mailState: 'suppressed' });
    const page = organiser;
    await page.goto(`${podium.url}/competitions/${cid}/rounds/${roundId}`);
    const invited = page.getByRole('table', { name: 'Invited to this round' });
    await invited.getByText(/Not sent — address bounced/).first().waitFor();
    await invited.getByRole('button', { name: `Send to ${BOUNCE} again` }).first().click();
    await page.getByRole('button', { name: 'Send to it again' }).click();
    await invited.locator('.badge-mail-bounced').first().waitFor(); // still sent to: no longer "Suppressed"
    expect(await invited.locator('.badge-mail-suppressed').count()).toBe(0);
    expect(await invited.getByRole('button', { name: `Send to ${BOUNCE} again` }).count()).toBe(0);
    await screenshot(page, 'mail-suppression-cleared');
    const audit = await expectStatus(call('GET', `/api/competitions/${cid}/audit?action=mail.suppression-cleared`, 'organiser'));
    expect(audit.items).toEqual([expect.objectContaining({ target: `address:${BOUNCE}` })]);
  });
});
