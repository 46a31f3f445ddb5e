/**
 * Browser-test plumbing: find the system Chromium, launch it headless with a throw-away profile,
 * and sign in through the local identity provider's login page.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterEach } from 'vitest';
import { checkAccessibility, formatViolations, watchAccessibility } from './axe-watch.ts';
import { PODIUM_RUNTIMES, type PodiumRuntime } from '../../functions/local/server.ts';

export const DEMO_PASSWORD = 'demo';

/** Screenshots go here (git-ignored). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../bench/tmp/screenshots/', import.meta.url));

/**
 * Where the platform under test runs its API: PODIUM_RUNTIME, as for `npm start` (the `browser-aws`
 * project sets `lambda`: the bundled functions behind the synthesized HTTP API).
 */
export function podiumRuntime(): PodiumRuntime {
  const runtime = process.env.PODIUM_RUNTIME || 'node';
  if (!(PODIUM_RUNTIMES as readonly string[]).includes(runtime)) throw new Error(`PODIUM_RUNTIME must be one of ${PODIUM_RUNTIMES.join(', ')}.`);
  return runtime as PodiumRuntime;
}

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error('Chromium not found. Install it with: apt-get install -y chromium (or set CHROMIUM_PATH)');
  return path;
}

// Accessibility, enforced (axe-watch.ts): a test fails with the axe violations of the page states it reached.
// Only under vitest: the upload benchmark (bench/upload-browser.ts) drives the browser with these helpers too.
if (process.env.VITEST) afterEach(checkAccessibility);

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** One Chromium with its own profile: cookies and storage are not shared with other launches. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  const profile = await mkdtemp(join(tmpdir(), 'podium-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  context.setDefaultTimeout(15_000);
  const axe = await watchAccessibility(context);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    /** Closes the browser; fails with any axe violation not yet reported by a test. */
    async close() {
      await axe.settle().catch(() => undefined);
      axe.close();
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
      const left = axe.take();
      if (left.length) throw new Error(formatViolations(left));
    },
  };
}

/**
 * Starts sign-in (by default with the header's "Sign in" button) and completes the local identity
 * provider's form; resolves once the app is back and signed in.
 */
export async function signIn(page: Page, email: string, start?: Locator): Promise<void> {
  await (start ?? page.getByRole('banner').getByRole('button', { name: 'Sign in' })).click();
  const signedIn = page.getByRole('button', { name: 'Sign out' });
  const form = page.locator('input[name=email]');
  // With a live session at the identity provider there is no form: it sends us straight back.
  await form.or(signedIn).first().waitFor();
  if (await form.isVisible()) {
    await form.fill(email);
    await page.locator('input[name=password]').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await signedIn.waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** A wall-clock "YYYY-MM-DDTHH:mm" in UTC, `hours` from now (for datetime-local inputs). */
export function utcWallClock(hoursFromNow: number): string {
  return new Date(Date.now() + hoursFromNow * 3_600_000).toISOString().slice(0, 16);
}
