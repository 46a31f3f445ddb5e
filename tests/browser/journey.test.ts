/**
 * The main journey through the real web app, API and local identity provider, in Chromium:
 * an organiser creates and publishes a competition, an SME registers and submits, and the
 * organiser finds the submission in the table and in the CSV export. Selectors are the accessible
 * ones (labels, roles, names), so the test also proves the forms are labelled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningPodium } from '../../functions/local/server.ts';
import { downloadCsv, startLocalPodium, stopLocalPodium } from './api-setup.ts';
import { launchBrowser, screenshot, signIn, utcWallClock, type Browser } from './support.ts';

const COMPETITION = `Clean Water Hackathon ${Date.now().toString(36)}`;
const QUESTION = 'How will you measure impact?';
const SUBMISSION = 'AquaSense: leak detection for small utilities';

/** The error shown next to a field, found through the field's aria-describedby. */
async function fieldError(page: Page, label: string | RegExp): Promise<string> {
  const field = page.getByLabel(label);
  expect(await field.getAttribute('aria-invalid')).toBe('true');
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter((id) => id.endsWith('-error'));
  expect(ids).toHaveLength(1);
  return (await page.locator(`[id="${ids[0]}"]`).textContent()) ?? '';
}

describe('journey: organiser publishes, SME submits, organiser exports', () => {
  let podium: RunningPodium;
  let dataDir: string;
  let organiser: Browser;
  let sme: Browser;
  let competitionUrl: string;

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-'));
    organiser = await launchBrowser();
    sme = await launchBrowser();
  });

  afterAll(async () => {
    await organiser?.close();
    await sme?.close();
    await stopLocalPodium(podium, dataDir);
  });

  it('the organiser creates a competition with a rubric and a question, and publishes it', async () => {
    const page = organiser.page;
    await page.goto(podium.url + '/');
    await signIn(page, 'organiser@demo.test');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My competitions' }).click();
    await page.getByRole('link', { name: 'New competition' }).click();
    await page.getByRole('heading', { name: 'New competition' }).waitFor();

    await page.getByLabel('Description', { exact: true }).fill('Ideas and prototypes that cut water losses in small municipal networks.');
    await page.getByLabel('Kind').selectOption('hackathon');
    await page.getByLabel('Sectors').fill('Water, Utilities');
    await page.getByLabel('Countries').fill('BE, NL');
    expect(await page.getByLabel('SMEs only').isChecked()).toBe(true);
    await page.getByLabel('Time zone').selectOption('UTC');
    await page.getByLabel('Submissions open').fill(utcWallClock(-1));
    await page.getByLabel('Submissions close').fill(utcWallClock(24 * 7));
    await page.getByLabel('Evaluation starts').fill(utcWallClock(24 * 8));
    await page.getByLabel('Evaluation ends').fill(utcWallClock(24 * 14));
    await page.getByLabel('Results announced').fill(utcWallClock(24 * 21));

    // Rubric: two criteria; each row is a group named "Criterion n".
    const criteria: [string, string, string][] = [
      ['Technical merit', '3', 'Does the prototype work and scale?'],
      ['Impact', '2', 'Litres saved per euro invested.'],
    ];
    for (const [i, [name, weight, description]] of criteria.entries()) {
      await page.getByRole('button', { name: 'Add criterion' }).click();
      const row = page.getByRole('group', { name: `Criterion ${i + 1}` });
      await row.getByLabel('Name').fill(name);
      await row.getByLabel('Weight').fill(weight);
      await row.getByLabel('Description').fill(description);
    }
    await page.getByRole('button', { name: 'Add question' }).click();
    const question = page.getByRole('group', { name: 'Question 1' });
    await question.getByLabel(/^Question/).fill(QUESTION);
    await question.getByLabel('Answer required').check();
    await question.getByLabel('Maximum length (characters)').fill('500');

    // Video pitch rules: optional, 2 min 30 s, 500 MiB, no WebM.
    const pitch = page.getByRole('group', { name: 'Video pitch' });
    expect(await pitch.getByLabel(/must attach a video pitch/).isChecked()).toBe(false);
    await pitch.getByLabel('Minutes').fill('2');
    await pitch.getByLabel('Seconds').fill('30');
    await pitch.getByLabel('Maximum size').fill('500');
    await pitch.getByLabel('Size unit').selectOption('MiB');
    await pitch.getByLabel('WebM').uncheck();

    // Saving without a title: the API's field error appears next to the field and in the summary.
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('alert').filter({ hasText: 'Please fix the following' }).waitFor();
    expect(await fieldError(page, /^Title/)).toMatch(/required/i);

    await page.getByLabel(/^Title/).fill(COMPETITION);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { level: 1, name: COMPETITION }).waitFor();
    await page.getByText('Saved.').waitFor();
    await page.locator('.badge', { hasText: 'Draft' }).waitFor();
    competitionUrl = page.url();

    // Publishing cannot be undone: a dialog names the consequence first.
    await page.getByRole('button', { name: 'Publish' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish this competition?' });
    await dialog.getByText('Everyone will see it, and SMEs can register from then on.').waitFor();
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published.').waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    // One outcome, one banner: the "Saved." carried over from the editor gives way to it.
    expect(await page.locator('main .notice-success').allTextContents()).toEqual(['Published.']);
    await page.locator('.badge', { hasText: 'Open' }).waitFor();
    // The rubric table lists both criteria.
    const rubric = page.getByRole('table').filter({ hasText: 'Criterion' });
    for (const [name] of criteria) await rubric.getByRole('rowheader', { name }).waitFor();
    await page.getByText('Video pitch: optional · up to 2 min 30 s · up to 500 MiB · MP4, QuickTime').waitFor();
    await screenshot(page, '1-competition-published');
  });

  it('an SME finds it, registers, and submits after fixing the missing answer', async () => {
    const page = sme.page;
    await page.goto(podium.url + '/');
    await page.getByRole('link', { name: COMPETITION }).click();
    await page.getByRole('heading', { level: 1, name: COMPETITION }).waitFor();
    // Sign-in brings the SME back to the competition page.
    await signIn(page, 'sme1@demo.test', page.getByRole('button', { name: 'Sign in to take part' }));
    await page.getByRole('heading', { level: 1, name: COMPETITION }).waitFor();

    await page.getByRole('link', { name: 'Register' }).click();
    await page.getByLabel('Organisation name').fill('AquaSense BV');
    await page.getByLabel('Country').fill('be');
    await page.getByLabel('Registry / VAT id').fill('BE0123456789');
    await page.getByLabel(/We declare that our organisation is an SME/).check();
    const member = page.getByRole('group', { name: 'Team member 1' });
    expect(await member.getByLabel('E-mail').inputValue()).toBe('sme1@demo.test');
    await member.getByLabel('Name').fill('Sofia Marchetti');
    await member.getByLabel('Role').fill('CEO');
    await page.getByLabel(/I have read the privacy notice/).check(); // issue 14: consent at registration
    await page.getByRole('button', { name: 'Register', exact: true }).click();

    // Registered: straight on to the submission form.
    await page.getByRole('heading', { name: 'Your submission' }).waitFor();
    await page.getByText('You are registered.').waitFor();
    await page.getByText(/Editable until .* UTC/).waitFor();
    await page.getByLabel(/^Title/).fill(SUBMISSION);
    await page.getByLabel('Summary').fill('Cheap acoustic sensors and a shared model that find leaks early.');
    await page.getByLabel('Problem').fill('Small utilities lose a quarter of their water to leaks they cannot locate.');
    await page.getByLabel('Solution').fill('Clip-on acoustic sensors, a LoRa gateway and a leak model trained across utilities.');
    await page.getByLabel('Value chain').fill('Distribution, Maintenance');
    await page.getByLabel('Sectors').fill('Water');

    // Submitting without the required answer: the draft is saved, the submit is refused.
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Please fix the following' }).waitFor();
    expect(await fieldError(page, QUESTION)).toMatch(/required/i);
    await screenshot(page, '2-submission-missing-answer');

    await page.getByLabel(QUESTION).fill('Litres of non-revenue water avoided per month, verified against meter data.');
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.getByText(/^Submitted\./).waitFor();
    await page.locator('.badge', { hasText: 'submitted' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My submissions' }).click();
    const row = page.getByRole('row').filter({ hasText: SUBMISSION });
    await row.waitFor();
    expect(await row.textContent()).toContain(COMPETITION);
    expect(await row.textContent()).toContain('submitted');
    await screenshot(page, '3-my-submissions');
  });

  it('the organiser sees the submission, filters by status, and downloads the CSV', async () => {
    const page = organiser.page;
    await page.goto(competitionUrl);
    await page.getByRole('link', { name: 'Submissions', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Submissions' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: SUBMISSION });
    await row.waitFor();
    expect(await row.textContent()).toContain('AquaSense BV');

    await page.getByLabel('Status').selectOption('submitted');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/[?&]status=submitted/);
    await row.waitFor();
    await screenshot(page, '4-organiser-submissions');

    const { fileName, csv } = await downloadCsv(page, 'Download CSV');
    expect(fileName).toMatch(/\.csv$/);
    expect(csv).toContain(SUBMISSION);
    expect(csv).toContain('AquaSense BV');
  });
});
