/**
 * Teams with their own logins in Chromium (issue 13 §3): the owner invites a team member from the
 * submission page's Team panel and gets the link to copy; the member signs in with her own account,
 * opens the link, joins as editor and uploads the video pitch from the team's submission page; the
 * owner sees her in the team and the pitch on the entry. A viewer sees the entry read-only. The
 * competition, registration and draft are made through the API; the team happens in the browser.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, createOpenCompetition, expectStatus, mintTokens, registerEntrant, startLocalPodium, stopLocalPodium } from './api-setup.ts';
import { screenshot } from './support.ts';

const VIDEOS = fileURLToPath(new URL('../fixtures/video/', import.meta.url));
const MiB = 1024 * 1024;

describe('teams: a member signs in and uploads the pitch', () => {
  let podium: RunningPodium;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => podium.url, tokens);
  const browsers = new Browsers(() => podium.url);
  let competitionId: string;
  let submissionId: string;
  let owner: Page;

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-teams-'));
    Object.assign(tokens, await mintTokens(podium, dataDir, ['organiser@demo.test', 'sme1@demo.test', 'teammate@demo.test']));
    competitionId = await createOpenCompetition(
      call,
      {
        title: `Team Pitch ${Date.now().toString(36)}`,
        description: 'Teams pitch together.',
        kind: 'pitch',
        sectors: ['Energy'],
        rubric: [{ name: 'Persuasion', description: 'Would you invest?', weight: 1, scale: { min: 1, max: 5 } }],
        pitch: { required: false, maxDurationSeconds: 180, maxSizeBytes: 64 * MiB, formats: ['mp4', 'quicktime', 'webm'] },
      },
      1,
    );
    await registerEntrant(call, competitionId, 'sme1', { org: 'Windmill Works BV', registryId: 'BE0111222333', email: 'sme1@demo.test' });
    submissionId = (await expectStatus(call('POST', `/api/competitions/${competitionId}/submissions`, 'sme1', { title: 'Rooftop turbines', summary: 'Wind on every roof.' }), 201)).id;
  });

  afterAll(() => stopLocalPodium(podium, dataDir, browsers));

  async function invite(email: string, role: 'Editor' | 'Viewer'): Promise<string> {
    const form = owner.getByRole('form', { name: 'Invite a team member' });
    await form.getByLabel('E-mail address').fill(email);
    await form.getByLabel('Role').selectOption({ label: role });
    await form.getByRole('button', { name: 'Send invitation' }).click();
    const link = owner.getByLabel(`Invitation link for ${email}`);
    await link.waitFor();
    await owner.getByText(`Invitation e-mailed to ${email}.`, { exact: false }).waitFor();
    return link.inputValue();
  }

  it('the owner invites from the Team panel; the member signs in with her own account, joins as editor and uploads the pitch', async () => {
    owner = await browsers.open('sme1@demo.test');
    await owner.goto(`${podium.url}/competitions/${competitionId}/submission`);
    const team = owner.getByRole('region', { name: 'Team' });
    await team.getByRole('cell', { name: /sme1@demo\.test/ }).waitFor();
    const link = await invite('teammate@demo.test', 'Editor');
    expect(link).toMatch(new RegExp(`^${podium.url}/team-invitations/${competitionId}/[A-Za-z0-9_-]{40,}$`));
    // The pending invitation is listed, with resend and withdraw.
    const pending = team.getByRole('row', { name: /teammate@demo\.test/ });
    await pending.getByRole('button', { name: 'Send the invitation of teammate@demo.test again' }).waitFor();
    await screenshot(owner, 'teams-1-invited');

    // The member: her own browser, her own account.
    const mate = await browsers.open('teammate@demo.test');
    await mate.goto(link);
    await mate.getByRole('heading', { name: 'Join the Windmill Works BV team' }).waitFor();
    await mate.getByText('Invitation for teammate@demo.test', { exact: false }).waitFor();
    await mate.getByRole('button', { name: 'Join as editor' }).click();
    await mate.waitForURL(`**/competitions/${competitionId}/submission`);
    await mate.getByText('Welcome to the Windmill Works BV team!', { exact: false }).waitFor();
    await mate.getByRole('region', { name: 'Team' }).getByRole('cell', { name: /Tereza Novotná/ }).waitFor();

    // She uploads the pitch straight to S3 from the team's submission page.
    const panel = mate.getByRole('region', { name: /Video pitch/ });
    await panel.getByLabel('Video pitch file').setInputFiles(join(VIDEOS, 'faststart.mp4'));
    await panel.locator('.pitch-state[role=status]').filter({ hasText: 'Ready — 3 s' }).waitFor();
    await screenshot(mate, 'teams-2-member-uploaded');

    // It is the team's entry: the owner sees the pitch and the editor in the team.
    const status = await expectStatus(call('GET', `/api/competitions/${competitionId}/submissions/${submissionId}/pitch`, 'sme1'));
    expect(status.current.fileName).toBe('faststart.mp4');
    const mine = await expectStatus(call('GET', '/api/me/submissions', 'teammate'));
    expect(mine.items.map((s: { id: string; teamRole: string }) => [s.id, s.teamRole])).toEqual([[submissionId, 'editor']]);
    await owner.reload();
    await owner.getByRole('region', { name: 'Team' }).getByRole('row', { name: /Tereza Novotná/ }).getByRole('cell', { name: 'Editor' }).waitFor();
    await owner.getByRole('region', { name: /Video pitch/ }).getByText('faststart.mp4 · 3 s', { exact: false }).waitFor();

    // My submissions shows her role; on a phone the Team panel still fits.
    await mate.goto(`${podium.url}/me/submissions`);
    await mate.getByRole('row', { name: /Rooftop turbines/ }).getByRole('cell', { name: 'Editor' }).waitFor();
    await mate.setViewportSize({ width: 390, height: 844 });
    await mate.goto(`${podium.url}/competitions/${competitionId}/submission`);
    const panelBox = await mate.getByRole('region', { name: 'Team' }).boundingBox();
    expect(panelBox!.width).toBeLessThanOrEqual(390);
  });

  it('a viewer sees the entry read-only: no save, submit or upload, and is told why', async () => {
    const link = await invite('sme3@demo.test', 'Viewer');
    const viewer = await browsers.open('sme3@demo.test');
    await viewer.goto(link);
    await viewer.getByRole('button', { name: 'Join as viewer' }).click();
    await viewer.waitForURL(`**/competitions/${competitionId}/submission`);
    await viewer.getByText('You are a viewer of this team', { exact: false }).waitFor();
    expect(await viewer.getByLabel('Title').isDisabled()).toBe(true);
    for (const name of ['Save draft', 'Submit', 'Withdraw']) expect(await viewer.getByRole('button', { name, exact: true }).count()).toBe(0);
    // The pitch plays, but there is nothing to upload.
    const panel = viewer.getByRole('region', { name: /Video pitch/ });
    await panel.locator('video').waitFor();
    expect(await panel.getByLabel('Video pitch file').count()).toBe(0);
    // The Team panel offers leaving, not inviting.
    const team = viewer.getByRole('region', { name: 'Team' });
    await team.getByRole('button', { name: 'Leave the team' }).waitFor();
    expect(await viewer.getByRole('form', { name: 'Invite a team member' }).count()).toBe(0);
    await screenshot(viewer, 'teams-3-viewer');
  });
});
