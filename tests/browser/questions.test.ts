/**
 * Issue 14 §3 in Chromium: an entrant answers typed questions (radio buttons, checkboxes, yes/no
 * revealing a conditional date), uploads a PDF deck straight to (local) S3, sees it verified, and
 * submits; the stored answers are typed, and the hidden question's answer is not kept.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, createOpenCompetition, expectStatus, mintTokens, registerEntrant, startLocalPodium, stopLocalPodium, type CompetitionFields } from './api-setup.ts';
import { pdfBytes } from '../support/file-bytes.ts';

describe('typed questions and an answer file', () => {
  let podium: RunningPodium;
  let dataDir: string;
  let tmp: string;
  let competitionId: string;
  let submissionId: string;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => podium.url, tokens);
  const browsers = new Browsers(() => podium.url);

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-questions-'));
    tmp = await mkdtemp(join(tmpdir(), 'podium-question-files-'));
    Object.assign(tokens, await mintTokens(podium, dataDir, ['organiser@demo.test', 'sme1@demo.test']));
    competitionId = await createOpenCompetition(
      call,
      {
        title: `Typed questions ${Date.now().toString(36)}`,
        description: 'Tell us about your idea.',
        kind: 'idea',
        sectors: ['Energy'],
        rubric: [{ name: 'Impact', description: 'How much?', weight: 1, scale: { min: 1, max: 5 } }],
        questions: [
          { id: 'sector', type: 'singleChoice', label: 'Main sector', options: ['Energy', 'Water', 'Food'], required: true },
          { id: 'markets', type: 'multipleChoice', label: 'Markets', options: ['EU', 'US', 'Asia'], minSelections: 1, maxSelections: 2, required: true },
          { id: 'incorporated', type: 'yesNo', label: 'Are you incorporated?', required: true },
          { id: 'since', type: 'date', label: 'Incorporated on', required: true, showIf: { questionId: 'incorporated', equals: true } },
          { id: 'staff', type: 'number', label: 'Staff', unit: 'people', min: 1, integer: true },
          { id: 'deck', type: 'file', label: 'Pitch deck', kinds: ['pdf'], maxBytes: 1024 * 1024, required: true },
        ],
      } as CompetitionFields,
      1,
    );
    await registerEntrant(call, competitionId, 'sme1', { org: 'Windmill Works BV', registryId: 'BE0111222333', email: 'sme1@demo.test' });
    submissionId = (
      await expectStatus(
        call('POST', `/api/competitions/${competitionId}/submissions`, 'sme1', { title: 'Rooftop turbines', summary: 'Small wind.', problem: 'Roofs waste wind.', solution: 'Quiet turbines.' }),
        201,
      )
    ).id;
  });

  afterAll(async () => {
    await stopLocalPodium(podium, dataDir, browsers);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('fills choice questions, sees the condition live, uploads a PDF and submits', async () => {
    const page = await browsers.open('sme1@demo.test');
    await page.goto(`${podium.url}/competitions/${competitionId}/submission`);
    const questions = page.getByRole('group', { name: 'Questions from the organisers' });
    await questions.waitFor();

    await questions.getByRole('group', { name: /Main sector/ }).getByLabel('Water').check();
    const markets = questions.getByRole('group', { name: /Markets/ });
    await markets.getByLabel('EU').check();
    await markets.getByLabel('Asia').check();
    // The date is asked only once the entrant says they are incorporated.
    expect(await questions.getByLabel(/Incorporated on/).count()).toBe(0);
    await questions.getByRole('group', { name: /Are you incorporated/ }).getByLabel('Yes').check();
    await questions.getByLabel(/Incorporated on/).fill('2021-03-15');
    await questions.getByLabel(/Staff/).fill('12');

    const pdf = join(tmp, 'our-deck.pdf');
    await writeFile(pdf, pdfBytes('Rooftop turbines deck'));
    await questions.getByLabel(/Pitch deck/).setInputFiles(pdf);
    await questions.locator('.answer-file-state', { hasText: 'Verified' }).waitFor({ timeout: 15_000 });
    expect(await questions.locator('.answer-file-state').textContent()).toContain('our-deck.pdf');

    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.getByText('Submitted.').first().waitFor();

    const stored = await expectStatus(call('GET', `/api/competitions/${competitionId}/submissions/${submissionId}`, 'sme1'));
    expect(stored.status).toBe('submitted');
    expect(stored.answers).toMatchObject({ sector: 'Water', markets: ['EU', 'Asia'], incorporated: true, since: '2021-03-15', staff: 12, deck: { fileId: expect.any(String) } });
    const files = await expectStatus(call('GET', `/api/competitions/${competitionId}/submissions/${submissionId}/files`, 'organiser'));
    expect(files.files).toEqual([expect.objectContaining({ questionId: 'deck', state: 'verified', fileName: 'our-deck.pdf' })]);
  });

  it('shows the organiser each question’s type, settings and condition in the editor, labelled', async () => {
    const page = await browsers.open('organiser@demo.test');
    await page.goto(`${podium.url}/competitions/${competitionId}/edit`);
    const types = page.getByLabel('Answer type');
    await types.first().waitFor();
    expect(await types.count()).toBe(6);
    expect(await Promise.all((await types.all()).map((t) => t.inputValue()))).toEqual(['singleChoice', 'multipleChoice', 'yesNo', 'date', 'number', 'file']);
    const date = page.getByRole('group', { name: 'Question 4' });
    expect(await date.getByLabel('Show only when').inputValue()).toBe('incorporated');
    expect(await date.getByLabel('Its answer is').inputValue()).toBe('true');
    const file = page.getByRole('group', { name: 'Question 6' });
    expect(await file.getByLabel('PDF').isChecked()).toBe(true);
    expect(await file.getByLabel(/Largest file/).inputValue()).toBe('1');
    // Keyboard: the type picker is a native select, reachable and changeable without a mouse.
    await types.first().focus();
    await page.keyboard.press('ArrowDown');
    expect(await types.first().inputValue()).not.toBe('singleChoice');
  });
});
