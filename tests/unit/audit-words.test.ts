/**
 * The audit page (web/src/pages/audit.tsx ACTION_WORDS) words every action the use cases record:
 * each `action: '…'` literal (and both arms of `action: x ? '…' : '…'`) of the audit entries under
 * functions/use-cases has its message key, and that key is a sentence in the English catalogue
 * naming its `{actor}` (i18n-catalogues.test.ts then holds every language to English's arguments),
 * so no organiser reads a raw `expo.team.absent`, in any language.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The action names the use cases write into audit entries. */
function recordedActions(): Map<string, string> {
  const dir = join(ROOT, 'functions/use-cases');
  const found = new Map<string, string>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    const text = readFileSync(join(dir, name), 'utf8');
    for (const m of text.matchAll(/\baction:\s*([^,\n}]+)/g))
      for (const s of m[1]!.matchAll(/'([a-z-]+\.[a-z.-]+)'/g)) if (!found.has(s[1]!)) found.set(s[1]!, name);
  }
  return found;
}

/** ACTION_WORDS (action → message key), read from the page's source (the page itself needs a browser). */
function wordedActions(): Map<string, string> {
  const text = readFileSync(join(ROOT, 'web/src/pages/audit.tsx'), 'utf8');
  const block = text.slice(text.indexOf('export const ACTION_WORDS'), text.indexOf('};', text.indexOf('export const ACTION_WORDS')));
  return new Map([...block.matchAll(/^\s*'([^']+)':\s*'([^']+)',/gm)].map((m) => [m[1]!, m[2]!]));
}

const english = (JSON.parse(readFileSync(join(ROOT, 'functions/shared/i18n/en.json'), 'utf8')) as { web: Record<string, string> }).web;

describe('audit wording', () => {
  it('finds the expo and audience-vote actions among those recorded', () => {
    const actions = recordedActions();
    for (const a of ['expo.tables.updated', 'expo.tables.numbered', 'expo.team.absent', 'expo.team.present', 'audience-vote.configured', 'audience-vote.ballot-voided', 'audience-vote.ballot-restored'])
      expect(actions.has(a), a).toBe(true);
  });

  it('has a message key for every action a use case records', () => {
    const worded = wordedActions();
    const missing = [...recordedActions()].filter(([a]) => !worded.has(a)).map(([a, file]) => `${a} (${file})`);
    expect(missing).toEqual([]);
  });

  it('maps each action to a sentence of the catalogue that names its actor', () => {
    const worded = wordedActions();
    expect(worded.size).toBeGreaterThan(50);
    const broken = [...worded].filter(([, key]) => !english[key]?.includes('{actor}')).map(([a, key]) => `${a} → ${key}`);
    expect(broken).toEqual([]);
  });
});
