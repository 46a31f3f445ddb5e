/**
 * Every step a background job writes (`ctx.progress(done, total, 'Step')`, an export's
 * `step: '…'`, the announcements' and reminders' steps) has its message in web/src/job-steps.ts,
 * so the progress bars speak the reader's language: the server's code is read for the step texts,
 * and a new step without a translation fails here. Each mapped step has a message in every language.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REMINDER_RULES } from '../../functions/domain/reminders.ts';
import de from '../../functions/shared/i18n/de.json';
import en from '../../functions/shared/i18n/en.json';
import fr from '../../functions/shared/i18n/fr.json';
import { JOB_STEPS, jobStepText } from '../../web/src/job-steps.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

const LITERAL = String.raw`(?:'([^'\n]+)'|"([^"\n]+)")`;
/** `progress(a, b, 'Step')`, `onProgress?.(a, b, 'Step')`, `options.progress?.(a, b, 'Step')`. */
const PROGRESS_CALL = new RegExp(String.raw`[pP]rogress\??\.?\(\s*[^,()]+(?:\([^()]*\))?\s*,\s*[^,()]+(?:\([^()]*\))?\s*,\s*${LITERAL}\s*\)`, 'g');
/** An export's `step: 'Writing …'` and the branches of `const step = … ? 'A' : 'B'`. */
const STEP_FIELD = new RegExp(String.raw`\bstep:\s*${LITERAL}`, 'g');
const STEP_CONST = /const step = ([^;\n]+);/g;

function stepsInCode(): Set<string> {
  const found = new Set<string>();
  for (const file of sources('functions')) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(PROGRESS_CALL)) found.add((m[1] ?? m[2])!);
    for (const m of text.matchAll(STEP_FIELD)) found.add((m[1] ?? m[2])!);
    for (const m of text.matchAll(STEP_CONST)) for (const lit of m[1]!.matchAll(new RegExp(String.raw`(?:^|[?:]\s*)${LITERAL}`, 'g'))) found.add((lit[1] ?? lit[2])!);
  }
  // The reminders' step is built from the rule's label (functions/use-cases/reminders.ts).
  for (const found_ of [...found]) if (found_.includes('${')) found.delete(found_);
  for (const rule of Object.values(REMINDER_RULES)) found.add(`Sending reminders (${rule.label.toLowerCase()})`);
  return found;
}

describe('job steps in the reader’s language', () => {
  it('finds the steps the server writes (the scan itself works)', () => {
    const steps = stepsInCode();
    expect(steps).toContain('Writing the ranking');
    expect(steps).toContain('Saving the assignments');
    expect(steps).toContain('Announcing the results');
    expect(steps.size).toBeGreaterThanOrEqual(25);
  });

  it('maps every step the server writes to a message', () => {
    const missing = [...stepsInCode()].filter((s) => !Object.hasOwn(JOB_STEPS, s) && !/^(notice|erase)$/.test(s));
    expect(missing).toEqual([]);
  });

  it('has each mapped step in every language, the English exactly the server’s', () => {
    for (const [english, key] of Object.entries(JOB_STEPS)) {
      expect((en.web as Record<string, string>)[key]).toBe(english);
      expect((fr.web as Record<string, string>)[key]).toBeTruthy();
      expect((de.web as Record<string, string>)[key]).toBeTruthy();
    }
  });

  it('shows an unknown step as it came', () => {
    expect(jobStepText('Polishing the widgets')).toBe('Polishing the widgets');
    expect(jobStepText('toString')).toBe('toString');
    expect(jobStepText('Writing the ranking')).toBe('Writing the ranking');
  });
});
