/**
 * Message templates in Chromium: the organiser opens the competition's Messages page, edits the
 * investor invitation (a merge field inserted at the cursor, an unknown one refused while typing),
 * previews it with the competition's own data, saves; invites an investor from the round page
 * ("E-mail sent"), finds the mail with the new subject in the outbox, resends (a new link) and
 * revokes the invitation. The competition and the round are made through the API.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, createOpenCompetition, expectStatus, mintTokens, startLocalPodium, stopLocalPodium } from './api-setup.ts';
import { screenshot, utcWallClock } from './support.ts';

describe('messages: the organiser edits the invitation e-mail, previews it and invites an investor', () => {
  let podium: RunningPodium;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => podium.url, tokens);
  const browsers = new Browsers(() => podium.url);
  const title = `Clean Air Call ${Date.now().toString(36)}`;
  let cid: string;
  let roundId: string;
  let page: Page;

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-messages-'));
    Object.assign(tokens, await mintTokens(podium, dataDir, ['organiser@demo.test']));
    cid = await createOpenCompetition(call, { title, description: 'Ideas for cleaner air.', kind: 'idea', sectors: ['Energy'], rubric: [{ name: 'Impact', description: '', weight: 1, scale: { min: 1, max: 5 } }] }, 2);
    const round = await expectStatus(
      call('POST', `/api/competitions/${cid}/rounds`, 'organiser', { name: 'Investor panel', kind: 'investor', k: 1, maxLoad: 4, blind: false, opensAt: utcWallClock(-1), closesAt: utcWallClock(48), weight: 50 }),
      201,
    );
    roundId = round.id;
  });

  afterAll(() => stopLocalPodium(podium, dataDir, browsers));

  it('(a) edits the invitation template with merge fields, sees the live preview with real data, and saves', async () => {
    page = await browsers.open('organiser@demo.test');
    await page.goto(`${podium.url}/competitions/${cid}`);
    await page.getByRole('navigation', { name: 'This competition' }).getByRole('link', { name: 'Messages' }).click();
    await page.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
    await page.getByRole('navigation', { name: 'Message kinds' }).getByRole('button', { name: 'Invitation of investors and jury members' }).click();
    await page.getByRole('heading', { level: 2, name: 'Invitation of investors and jury members' }).waitFor();

    // A subject typed, then a merge field inserted where the cursor is.
    const subject = page.getByRole('textbox', { name: 'Subject' });
    await subject.fill('Your seat on the ');
    await subject.press('End');
    await page.getByRole('button', { name: 'Insert the merge field round' }).click();
    expect(await subject.inputValue()).toBe('Your seat on the {{round}}');
    await subject.press('End');
    await subject.pressSequentially(' panel of {{competition}}');

    // A field this message does not have is refused while typing, by name.
    const body = page.getByRole('textbox', { name: 'Message' });
    await body.fill('Dear investor,\n\n{{inviter}} invites you before {{deadline}}.\n\nAccept: {{link}}');
    await page.getByText(/Unknown merge field \{\{deadline\}\}/).waitFor();
    await body.fill('Dear investor,\n\n{{inviter}} invites you to score the pitches.\n\nAccept: {{link}} (valid until {{expires}})');
    await page.getByText(/Unknown merge field/).waitFor({ state: 'detached' });

    // The preview uses the competition's own title and round; the link is an example until someone is invited.
    const preview = page.getByRole('region', { name: 'Preview' });
    await expect.poll(() => preview.getByTestId('preview-subject').textContent()).toBe(`Your seat on the Investor panel panel of ${title}`);
    await expect.poll(() => preview.getByTestId('preview-text').textContent()).toContain('Olivia Organiser invites you to score the pitches.');
    const frame = page.frameLocator('iframe[title="The HTML part of the message"]');
    await frame.getByRole('link').first().waitFor();
    const fields = preview.getByRole('table', { name: 'Merge fields in this preview' });
    await fields.getByRole('row', { name: /\{\{competition\}\}.*this competition/ }).waitFor();
    await screenshot(page, 'messages-1-editor');

    await page.getByRole('button', { name: 'Save message' }).click();
    await page.getByText('Saved. This competition now sends your version.').waitFor();
    await page.getByRole('navigation', { name: 'Message kinds' }).getByRole('button', { name: /Invitation of investors and jury members.*edited/ }).waitFor();
    // Reset works on another kind: edited, saved, reset to its default.
    await page.getByRole('navigation', { name: 'Message kinds' }).getByRole('button', { name: 'Feedback released' }).click();
    await page.getByRole('textbox', { name: 'Subject' }).fill('Your feedback is in');
    await page.getByRole('button', { name: 'Save message' }).click();
    await page.getByText('Saved. This competition now sends your version.').waitFor();
    await page.getByRole('button', { name: 'Reset to default' }).click();
    await page.getByRole('dialog', { name: 'Go back to the default message?' }).getByRole('button', { name: 'Reset to default' }).click();
    await page.getByText('Reset: this competition sends the default message again.').waitFor();
    expect(await page.getByRole('textbox', { name: 'Subject' }).inputValue()).toBe('Your feedback for {{competition}} is ready');
    // On a phone the editor is one column and nothing overflows the window.
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() =>
      [...document.querySelectorAll('.messages-page *')]
        .filter((el) => !el.closest('.table-wrap') && el.getBoundingClientRect().right > window.innerWidth + 1)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}px`)
        .slice(0, 8),
    );
    expect(overflow).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('(b) invites an investor: the e-mail goes out with the new subject; resend gives a new link, revoke stops it', async () => {
    await page.goto(`${podium.url}/competitions/${cid}/rounds/${roundId}`);
    await page.getByRole('heading', { level: 1, name: 'Investor panel' }).waitFor();
    await page.getByLabel('E-mail addresses').fill('angel@fund.example');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    await page.getByText('E-mail sent.').waitFor();
    const firstLink = await page.getByLabel('Invitation link for angel@fund.example').inputValue();
    const table = page.getByRole('table', { name: 'Invited to this round' });
    await table.getByRole('row', { name: /angel@fund\.example.*pending/ }).waitFor();

    await page.goto(`${podium.url}/dev/outbox`);
    const mail = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `Your seat on the Investor panel panel of ${title}` }) });
    await mail.waitFor();
    await mail.getByText('To: angel@fund.example').waitFor();
    expect(await mail.locator('pre').textContent()).toContain(`Accept: ${firstLink} (valid until`);
    // The HTML part, sandboxed: the title escaped as text, the link clickable.
    await mail.getByText('HTML part').click();
    const html = page.frameLocator(`iframe[title="The HTML part of “Your seat on the Investor panel panel of ${title}”"]`);
    expect(await html.getByRole('link').getAttribute('href')).toBe(firstLink);
    await screenshot(page, 'messages-2-outbox');

    await page.goto(`${podium.url}/competitions/${cid}/rounds/${roundId}`);
    await table.getByRole('button', { name: 'Resend the invitation to angel@fund.example' }).click();
    await page.getByText('E-mail sent.').waitFor();
    const secondLink = await page.getByLabel('Invitation link for angel@fund.example').inputValue();
    expect(secondLink).not.toBe(firstLink);
    await table.getByRole('row', { name: /angel@fund\.example.*resent once/ }).waitFor();
    // The old link is void.
    expect((await call('GET', new URL(firstLink).pathname.replace('/invitations/', '/api/invitations/'), 'organiser')).status).toBe(404);

    await table.getByRole('button', { name: 'Revoke the invitation to angel@fund.example' }).click();
    await page.getByRole('dialog', { name: 'Revoke the invitation of angel@fund.example?' }).getByRole('button', { name: 'Revoke invitation' }).click();
    await table.getByRole('row', { name: /angel@fund\.example.*revoked/ }).waitFor();
    await screenshot(page, 'messages-3-invitations');
    expect((await call('GET', new URL(secondLink).pathname.replace('/invitations/', '/api/invitations/'), 'organiser')).json.status).toBe('revoked');
  });
});
