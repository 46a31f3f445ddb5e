/**
 * Issue 13's journey "a coordinator invites a partner who opens a second call", in Chromium: the
 * coordinator (organiser@demo.test) opens the programme from the header, invites
 * partner@demo.test as partner organiser for Pôle Sud (the e-mail lands in the programme's
 * outbox with the same link the page shows to copy); the partner opens the e-mailed link, signs
 * in, accepts, finds "New call" on the programme page, opens the call in the competition editor
 * and publishes it; the coordinator then sees it in the programme's calls table, run by Pôle Sud.
 *
 * The programme and its first call are made through the API; everything else in the browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, createOpenCompetition, expectStatus, mintTokens, startLocalPodium, stopLocalPodium } from './api-setup.ts';
import { backToEnglish, englishLeft, openInFrench } from './i18n-check.ts';
import { screenshot, signIn, utcWallClock } from './support.ts';
import { programmeInput } from '../support/api-harness.ts';

const PROGRAMME = `GreenChain ${Date.now().toString(36)}`;
const FIRST_CALL = 'Green Manufacturing Idea Challenge';
const SECOND_CALL = 'Circular Packaging Voucher Call';

describe('programmes: a coordinator invites a partner who opens a second call', () => {
  let podium: RunningPodium;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => podium.url, tokens);
  const browsers = new Browsers(() => podium.url);
  let programmeId: string;
  let coordinator: Page;
  let partner: Page;
  let mailedLink: string;

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-programmes-'));
    Object.assign(tokens, await mintTokens(podium, dataDir, ['organiser@demo.test', 'partner@demo.test']));
    const programme = await expectStatus(
      call('POST', '/api/programmes', 'organiser', programmeInput({
        name: PROGRAMME,
        description: 'An INNOSUP-1 cluster project.',
        partners: [
          { id: 'greenchain', name: 'GreenChain Coordination', country: 'BE', contactName: 'Olivia Organiser', contactEmail: 'organiser@demo.test' },
          { id: 'cluster-nord', name: 'Cluster Nord', country: 'DE', contactName: 'Nils Nord', contactEmail: 'nils@cluster-nord.test' },
          { id: 'pole-sud', name: 'Pôle Sud', country: 'FR', contactName: 'Camille Laurent', contactEmail: 'partner@demo.test' },
        ],
        coordinatorPartnerId: 'greenchain',
      })),
      201,
    );
    programmeId = programme.id;
    const first = await createOpenCompetition(call, { title: FIRST_CALL, description: 'Call 1.', kind: 'idea', sectors: ['Manufacturing'], rubric: [{ name: 'Overall', description: '', weight: 1, scale: { min: 1, max: 5 } }] }, 2);
    await expectStatus(call('PUT', `/api/programmes/${programmeId}/calls/${first}`, 'organiser', { partnerId: 'greenchain' }));
  }, 120_000);

  afterAll(() => stopLocalPodium(podium, dataDir, browsers));

  it('the coordinator finds the programme in the header and invites the partner by e-mail; the mail carries the link the page shows', async () => {
    coordinator = await browsers.open('organiser@demo.test');
    await coordinator.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Programmes' }).click();
    await coordinator.getByRole('heading', { level: 1, name: 'Programmes' }).waitFor();
    await coordinator.getByRole('link', { name: PROGRAMME }).click();
    await coordinator.getByRole('heading', { level: 1, name: PROGRAMME }).waitFor();
    // Partners and the first call, as tables.
    const partners = coordinator.getByRole('table', { name: 'Partners' });
    expect(await partners.getByRole('row').count()).toBe(4);
    await partners.getByRole('row', { name: /Pôle Sud/ }).getByText('FR').waitFor();
    await coordinator.getByRole('table', { name: 'Calls of the programme' }).getByRole('link', { name: FIRST_CALL }).waitFor();

    await coordinator.getByLabel(/^E-mail address/).fill('partner@demo.test');
    await coordinator.getByLabel('Role', { exact: true }).selectOption('partner-organiser');
    await coordinator.getByLabel('Works for').selectOption({ label: 'Pôle Sud' });
    await coordinator.getByRole('button', { name: 'Send invitation' }).click();
    await coordinator.getByText('Invitation e-mailed to partner@demo.test.', { exact: false }).waitFor();
    const shown = await coordinator.getByLabel('Invitation link for partner@demo.test').inputValue();
    expect(shown).toMatch(new RegExp(`/programme-invitations/${programmeId}/[A-Za-z0-9_-]{40,}$`));
    const pending = coordinator.getByRole('table', { name: 'Invitations not accepted' });
    await pending.getByRole('row', { name: /partner@demo\.test/ }).getByText('pending').waitFor();
    await screenshot(coordinator, 'programmes-1-invited');

    // The e-mail as the outbox kept it: to the partner, with the same link.
    const outbox = await expectStatus(call('GET', `/api/programmes/${programmeId}/outbox`, 'organiser'));
    const mail = outbox.items.find((m: { to: string }) => m.to === 'partner@demo.test');
    expect(mail.subject).toBe(`You are invited to ${PROGRAMME}`);
    mailedLink = /https?:\/\/\S+\/programme-invitations\/\S+/.exec(mail.text)![0];
    expect(new URL(mailedLink).pathname).toBe(new URL(shown).pathname);
  });

  it('the partner opens the e-mailed link, signs in with the invited address and accepts', async () => {
    const { page } = await browsers.launch();
    partner = page;
    await partner.goto(podium.url + new URL(mailedLink).pathname);
    await partner.getByRole('heading', { level: 1, name: PROGRAMME }).waitFor();
    await partner.getByText('invites you to join as partner organiser for Pôle Sud').waitFor();
    await signIn(partner, 'partner@demo.test', partner.getByRole('button', { name: 'Sign in as partner@demo.test' }));
    await partner.getByRole('button', { name: 'Accept invitation' }).click();
    await partner.getByText(`Welcome to ${PROGRAMME}.`).waitFor();
    await partner.getByRole('heading', { level: 1, name: PROGRAMME }).waitFor();
    await partner.getByText('you are its partner organiser').waitFor();
    // Now the header offers Programmes to them too.
    await partner.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Programmes' }).waitFor();
  });

  it('the partner opens a second call in the programme with the competition editor and publishes it', async () => {
    await partner.getByRole('link', { name: 'New call' }).click();
    await partner.getByRole('heading', { level: 1, name: `New call in ${PROGRAMME}` }).waitFor();
    await partner.getByLabel(/^Title/).fill(SECOND_CALL);
    await partner.getByLabel('Time zone').selectOption('UTC');
    await partner.getByLabel('Submissions open').fill(utcWallClock(-1));
    await partner.getByLabel('Submissions close').fill(utcWallClock(24 * 30));
    await partner.getByLabel('Evaluation starts').fill(utcWallClock(24 * 31));
    await partner.getByLabel('Evaluation ends').fill(utcWallClock(24 * 40));
    await partner.getByLabel('Results announced').fill(utcWallClock(24 * 45));
    await partner.getByRole('button', { name: 'Add criterion' }).click();
    await partner.getByRole('group', { name: 'Criterion 1' }).getByLabel('Name').fill('Circularity');
    await partner.getByRole('button', { name: 'Publish', exact: true }).click();
    const dialog = partner.getByRole('dialog', { name: `Publish “${SECOND_CALL}”?` });
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await partner.getByRole('heading', { level: 1, name: SECOND_CALL }).waitFor();
    await screenshot(partner, 'programmes-2-second-call');
  });

  it('the coordinator sees the second call in the calls table, run by Pôle Sud, and the partner among the people', async () => {
    await coordinator.reload();
    const calls = coordinator.getByRole('table', { name: 'Calls of the programme' });
    const row = calls.getByRole('row', { name: new RegExp(SECOND_CALL) });
    await row.waitFor();
    await row.getByText('Pôle Sud').waitFor();
    await row.getByText('Published').waitFor();
    await row.getByRole('link', { name: SECOND_CALL }).waitFor();
    expect(await calls.getByRole('row').count()).toBe(3);
    const people = coordinator.getByRole('table', { name: 'People of the programme' });
    await people.getByRole('row', { name: /partner@demo\.test/ }).waitFor();
    expect(await coordinator.getByRole('table', { name: 'Invitations not accepted' }).count()).toBe(0);
    // The programme's audit trail, in words.
    await coordinator.getByText('Audit trail', { exact: true }).click();
    const trail = coordinator.getByRole('table', { name: 'Audit trail of the programme' });
    await trail.getByRole('row', { name: /partner@demo\.test.*joined the programme/ }).waitFor();
    await trail.getByRole('row', { name: /partner@demo\.test.*opened the call/ }).waitFor();
    await screenshot(coordinator, 'programmes-3-calls');
    // On a phone the page does not scroll sideways (its tables scroll in their own frames).
    await coordinator.setViewportSize({ width: 390, height: 844 });
    expect(await coordinator.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(coordinator, 'programmes-3-calls-phone');
    await coordinator.setViewportSize({ width: 1280, height: 900 });
    // The API agrees: the call is the programme's and the partner organises it.
    const listed = await expectStatus(call('GET', `/api/programmes/${programmeId}/calls`, 'organiser'));
    const second = listed.items.find((c: { title: string }) => c.title === SECOND_CALL);
    expect(second).toMatchObject({ partnerId: 'pole-sud', status: 'published' });
    expect((await expectStatus(call('GET', `/api/competitions/${second.competitionId}`, 'partner'))).myRoles).toEqual(['organiser']);
  });

  it('a call never loses its last organiser: taking the only one off is refused with a sentence, inviting a co-organiser shows the link', async () => {
    const listed = await expectStatus(call('GET', `/api/programmes/${programmeId}/calls`, 'organiser'));
    const first = listed.items.find((c: { title: string }) => c.title === FIRST_CALL);
    await coordinator.goto(`${podium.url}/competitions/${first.competitionId}`);
    await coordinator.getByRole('navigation', { name: 'This competition' }).getByRole('link', { name: 'Organisers' }).click();
    await coordinator.getByRole('heading', { level: 1, name: 'Organisers' }).waitFor();
    const table = coordinator.getByRole('table', { name: 'Organisers of this competition' });
    await table.getByRole('row', { name: /organiser@demo\.test/ }).waitFor();
    await coordinator.getByRole('button', { name: 'Take organiser@demo.test off the organisers' }).click();
    const dialog = coordinator.getByRole('dialog', { name: /Take organiser@demo\.test off the organisers\?/ });
    await dialog.getByRole('button', { name: 'Take off', exact: true }).click();
    await coordinator.getByText(`“${FIRST_CALL}” needs an organiser: invite or assign another organiser first.`).waitFor();
    expect(await table.getByRole('row').count()).toBe(2);

    await coordinator.getByLabel(/^E-mail address/).fill('other@organiser.test');
    await coordinator.getByRole('button', { name: 'Send invitation' }).click();
    await coordinator.getByText('Invitation e-mailed to other@organiser.test.', { exact: false }).waitFor();
    expect(await coordinator.getByLabel('Invitation link for other@organiser.test').inputValue()).toMatch(new RegExp(`/organiser-invitations/${first.competitionId}/`));
    await coordinator.getByRole('table', { name: 'Invitations not accepted' }).getByRole('row', { name: /other@organiser\.test/ }).waitFor();
    await screenshot(coordinator, 'programmes-4-organisers');
  });

  it('reads in French: the programme, its dashboard and a call’s organisers, nothing left in English', async () => {
    const french = (language: string) => expectStatus(call('PUT', '/api/me/settings', 'organiser', { language }));
    const own = [PROGRAMME, FIRST_CALL, SECOND_CALL, 'An INNOSUP-1 cluster project.', 'GreenChain Coordination', 'Cluster Nord', 'Pôle Sud', 'Olivia Organiser', 'Nils Nord', 'Camille Laurent'];
    const namespaces = ['programme.', 'programmes.', 'programmeDashboard.', 'programmeOrganisers.', 'dataTable.', 'pagedList.', 'downloads.'];
    const listed = await expectStatus(call('GET', `/api/programmes/${programmeId}/calls`, 'organiser'));
    const first = listed.items.find((c: { title: string }) => c.title === FIRST_CALL);
    const pages = [
      { url: `/programmes/${programmeId}`, heading: PROGRAMME, sees: 'Personnes' },
      { url: `/programmes/${programmeId}/dashboard`, heading: 'Tableau de bord du programme', sees: 'Rapports pour le bailleur de fonds' },
      { url: `/competitions/${first.competitionId}/organisers`, heading: 'Organisateurs', sees: 'Inviter un co-organisateur' },
    ];
    // The check finds English when there is some…
    await coordinator.goto(`${podium.url}${pages[0]!.url}`);
    await coordinator.getByRole('heading', { level: 2, name: 'People' }).waitFor();
    expect(await englishLeft(coordinator, namespaces, own)).not.toEqual([]);
    try {
      for (const p of pages) {
        await openInFrench(coordinator, `${podium.url}${p.url}`, french);
        await coordinator.getByRole('heading', { level: 1, name: p.heading }).waitFor();
        await coordinator.getByText(p.sees, { exact: true }).first().waitFor();
        // …and none in French.
        expect({ page: p.url, left: await englishLeft(coordinator, namespaces, own) }).toEqual({ page: p.url, left: [] });
      }
      await openInFrench(coordinator, `${podium.url}/programmes/${programmeId}`, french);
      await coordinator.getByText('Programme · vous en êtes coordinateur').waitFor();
    } finally {
      await backToEnglish(coordinator, french);
    }
  });
});
