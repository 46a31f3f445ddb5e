/**
 * A page seen in French: which English messages of some namespaces are still on screen. Every
 * English message of those namespaces without arguments (and that French words differently) is
 * looked for in the page's text, once the page's own content (titles, names typed by people) is
 * taken out — so a string left hard-coded in English, or a key missing in French, shows up.
 */
import type { Page } from 'playwright-core';
import en from '../../functions/shared/i18n/en.json';
import fr from '../../functions/shared/i18n/fr.json';

/** Sets the signed-in account's language (PUT /api/me/settings): it wins over the device's choice. */
export type SaveLanguage = (language: 'en' | 'fr') => Promise<unknown>;

/**
 * Switches to French — the account's saved language (`save`) and this device's choice, as the
 * language picker stores them — and opens `url`.
 */
export async function openInFrench(page: Page, url: string, save?: SaveLanguage): Promise<void> {
  await save?.('fr');
  await page.evaluate(() => localStorage.setItem('podium.locale', 'fr'));
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.lang === 'fr');
}

/** The English messages of `prefixes` still shown in `page` (empty when everything is in French). */
export async function englishLeft(page: Page, prefixes: string[], ignore: string[] = []): Promise<string[]> {
  return englishLeftIn(page, fr.web as Record<string, string>, prefixes, ignore);
}

/** The same check against another language's catalogue (its `web` section), e.g. German. */
export async function englishLeftIn(page: Page, catalogue: Record<string, string>, prefixes: string[], ignore: string[] = []): Promise<string[]> {
  let text = await page.locator('main').innerText();
  for (const s of ignore) text = text.split(s).join(' ');
  return Object.entries(en.web as Record<string, string>)
    .filter(([key, msg]) => prefixes.some((p) => key.startsWith(p)) && !/[{<]/.test(msg) && msg.length >= 6 && catalogue[key] !== msg)
    .filter(([, msg]) => new RegExp(`(^|[^\\p{L}])${msg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u').test(text))
    .map(([key, msg]) => `${key}: ${msg}`);
}

/** Back to English for the tests that follow in the same browser. */
export async function backToEnglish(page: Page, save?: SaveLanguage): Promise<void> {
  await save?.('en');
  await page.evaluate(() => localStorage.setItem('podium.locale', 'en'));
}
