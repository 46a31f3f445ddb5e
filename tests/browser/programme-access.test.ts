/**
 * Programme staff in Chromium (issue 13 §1, H2): the observer, the finance officer and the
 * evaluation manager of a programme open one of its calls — which they do not organise — and find
 * its pages by what their role allows (web/src/capabilities.ts): all read the submissions, the
 * rounds, the ranking and the prize plan; none may edit or publish the call; the observer's pages
 * are read-only (no round editing, no assignment, no prize-plan saving, no payment file, no message
 * editing, no reminder switches), the finance officer has the money actions but not the rounds',
 * the evaluation manager the rounds' but not the money's; what is withheld is said in words.
 *
 * The programme, its call and the two people's roles (invitations accepted) are made through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, createOpenCompetition, expectStatus, mintTokens, registerEntrant, startLocalPodium, stopLocalPodium, submitIdea } from './api-setup.ts';
import { screenshot, utcWallClock } from './support.ts';

const CALL = 'Staff Access Idea Call';

describe('programme staff find a call’s pages by their role', () => {
  let podium: RunningPodium;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => podium.url, tokens);
  const browsers = new Browsers(() => podium.url);
  let cid: string;
  let roundId: string;

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-programme-access-'));
    Object.assign(tokens, await mintTokens(podium, dataDir, ['organiser@demo.test', 'observer@demo.test', 'finance@demo.test', 'evaluator@demo.test', 'sme1@demo.test']));
    const programme = await expectStatus(
      call('POST', '/api/programmes', 'organiser', {
        name: 'Staff access programme',
        description: 'Programme staff on a call they do not organise.',
        partners: [{ id: 'coord', name: 'Coordination', country: 'BE', contactName: 'Olivia Organiser', contactEmail: 'organiser@demo.test' }],
        coordinatorPartnerId: 'coord',
        period: { start: '2026-01-01', end: '2028-12-31' },
        currency: 'EUR',
        totalBudget: 100_000_000,
      }),
      201,
    );
    cid = await createOpenCompetition(call, { title: CALL, description: 'Call 1.', kind: 'idea', sectors: ['Manufacturing'], rubric: [{ name: 'Overall', description: '', weight: 1, scale: { min: 1, max: 5 } }] }, 2);
    await expectStatus(call('PUT', `/api/programmes/${programme.id}/calls/${cid}`, 'organiser', { partnerId: 'coord' }));
    for (const [who, role] of [['observer', 'observer'], ['finance', 'finance-officer'], ['evaluator', 'evaluation-manager']] as const) {
      const invited = await expectStatus(call('POST', `/api/programmes/${programme.id}/invitations`, 'organiser', { email: `${who}@demo.test`, role, partnerId: 'coord' }), 201);
      const token = (invited.link as string).split('/').pop()!;
      await expectStatus(call('POST', `/api/programme-invitations/${programme.id}/${token}/accept`, who, {}));
    }
    await registerEntrant(call, cid, 'sme1', { org: 'Sofia Cargo Srl', registryId: 'IT01234567890', email: 'sme1@demo.test' });
    await submitIdea(call, cid, 'sme1', { title: 'Reusable crates', sectors: ['Manufacturing'] });
    const round = await expectStatus(
      call('POST', `/api/competitions/${cid}/rounds`, 'organiser', { name: 'Jury panel', kind: 'jury', k: 1, maxLoad: 5, blind: false, opensAt: utcWallClock(-1), closesAt: utcWallClock(48), weight: 10 }),
      201,
    );
    roundId = round.id;
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
    // Exports are reading: the ranking's CSVs are there.
    await page.getByRole('button', { name: 'Ranking CSV' }).waitFor();

    // The rounds and the round: read, with no editing, no invitations, no assignment.
    await page.goto(`${podium.url}/competitions/${cid}/rounds`);
    await page.getByRole('link', { name: 'Jury panel' }).waitFor();
    await page.getByText('You can read this page; changing it is for the organisers and the programme’s evaluation managers.').waitFor();
    expect(await page.getByRole('link', { name: 'Add a round' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Edit Jury panel' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Jury panel' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jury panel' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Assignment' }).waitFor();
    for (const name of ['Run assignment', 'Preview', 'Invite']) expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    expect(await page.getByRole('link', { name: 'Edit round' }).count()).toBe(0);
    await screenshot(page, 'programme-access-2-observer-round');

    // Money: read, the plan not saveable, no payment file.
    await page.goto(`${podium.url}/competitions/${cid}/awards?step=plan`);
    await page.getByRole('heading', { level: 1, name: 'Prize plan & awards' }).waitFor();
    await page.getByText('Changing the prize plan is for the organisers and the programme’s finance officers.').waitFor();
    expect(await page.getByRole('button', { name: 'Save prize plan' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Results package (JSON)' }).waitFor();
    expect(await page.getByRole('button', { name: 'Awards CSV (payments)' }).count()).toBe(0);

    // Messages and reminders: read, not edited.
    await page.goto(`${podium.url}/competitions/${cid}/messages`);
    await page.getByRole('heading', { level: 2, name: 'Invitation of investors and jury members' }).waitFor();
    await page.getByTestId('preview-subject').waitFor();
    expect(await page.getByRole('button', { name: 'Save message' }).count()).toBe(0);
    expect(await page.getByLabel('Subject').isDisabled()).toBe(true);
    await page.goto(`${podium.url}/competitions/${cid}/reminders`);
    await page.getByRole('table', { name: 'Reminders this competition sends' }).waitFor();
    expect(await page.getByRole('switch').count()).toBe(0);
    await page.goto(`${podium.url}/competitions/${cid}/organisers`);
    await page.getByRole('heading', { level: 2, name: 'Who organises it' }).waitFor();
    expect(await page.getByRole('button', { name: 'Send invitation' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Take .* off the organisers$/ }).count()).toBe(0);

    // The local outbox is theirs to read too (their programme's calls' mail), from the footer.
    await page.getByRole('contentinfo').getByRole('link', { name: 'Outbox (local e-mail)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Outbox (local e-mail)' }).waitFor();
    // Answered (mail or the empty outbox), not refused.
    await page.locator('ul.messages > li').or(page.getByText('The outbox is empty.', { exact: false })).first().waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('the finance officer sees the same pages; the API says in words what each role may not do', async () => {
    const page = await browsers.open('finance@demo.test');
    await page.goto(`${podium.url}/competitions/${cid}`);
    await page.getByRole('navigation', { name: 'This competition' }).getByRole('link', { name: 'Prize plan & awards' }).waitFor();
    expect(await page.getByRole('link', { name: 'Edit', exact: true }).count()).toBe(0);

    // The money actions are theirs: the plan saves, the payment file downloads.
    await page.goto(`${podium.url}/competitions/${cid}/awards?step=plan`);
    await page.getByRole('heading', { level: 1, name: 'Prize plan & awards' }).waitFor();
    expect(await page.getByRole('button', { name: 'Save prize plan' }).isDisabled()).toBe(false);
    await page.getByRole('button', { name: 'Awards CSV (payments)' }).waitFor();
    expect(await page.getByText('Changing the prize plan is for').count()).toBe(0);
    await screenshot(page, 'programme-access-3-finance-awards');
    // The rounds are not.
    await page.goto(`${podium.url}/competitions/${cid}/rounds/${roundId}`);
    await page.getByRole('heading', { level: 1, name: 'Jury panel' }).waitFor();
    await page.getByText('You can read this page; changing it is for the organisers and the programme’s evaluation managers.').waitFor();
    expect(await page.getByRole('button', { name: 'Run assignment' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Edit round' }).count()).toBe(0);

    const round = await call('POST', `/api/competitions/${cid}/rounds`, 'finance', { name: 'Jury', kind: 'jury', k: 1, maxLoad: 5, opensAt: '2026-12-02T09:00', closesAt: '2026-12-22T18:00', weight: 10 });
    expect(round.status).toBe(403);
    expect(round.json.error.message).toMatch(/^Finance officers cannot run the evaluation/);
  });

  it('the evaluation manager runs the evaluation but not the money', async () => {
    const page = await browsers.open('evaluator@demo.test');
    await page.goto(`${podium.url}/competitions/${cid}/rounds/${roundId}`);
    await page.getByRole('heading', { level: 1, name: 'Jury panel' }).waitFor();
    await page.getByRole('button', { name: 'Run assignment' }).waitFor();
    await page.getByRole('button', { name: 'Invite', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Edit round' }).waitFor();
    await page.goto(`${podium.url}/competitions/${cid}/awards?step=plan`);
    await page.getByText('Changing the prize plan is for the organisers and the programme’s finance officers.').waitFor();
    expect(await page.getByRole('button', { name: 'Awards CSV (payments)' }).count()).toBe(0);
  });
});
