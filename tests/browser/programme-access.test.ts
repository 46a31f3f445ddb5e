/**
 * Programme staff in Chromium (issue 13 §1, H2): the observer and the finance officer of a
 * programme open one of its calls — which they do not organise — and find its pages by what their
 * role allows: both read the submissions and the ranking; neither may edit or publish the call;
 * the finance officer's money is refused to the observer in words, not by a blank page.
 *
 * The programme, its call and the two people's roles (invitations accepted) are made through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, createOpenCompetition, expectStatus, mintTokens, registerEntrant, startLocalPodium, stopLocalPodium, submitIdea } from './api-setup.ts';
import { screenshot } from './support.ts';

const CALL = 'Staff Access Idea Call';

describe('programme staff find a call’s pages by their role', () => {
  let podium: RunningPodium;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => podium.url, tokens);
  const browsers = new Browsers(() => podium.url);
  let cid: string;

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-programme-access-'));
    Object.assign(tokens, await mintTokens(podium, dataDir, ['organiser@demo.test', 'observer@demo.test', 'finance@demo.test', 'sme1@demo.test']));
    const programme = await expectStatus(
      call('POST', '/api/programmes', 'organiser', {
        name: 'Staff access programme',
        description: 'Programme staff on a call they do not organise.',
        partners: [{ id: 'coord', name: 'Coordination', country: 'BE', contactName: 'Olivia Organiser', contactEmail: 'organiser@demo.test' }],
        coordinatorPartnerId: 'coord',
        period: { start: '2026-01-01', end: '2028-12-31' },
        currency: 'EUR',
        totalBudget: 1_000_000,
      }),
      201,
    );
    cid = await createOpenCompetition(call, { title: CALL, description: 'Call 1.', kind: 'idea', sectors: ['Manufacturing'], rubric: [{ name: 'Overall', description: '', weight: 1, scale: { min: 1, max: 5 } }] }, 2);
    await expectStatus(call('PUT', `/api/programmes/${programme.id}/calls/${cid}`, 'organiser', { partnerId: 'coord' }));
    for (const [who, role] of [['observer', 'observer'], ['finance', 'finance-officer']] as const) {
      const invited = await expectStatus(call('POST', `/api/programmes/${programme.id}/invitations`, 'organiser', { email: `${who}@demo.test`, role, partnerId: 'coord' }), 201);
      const token = (invited.link as string).split('/').pop()!;
      await expectStatus(call('POST', `/api/programme-invitations/${programme.id}/${token}/accept`, who, {}));
    }
    await registerEntrant(call, cid, 'sme1', { org: 'Sofia Cargo Srl', registryId: 'IT01234567890', email: 'sme1@demo.test' });
    await submitIdea(call, cid, 'sme1', { title: 'Reusable crates', sectors: ['Manufacturing'] });
  }, 120_000);

  afterAll(() => stopLocalPodium(podium, dataDir, browsers));

  it("the observer reads the call's submissions and ranking, with no Edit or Publish", async () => {
    const page = await browsers.open('observer@demo.test');
    await page.goto(`${podium.url}/competitions/${cid}`);
    await page.getByRole('heading', { level: 1, name: CALL }).waitFor();
    const nav = page.getByRole('navigation', { name: 'This competition' });
    await nav.getByRole('link', { name: 'Ranking' }).waitFor();
    expect(await page.getByRole('link', { name: 'Edit', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Publish' }).count()).toBe(0);
    await screenshot(page, 'programme-access-1-observer');

    await nav.getByRole('link', { name: 'Submissions' }).click();
    await page.getByRole('heading', { level: 1, name: 'Submissions' }).waitFor();
    await page.getByText('Reusable crates').first().waitFor();
    await page.goto(`${podium.url}/competitions/${cid}/ranking`);
    await page.getByRole('heading', { level: 1, name: 'Ranking' }).waitFor();
  });

  it('the finance officer sees the same pages; the API says in words what each role may not do', async () => {
    const page = await browsers.open('finance@demo.test');
    await page.goto(`${podium.url}/competitions/${cid}`);
    await page.getByRole('navigation', { name: 'This competition' }).getByRole('link', { name: 'Prize plan & awards' }).waitFor();
    expect(await page.getByRole('link', { name: 'Edit', exact: true }).count()).toBe(0);
    const round = await call('POST', `/api/competitions/${cid}/rounds`, 'finance', { name: 'Jury', kind: 'jury', k: 1, maxLoad: 5, opensAt: '2026-12-02T09:00', closesAt: '2026-12-22T18:00', weight: 10 });
    expect(round.status).toBe(403);
    expect(round.json.error.message).toMatch(/^Finance officers cannot run the evaluation/);
  });
});
