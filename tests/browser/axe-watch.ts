/**
 * Accessibility, enforced (issue 14 §5): every browser the tests launch runs axe-core on every
 * distinct page state a journey reaches, without a call in each test.
 *
 * An init script in every page watches the DOM; once it settles (200 ms without a mutation, or
 * 1.5 s into a stream of them) after a navigation, a dialog opening or any other change, it reports
 * the page's *state signature* — path, headings, open dialogs and the set of element kinds present
 * (tag, role, type, expanded/invalid/selected) — through an exposed binding. Each signature not seen
 * before in this test file is analysed once with @axe-core/playwright, so the cost stays bounded
 * however long a journey runs. A result is kept only if the page is still in the analysed state
 * afterwards (a state that changed mid-analysis is analysed again when it settles).
 *
 * Violations fail the test that reached them (an afterEach registered by support.ts), listing rule
 * id, impact, target selector, page path and help URL; a browser's close() fails with any left.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';

/** WCAG 2.0 and 2.1, levels A and AA, plus axe's best practices (landmarks, headings, regions). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] as const;

/**
 * Rules switched off, each with its reason. Keep this list short: a rule is disabled only where it
 * cannot apply to Podium, never to hide a finding.
 */
export const AXE_DISABLED_RULES: Record<string, string> = {};

export interface AxeViolation {
  rule: string;
  impact: string;
  target: string;
  path: string;
  help: string;
  helpUrl: string;
}

const SETTLED_BINDING = '__podiumAxeSettled';

/**
 * Runs in every frame of every page before its own scripts: reports the top document's state once
 * it settles. A string, not a function, so that no transpiler helper leaks into the page.
 */
const WATCH_SCRIPT = `(() => {
  if (window.top !== window) {
    // A same-origin frame (the API docs' Swagger UI): its changes are the top page's changes.
    const poke = () => { try { window.top.__podiumAxeWatch && window.top.__podiumAxeWatch.poke(); } catch {} };
    new MutationObserver(poke).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    return;
  }
  if (window.__podiumAxeWatch) return;
  const text = (el) => ((el && el.textContent) || '').replace(/\\s+/g, ' ').trim().slice(0, 60);
  const signature = () => {
    // A text or JSON response the browser shows as a document is not one of the site's pages.
    if (document.contentType !== 'text/html') return undefined;
    const headings = [...document.querySelectorAll('h1, h2, h3')].map((h) => h.tagName + ':' + text(h));
    const dialogs = [...document.querySelectorAll('dialog[open], [role=dialog], [role=alertdialog]')].map(
      (d) => d.getAttribute('aria-label') || text(d.querySelector('h1, h2, h3')));
    const kinds = new Set();
    const docs = [document];
    for (const f of document.querySelectorAll('iframe')) { try { if (f.contentDocument) docs.push(f.contentDocument); } catch {} }
    for (const doc of docs)
    for (const el of doc.body ? doc.body.querySelectorAll('*') : []) {
      let k = el.tagName;
      const role = el.getAttribute('role');
      if (role) k += '@' + role;
      if (el.tagName === 'INPUT') k += ':' + (el.getAttribute('type') || 'text');
      for (const a of ['aria-expanded', 'aria-invalid', 'aria-selected', 'aria-pressed', 'aria-checked', 'open'])
        if (el.hasAttribute(a)) k += '[' + a + '=' + el.getAttribute(a) + ']';
      kinds.add(k);
    }
    return JSON.stringify([location.pathname + location.search, headings, dialogs, [...kinds].sort()]);
  };
  let timer, since = 0;
  const report = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    since = 0;
    if (document.readyState === 'loading' || !document.body) return;
    const notify = window['${SETTLED_BINDING}'];
    const sig = signature();
    if (notify && sig) notify(sig).catch(() => undefined);
  };
  const schedule = () => {
    const now = performance.now();
    if (!since) since = now;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(report, now - since > 1500 ? 0 : 200);
  };
  window.__podiumAxeWatch = { signature, flush: report, poke: () => schedule() };
  new MutationObserver(schedule).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  addEventListener('DOMContentLoaded', schedule);
  addEventListener('load', schedule);
})();`;

/** States already analysed in this test file (the module is loaded afresh per file). */
const analysed = new Set<string>();
/** Every live watch, for the afterEach in support.ts. */
const watches = new Set<AxeWatch>();

export class AxeWatch {
  private found: AxeViolation[] = [];
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(readonly context: BrowserContext) {}

  /** Installs the init script and the binding on the context: every page it opens is watched. */
  async install(): Promise<void> {
    await this.context.exposeBinding(SETTLED_BINDING, ({ page }, sig: string) => {
      if (page && !this.closed) this.enqueue(page, sig);
    });
    await this.context.addInitScript(WATCH_SCRIPT);
    watches.add(this);
  }

  private enqueue(page: Page, sig: string): void {
    if (analysed.has(sig) || !isWebPage(page)) return;
    analysed.add(sig);
    this.queue = this.queue.then(() => this.analyse(page, sig));
  }

  /**
   * Before a test acts on a page (see instrumentActions): analyses the state it is about to act on,
   * if new, and lets the action go on only then.
   */
  async capture(page: Page): Promise<void> {
    if (this.closed || page.isClosed() || !isWebPage(page)) return;
    const sig = await withTimeout(signatureOf(page), 2_000);
    if (!sig || analysed.has(sig)) return;
    analysed.add(sig);
    this.queue = this.queue.then(() => this.analyse(page, sig, false));
    // At most 2 s of delay per action, for journeys that race a clock or an upload: a longer
    // analysis goes on meanwhile (and is repeated later if the page navigates away under it).
    await withTimeout(this.queue, 2_000);
  }

  /** `settled`: reported by the page once quiet; dropped if the page has moved on meanwhile. */
  private async analyse(page: Page, sig: string, settled = true): Promise<void> {
    const current = () => signatureOf(page);
    try {
      if (this.closed || page.isClosed() || (settled && (await current()) !== sig)) {
        analysed.delete(sig);
        return;
      }
      let builder = new AxeBuilder({ page })
        // In-page axe.run (same-origin frames included): the default mode opens a blank page per run.
        .setLegacyMode(true)
        .withTags([...AXE_TAGS]);
      const disabled = Object.keys(AXE_DISABLED_RULES);
      if (disabled.length) builder = builder.disableRules(disabled);
      const results = await builder.analyze();
      if (settled && (await current()) !== sig) {
        analysed.delete(sig);
        return;
      }
      if (process.env.PODIUM_AXE_LOG) console.log(`axe: ${page.url()} ${results.violations.length} violation(s), ${results.passes.length} passed`);
      const path = new URL(page.url()).pathname;
      for (const v of results.violations)
        for (const node of v.nodes)
          this.found.push({ rule: v.id, impact: v.impact ?? 'unknown', target: node.target.map(String).join(' >>> '), path, help: v.help, helpUrl: v.helpUrl });
    } catch (e) {
      if (process.env.PODIUM_AXE_LOG) console.log(`axe: ${page.url()} not analysed: ${(e as Error).message.split('\n')[0]}`);
      // The page navigated or closed mid-analysis: its next state is reported when it settles.
      analysed.delete(sig);
    }
  }

  /** Reports every open page's current state now and waits until all analyses are done. */
  async settle(): Promise<void> {
    if (!this.closed)
      for (const page of this.context.pages())
        await page
          .evaluate(() => (window as unknown as { __podiumAxeWatch?: { flush(): void } }).__podiumAxeWatch?.flush())
          .catch(() => undefined);
    // A flush reports through the binding asynchronously: give it a moment to arrive, then drain.
    await new Promise((r) => setTimeout(r, 50));
    let q: Promise<void>;
    do {
      q = this.queue;
      await q;
    } while (q !== this.queue);
  }

  /** The violations found since the last call (each reported once). */
  take(): AxeViolation[] {
    const out = this.found;
    this.found = [];
    return out;
  }

  close(): void {
    this.closed = true;
    watches.delete(this);
  }
}

/** Only the site's pages: not the about:blank a new tab starts on. */
function isWebPage(page: Page): boolean {
  return /^https?:/.test(page.url());
}

function signatureOf(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (window as unknown as { __podiumAxeWatch?: { signature(): string } }).__podiumAxeWatch?.signature());
}

/** The promise's value, or undefined once `ms` have passed (or it failed): never holds a test up for long. */
async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: Parameters<typeof clearTimeout>[0];
  try {
    return await Promise.race([p.catch(() => undefined), new Promise<undefined>((r) => (timer = setTimeout(r, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

const byContext = new WeakMap<BrowserContext, AxeWatch>();

/** The user actions after which a page can be in a new state: the state they act on is analysed first. */
const FRAME_ACTIONS = ['goto', 'click', 'dblclick', 'tap', 'fill', 'selectOption', 'setInputFiles', 'type', 'press', 'check', 'uncheck', 'setChecked'];
const PAGE_ACTIONS = ['reload', 'goBack', 'goForward'];
const INPUT_ACTIONS = ['press', 'type', 'insertText', 'click', 'dblclick', 'tap'];

/**
 * Wraps playwright-core's Frame, Page, Keyboard, Mouse and Touchscreen actions (once per process)
 * so that each first analyses the page state it acts on: a journey's states are covered even when
 * they last less than the settle delay. (Locator actions go through their Frame.)
 */
function instrumentActions(page: Page): void {
  const wrap = (proto: Record<string, unknown>, names: string[], pageOf: (self: any) => Page | undefined) => {
    if (!proto || Object.prototype.hasOwnProperty.call(proto, '__podiumAxe')) return;
    Object.defineProperty(proto, '__podiumAxe', { value: true });
    for (const name of names) {
      const original = proto[name];
      if (typeof original !== 'function') continue;
      proto[name] = async function (this: unknown, ...args: unknown[]) {
        const p = pageOf(this);
        const watch = p && byContext.get(p.context());
        if (p && watch) await watch.capture(p);
        return original.apply(this, args);
      };
    }
  };
  wrap(Object.getPrototypeOf(page.mainFrame()), FRAME_ACTIONS, (f) => f.page());
  wrap(Object.getPrototypeOf(page), PAGE_ACTIONS, (p) => p);
  for (const input of [page.keyboard, page.mouse, page.touchscreen]) {
    wrap(Object.getPrototypeOf(input), INPUT_ACTIONS, (self) => inputOwners.get(self));
    inputOwners.set(input, page);
  }
}
const inputOwners = new WeakMap<object, Page>();

/** Starts watching a browser context (support.ts calls this for every browser the tests launch). */
export async function watchAccessibility(context: BrowserContext): Promise<AxeWatch> {
  const watch = new AxeWatch(context);
  byContext.set(context, watch);
  await watch.install();
  const seen = (page: Page) => instrumentActions(page);
  context.pages().forEach(seen);
  context.on('page', seen);
  return watch;
}

/** One readable line per violation, deduplicated. */
export function formatViolations(violations: readonly AxeViolation[]): string {
  const lines = new Set(violations.map((v) => `- ${v.rule} (${v.impact}) at ${v.path}: ${v.target} — ${v.help} ${v.helpUrl}`));
  return `axe found ${lines.size} accessibility violation(s):\n${[...lines].join('\n')}`;
}

/** Settles every live watch and throws with the violations found since the last check. */
export async function checkAccessibility(): Promise<void> {
  const found: AxeViolation[] = [];
  for (const w of [...watches]) {
    await w.settle();
    found.push(...w.take());
  }
  if (found.length) throw new Error(formatViolations(found));
}

/** How many distinct page states have been analysed in this test file. */
export function analysedStates(): number {
  return analysed.size;
}
