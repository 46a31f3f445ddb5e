/**
 * The axe hook itself (axe-watch.ts, wired into every browser by support.ts): a tiny static site
 * with known violations must be reported — on load, after a dialog opens, and at close() — while a
 * clean page passes and a state already seen is not analysed twice.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysedStates, checkAccessibility } from './axe-watch.ts';
import { launchBrowser, type Browser } from './support.ts';

const shell = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Axe hook</title></head><body>${body}</body></html>`;

const PAGES: Record<string, string> = {
  // An image without a text alternative: WCAG 1.1.1 (rule image-alt).
  '/bad': shell('<main><h1>Bad</h1><img src="/pixel.gif"></main>'),
  '/good': shell(
    `<header><p>Site</p></header><main><h1>Good</h1><p>All fine.</p>
     <button type="button" id="open">Open dialog</button></main>
     <script>
       document.getElementById('open').addEventListener('click', () => {
         const d = document.createElement('div');
         d.setAttribute('role', 'dialog');
         d.setAttribute('aria-label', 'Broken form');
         d.innerHTML = '<input type="text">'; // no label: WCAG 4.1.2 (rule label)
         document.querySelector('main').append(d);
       });
     </script>`,
  ),
  // The same violation inside a same-origin frame (as the API docs' Swagger UI frame).
  '/framed': shell(
    `<main><h1>Framed</h1><iframe title="Inner" srcdoc="<!doctype html><html lang='en'><head><title>Inner</title></head><body><main><h1>Inner</h1><img src='/pixel.gif'></main></body></html>"></iframe></main>`,
  ),
  '/pixel.gif': 'GIF89a',
};

let server: Server;
let base: string;
let browser: Browser | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = PAGES[path];
    res.writeHead(body ? 200 : 404, { 'content-type': path === '/pixel.gif' ? 'image/gif' : 'text/html' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await new Promise((r) => server.close(r));
});

describe('the axe hook in every launched browser', () => {
  it('reports a known violation with its rule, impact, target, path and help URL', async () => {
    browser = await launchBrowser();
    await browser.page.goto(base + '/bad');
    const error = await checkAccessibility().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/image-alt \(critical\) at \/bad: img — .+ https:\/\/dequeuniversity\.com\/rules\/axe\/[\d.]+\/image-alt/);
    // Reported once: the next check has nothing new.
    await expect(checkAccessibility()).resolves.toBeUndefined();
  });

  it('passes a clean page, analyses a state once, and analyses a dialog that opens', async () => {
    browser ??= await launchBrowser();
    const { page } = browser;
    await page.goto(base + '/good');
    await expect(checkAccessibility()).resolves.toBeUndefined();
    const seen = analysedStates();
    await page.goto(base + '/bad');
    await page.goto(base + '/good');
    await checkAccessibility().catch(() => undefined);
    expect(analysedStates()).toBe(seen); // both states were analysed before

    await page.getByRole('button', { name: 'Open dialog' }).click();
    await expect(checkAccessibility()).rejects.toThrow(/label \(critical\) at \/good: input/);
    expect(analysedStates()).toBe(seen + 1);
  });

  it('analyses what a same-origin frame shows', async () => {
    browser ??= await launchBrowser();
    await browser.page.goto(base + '/framed');
    await browser.page.frameLocator('iframe').locator('img').waitFor();
    await expect(checkAccessibility()).rejects.toThrow(/image-alt \(critical\) at \/framed: iframe >>> img/);
  });

  it('fails close() with violations no test has reported yet', async () => {
    const other = await launchBrowser();
    await other.page.goto(base + '/bad?again');
    await expect(other.close()).rejects.toThrow(/^axe found 1 accessibility violation\(s\):\n- image-alt \(critical\) at \/bad: img/);
  });
});
