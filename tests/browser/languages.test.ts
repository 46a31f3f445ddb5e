/**
 * Issue 14 §1 in Chromium: picking Français in the header switches the page and the header at
 * once and a reload keeps it (this device's choice); signed in, the choice is saved with the
 * account — another browser profile signing in as the same person opens in that language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, mintTokens, startLocalPodium, stopLocalPodium } from './api-setup.ts';

describe('languages: the header picker, remembered on the device and with the account', () => {
  let podium: RunningPodium;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => podium.url, tokens);
  const browsers = new Browsers(() => podium.url);

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-lang-'));
    Object.assign(tokens, await mintTokens(podium, dataDir, ['sme2@demo.test', 'organiser@demo.test']));
  });
  afterAll(() => stopLocalPodium(podium, dataDir, browsers));

  const picker = (page: Page) => page.getByRole('combobox', { name: /^(Language|Langue|Sprache)$/ });
  const nav = (page: Page) => page.getByRole('navigation').first();
  const langIs = (page: Page, l: string) => page.waitForFunction((x) => document.documentElement.lang === x, l);

  it('signed out: Français switches the page and the header, and a reload keeps it', async () => {
    const page = await browsers.open();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(() => nav(page).innerText()).toContain('Competitions');
    await picker(page).selectOption('fr');
    await langIs(page, 'fr');
    await expect.poll(() => nav(page).innerText()).toContain('Concours');
    expect(await nav(page).innerText()).not.toContain('Competitions');
    expect(await page.getByRole('button', { name: 'Se connecter' }).count()).toBeGreaterThan(0);
    expect(await picker(page).inputValue()).toBe('fr');
    await page.reload();
    await langIs(page, 'fr');
    await expect.poll(() => nav(page).innerText()).toContain('Concours');
    expect(await picker(page).inputValue()).toBe('fr');
  });

  it('signed in: the choice is saved with the account and a new browser profile opens in it', async () => {
    const page = await browsers.open('sme2@demo.test');
    await langIs(page, 'en');
    await picker(page).selectOption('de');
    await langIs(page, 'de');
    await expect.poll(() => nav(page).innerText()).toContain('Wettbewerbe');
    // Saved with the account (the API says so), not only on this device.
    await expect.poll(async () => meLanguage()).toBe('de');

    const other = await browsers.open('sme2@demo.test'); // a fresh profile: nothing on this device
    await langIs(other, 'de');
    await expect.poll(() => nav(other).innerText()).toContain('Wettbewerbe');
    expect(await picker(other).inputValue()).toBe('de');
    await call('PUT', '/api/me/settings', 'sme2', { language: 'en' });
  });

  it('in French, the API’s field errors are said in French (codes from the server), next to the form’s labels', async () => {
    await call('PUT', '/api/me/settings', 'organiser', { language: 'fr' });
    const page = await browsers.open('organiser@demo.test');
    await langIs(page, 'fr');
    await page.goto(`${podium.url}/competitions/new`);
    await langIs(page, 'fr');
    await page.getByRole('button', { name: /^(Save draft|Enregistrer le brouillon)$/ }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Veuillez corriger les points suivants' });
    await summary.waitFor();
    const items = await summary.getByRole('link').allTextContents();
    expect(items.length, JSON.stringify(items)).toBeGreaterThan(2);
    expect(items.some((i) => / : Obligatoire\.$/.test(i))).toBe(true);
    expect(items.filter((i) => /Required\./.test(i))).toEqual([]);
    expect(await summary.innerText()).not.toContain('Please fix the following');
    await call('PUT', '/api/me/settings', 'organiser', { language: 'en' });
  });

  async function meLanguage(): Promise<string | undefined> {
    const res = await fetch(`${podium.url}/api/me`, { headers: { authorization: `Bearer ${tokens.sme2}` } });
    return ((await res.json()) as { language?: string }).language;
  }
});
