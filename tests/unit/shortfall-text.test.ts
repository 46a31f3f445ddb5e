/**
 * Why a submission could not get its reviews, in every language (web/src/shortfall-text.ts): in
 * English exactly the solver's sentence (domain/assignment.ts shortfallReason) for any facts,
 * and in French and German a sentence of their own with the same numbers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shortfallReason, type ShortfallFacts } from '../../functions/domain/assignment.ts';
import { setLocale } from '../../web/src/i18n.ts';
import { shortfallText } from '../../web/src/shortfall-text.ts';

const facts = fc
  .record({ cause: fc.constantFrom('no-reviewers' as const, 'conflicts' as const, 'capacity' as const), reviewers: fc.integer({ min: 0, max: 40 }), eligible: fc.integer({ min: 0, max: 40 }), conflicts: fc.integer({ min: 0, max: 40 }), others: fc.integer({ min: 1, max: 40 }), k: fc.integer({ min: 1, max: 6 }), maxLoad: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }) })
  .map(({ maxLoad, ...f }): ShortfallFacts => ({ ...f, ...(maxLoad === undefined ? {} : { maxLoad }) }));

describe('a shortfall’s reason', () => {
  it('reads in English as the solver says it, whatever the numbers', async () => {
    await setLocale('en', { remember: false });
    fc.assert(
      fc.property(facts, (f) => {
        expect(shortfallText({ reason: 'unused', facts: f })).toBe(shortfallReason(f));
      }),
      { numRuns: 500 },
    );
  });

  for (const locale of ['fr', 'de'] as const) {
    it(`${locale}: in its own words, with the numbers`, async () => {
      await setLocale('en', { remember: false });
      const samples = fc.sample(facts, 200);
      const english = samples.map((f) => shortfallText({ reason: '', facts: f }));
      await setLocale(locale, { remember: false });
      samples.forEach((f, i) => {
        const said = shortfallText({ reason: '', facts: f });
        expect(said).not.toBe(english[i]);
        if (f.cause === 'capacity' && f.others > 1) expect(said).toContain(String(f.others));
        if (f.cause === 'capacity' && f.maxLoad !== undefined) expect(said).toContain(String(f.maxLoad));
      });
    });
  }

  it('of a plan computed before it kept facts is the server’s sentence', () => {
    expect(shortfallText({ reason: 'all 3 other eligible reviewers are at their load cap of 4' })).toBe('all 3 other eligible reviewers are at their load cap of 4');
  });
});
