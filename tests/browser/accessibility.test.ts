/**
 * Accessibility journeys (issue 14 §5). Every test here, like every browser test, also runs axe on
 * each page state it reaches (axe-watch.ts via support.ts). These add what axe cannot see: a whole
 * flow by keyboard alone with the focus visible at every stop, the skip link, a modal dialog that
 * keeps the focus and gives it back, the accessibility statement, and the API docs' isolated frame.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningPodium } from '../../functions/local/server.ts';
import { Browsers, startLocalPodium, stopLocalPodium } from './api-setup.ts';
import { checkAccessibility } from './axe-watch.ts';
import { DEMO_PASSWORD } from './support.ts';
import { backToEnglish, englishLeft, openInFrench } from './i18n-check.ts';

/** What has the focus, and whether a sighted keyboard user can see where it is. */
async function focused(page: Page): Promise<{ tag: string; text: string; visible: boolean; inMain: boolean; inDialog: boolean; id: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'BODY', text: '', visible: false, inMain: false, inDialog: false, id: '' };
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    // Date and time inputs: Chromium highlights the focused segment (day, month…) in their own
    // shadow tree, which a page can neither style nor read; the field itself then need not match :focus.
    const segmented = el instanceof HTMLInputElement && ['date', 'datetime-local', 'time'].includes(el.type) && !el.matches(':focus');
    const ring = segmented || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow !== 'none' && s.boxShadow !== '');
    return {
      tag: el.tagName,
      text: (el.textContent || el.getAttribute('aria-label') || el.getAttribute('name') || el.getAttribute('type') || '').trim().slice(0, 60),
      visible: ring && r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth,
      inMain: !!el.closest('main'),
      inDialog: !!el.closest('dialog'),
      id: el.id,
    };
  });
}

/** Tabs until `done` says so (at most `max` presses), checking at each stop that the focus is visible. */
async function tabUntil(page: Page, done: (f: Awaited<ReturnType<typeof focused>>) => boolean, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    // The document itself (a re-render removed the focused element): the next Tab starts over.
    if (f.tag === 'BODY') continue;
    expect(f.visible, `focus not visible on ${f.tag} “${f.text}”`).toBe(true);
    if (done(f)) return;
  }
  throw new Error('the focus never got there');
}

describe('accessibility: keyboard journeys, the statement, the API docs', () => {
  let podium: RunningPodium;
  let dataDir: string;
  const browsers = new Browsers(() => podium.url);

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-a11y-'));
  });

  afterAll(() => stopLocalPodium(podium, dataDir, browsers));

  it('by keyboard alone: the skip link leads to the content, every stop shows its focus, the footer opens the accessibility statement', async () => {
    const page = await browsers.open();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.keyboard.press('Tab');
    const skip = await focused(page);
    expect(skip).toMatchObject({ tag: 'A', text: 'Skip to content', visible: true });
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('main');

    await tabUntil(page, (f) => f.tag === 'A' && f.text === 'Accessibility');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Accessibility statement' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/accessibility');
    const sections = await page.getByRole('main').getByRole('heading', { level: 2 }).allTextContents();
    expect(sections).toEqual(['Conformance status', 'How we test', 'Known limitations', 'Feedback and contact', 'Enforcement procedure']);
    const text = (await page.getByRole('main').textContent()) ?? '';
    for (const must of ['WCAG) 2.1 at level AA', 'EN 301 549', 'axe-core', 'keyboard', 'captions', 'Swagger UI', '2016/2102'])
      expect(text).toContain(must);
    expect(await page.locator('main time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // No contact configured in this build: the page says so instead of showing a made-up address.
    await page.getByTestId('accessibility-contact-placeholder').waitFor();
    expect(await page.locator('main a[href^="mailto:"]').count()).toBe(0);

    // In French every sentence of the statement is French (the check finds the English ones first).
    expect(await englishLeft(page, ['accessibility.'])).not.toEqual([]);
    try {
      await openInFrench(page, page.url());
      await page.getByRole('heading', { level: 1, name: 'Déclaration d’accessibilité' }).waitFor();
      expect(await page.getByRole('main').getByRole('heading', { level: 2 }).allTextContents()).toEqual(['État de conformité', 'Comment nous testons', 'Limites connues', 'Retours et contact', 'Voies de recours']);
      expect(await englishLeft(page, ['accessibility.'])).toEqual([]);
      expect(await page.locator('main time').textContent()).toMatch(/\d{1,2} [a-zéû]+\.? \d{4}/);
    } finally {
      await backToEnglish(page);
    }
  });

  it('by keyboard alone: sign in, open the competition editor, a modal dialog keeps the focus and gives it back', async () => {
    const page = await browsers.open();
    // The header's "Sign in", then the identity provider's form, all by keyboard.
    await tabUntil(page, (f) => f.tag === 'BUTTON' && f.text === 'Sign in');
    await page.keyboard.press('Enter');
    // The e-mail field has the focus on arrival (autofocus).
    await page.locator('input[name=email]:focus').waitFor();
    await page.keyboard.type('organiser@demo.test');
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('heading', { level: 1 }).first().waitFor();

    await tabUntil(page, (f) => f.tag === 'A' && f.text === 'My competitions');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'My competitions' }).waitFor();
    await tabUntil(page, (f) => f.tag === 'A' && f.text === 'New competition');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'New competition' }).waitFor();
    await tabUntil(page, (f) => f.tag === 'INPUT' && f.inMain, 20);
    await page.keyboard.type('Keyboard Challenge');

    // "Publish" asks first in a modal dialog: the focus moves into it and cannot leave it by Tab.
    await tabUntil(page, (f) => f.tag === 'BUTTON' && f.text === 'Publish', 300);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect((await focused(page)).inDialog).toBe(true);
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      expect(f.inDialog || f.tag === 'BODY', `focus left the dialog for ${f.tag} “${f.text}”`).toBe(true);
    }
    // Escape closes it and the focus is back on the button that opened it.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focused(page)).toMatchObject({ tag: 'BUTTON', text: 'Publish', visible: true });
  });

  it('the API docs show Swagger UI in its own titled frame, a document with one main and an h1, and axe finds nothing', async () => {
    const page = await browsers.open();
    await page.goto(`${podium.url}/api-docs`);
    await page.getByRole('heading', { level: 1, name: 'API docs' }).waitFor();
    const frame = page.frameLocator('iframe[title="Podium API reference (Swagger UI)"]');
    await frame.locator('.swagger-ui .info .title').waitFor();
    await frame.locator('.opblock').first().waitFor();
    // Swagger's own landmarks and headings stay inside the frame's document.
    expect(await page.locator('main header, main .swagger-ui').count()).toBe(0);
    const inner = await frame.locator('html').evaluate((html) => ({
      lang: html.getAttribute('lang'),
      title: document.title,
      mains: document.querySelectorAll('main').length,
      h1: [...document.querySelectorAll('h1')].map((h) => h.textContent),
    }));
    expect(inner).toMatchObject({ lang: 'en', title: 'Podium API reference', mains: 1 });
    expect(inner.h1).toHaveLength(1);
    // Open an operation: a new state of the frame, analysed too.
    await frame.locator('.opblock-summary-control').first().click();
    await frame.locator('.opblock-body').first().waitFor();
    await checkAccessibility();
  });
});
