/**
 * "My competitions" for programme staff in Chromium (issue 13 §1): an observer of a programme —
 * who organises nothing — finds "My competitions" in the header and, there, the programme's calls
 * (a published one and a draft), each labelled with their role, read-only; a partner organiser finds
 * the call they opened, labelled "Partner organiser", and not the call they do not organise.
 *
 * The programme, its calls and the people's roles (invitations accepted) are made through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, createOpenCompetition, expectStatus, mintTokens, startLocalPodium, stopLocalPodium } from './api-setup.ts';
import { screenshot, utcWallClock } from './support.ts';
import { programmeInput } from '../support/api-harness.ts';

const PROGRAMME = 'Harbour Futures';
const CALL = 'Harbour Futures call 1';
const PARTNERS_CALL = 'Harbour Futures call 2 (Pôle Sud)';

describe('My competitions for programme staff', () => {
  let podium: RunningPodium;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => podium.url, tokens);
  const browsers = new Browsers(() => podium.url);

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-my-competitions-'));
    Object.assign(tokens, await mintTokens(podium, dataDir, ['organiser@demo.test', 'observer@demo.test', 'partner@demo.test']));
    const programme = await expectStatus(
      call('POST', '/api/programmes', 'organiser', programmeInput({
        name: PROGRAMME,
        description: 'Staff find the calls they may open.',
        partners: [
          { id: 'coord', name: 'Coordination', country: 'BE', contactName: 'Olivia Organiser', contactEmail: 'organiser@demo.test' },
          { id: 'sud', name: 'Pôle Sud', country: 'FR', contactName: 'Paul Partner', contactEmail: 'partner@demo.test' },
        ],
        totalBudget: 100_000_000,
      })),
      201,
    );
    const cid = await createOpenCompetition(call, { title: CALL, description: 'Call 1.', kind: 'idea', sectors: [], rubric: [{ name: 'Overall', description: '', weight: 1, scale: { min: 1, max: 5 } }] }, 2);
    await expectStatus(call('PUT', `/api/programmes/${programme.id}/calls/${cid}`, 'organiser', { partnerId: 'coord' }));
    for (const [who, role, partnerId] of [['observer', 'observer', 'coord'], ['partner', 'partner-organiser', 'sud']] as const) {
      const invited = await expectStatus(call('POST', `/api/programmes/${programme.id}/invitations`, 'organiser', { email: `${who}@demo.test`, role, partnerId }), 201);
      await expectStatus(call('POST', `/api/programme-invitations/${programme.id}/${(invited.link as string).split('/').pop()!}/accept`, who, {}));
    }
    // The partner opens the programme's second call (a draft they organise).
    await expectStatus(
      call('POST', `/api/programmes/${programme.id}/calls`, 'partner', {
        title: PARTNERS_CALL,
        description: 'Call 2.',
        kind: 'idea',
        sectors: [],
        eligibility: { countries: [], smeOnly: true },
        schedule: {
          timeZone: 'UTC',
          submissionsOpen: utcWallClock(24),
          submissionsClose: utcWallClock(24 * 7),
          evaluationStart: utcWallClock(24 * 8),
          evaluationEnd: utcWallClock(24 * 14),
          resultsDate: utcWallClock(24 * 21),
        },
        questions: [],
        rubric: [{ name: 'Overall', description: '', weight: 1, scale: { min: 1, max: 5 } }],
      }),
      201,
    );
  }, 120_000);

  afterAll(() => stopLocalPodium(podium, dataDir, browsers));

  it('the observer opens My competitions from the header and finds both calls, labelled observer (read-only)', async () => {
    const page = await browsers.open('observer@demo.test');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My competitions' }).click();
    await page.getByRole('heading', { level: 1, name: 'My competitions' }).waitFor();
    const cards = page.getByRole('list', { name: 'Competitions I organise' }).getByRole('listitem');
    await cards.filter({ hasText: PARTNERS_CALL }).waitFor();
    expect(await cards.count()).toBe(2);
    for (const title of [CALL, PARTNERS_CALL]) await cards.filter({ hasText: title }).getByText(`Observer (read-only) · ${PROGRAMME}`).waitFor();
    await screenshot(page, 'my-competitions-1-observer');
    // The card opens the call: read, with no Edit.
    await page.getByRole('link', { name: CALL }).click();
    await page.getByRole('heading', { level: 1, name: CALL }).waitFor();
    expect(await page.getByRole('link', { name: 'Edit', exact: true }).count()).toBe(0);
  });

  it('the partner organiser finds the call they opened, labelled partner organiser, and not the other call', async () => {
    const page = await browsers.open('partner@demo.test');
    await page.goto(`${podium.url}/me/competitions`);
    const cards = page.getByRole('list', { name: 'Competitions I organise' }).getByRole('listitem');
    await cards.filter({ hasText: PARTNERS_CALL }).getByText(`Partner organiser · ${PROGRAMME}`).waitFor();
    expect(await cards.count()).toBe(1);
    expect(await cards.filter({ hasText: CALL }).filter({ hasNotText: PARTNERS_CALL }).count()).toBe(0);
  });
});
