/**
 * Issue 14 §1, server side: every error code the API can send has a web message in every language
 * (the codes errors.ts declares, the handler's own, every field code), field codes are recognised
 * from the domain's sentences and from zod issues with their parameters, and the e-mail defaults
 * render in each language as valid templates of their kind.
 */
import { readdir, readFile } from 'node:fs/promises';
import fc from 'fast-check';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { zodToValidationFailed } from '../../functions/app/validation-errors.ts';
import { AutomaticCaptionsInput, PrizePlanInput, ProgrammeInput, RoundInput, SpendingInput } from '../../functions/app/schemas.ts';
import { FIELD_CODES, fieldCodeOf } from '../../functions/shared/field-codes.ts';
import { checkTemplate, defaultTemplate, fieldsUsed, htmlDocument, kindLabel, MESSAGE_FIELDS, MESSAGE_KINDS, render } from '../../functions/domain/messages.ts';
import { readCatalogue } from '../../functions/local/i18n-cli.ts';
import { LOCALES } from '../../functions/shared/i18n/locales.ts';
import { instantInZone, serverText } from '../../functions/shared/i18n/server.ts';
import { fieldProblemText } from '../../web/src/error-text.ts';
import { setLocale } from '../../web/src/i18n.ts';

const root = new URL('../../', import.meta.url);

describe('error codes have a message in every language', async () => {
  const source = (await readFile(new URL('functions/domain/errors.ts', root), 'utf8')) + (await readFile(new URL('functions/app/error-handler.ts', root), 'utf8'));
  const codes = [...new Set([...source.matchAll(/code = '([^']+)'|errorBody\(\s*'([^']+)'|'(VALIDATION_FAILED|BAD_REQUEST|INTERNAL)'/g)].map((m) => (m[1] ?? m[2] ?? m[3])!))];
  it('finds the declared codes', () => {
    expect(codes).toEqual(expect.arrayContaining(['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'DEADLINE_PASSED', 'INVALID_STATE', 'VERSION_CONFLICT', 'rate-limited', 'INTERNAL', 'BAD_REQUEST']));
  });
  // The codes the use cases and adapters raise themselves (RuleViolation, AlreadyExists), found in
  // the code: a new one fails here until every language says it. Id collisions (a create that
  // finds its id taken) are no person's doing and keep the server's sentence.
  const ID_COLLISIONS = ['COMPETITION_EXISTS', 'INVITATION_EXISTS', 'JOB_EXISTS', 'PROGRAMME_EXISTS'];
  const files = (await readdir(new URL('functions/', root), { recursive: true })).filter((f) => f.endsWith('.ts'));
  const raised = new Set<string>();
  for (const f of files) for (const m of (await readFile(new URL(`functions/${f}`, root), 'utf8')).matchAll(/new (?:RuleViolation|AlreadyExists)\('([A-Z_]+)'/g)) raised.add(m[1]!);
  it('finds the codes the use cases raise', () => {
    expect([...raised]).toEqual(expect.arrayContaining(['SUBMISSION_INCOMPLETE', 'CONSENT_REQUIRED', 'REVIEW_INCOMPLETE', 'ALREADY_REGISTERED', ...ID_COLLISIONS]));
  });
  for (const locale of LOCALES) {
    it(`${locale}: error.<CODE> for every code the use cases raise (but id collisions)`, async () => {
      const web = (await readCatalogue(locale)).web;
      expect([...raised].filter((c) => !ID_COLLISIONS.includes(c) && !web[`error.${c}`])).toEqual([]);
    });
    it(`${locale}: error.<CODE> for every code, fieldError.<CODE> for every field code`, async () => {
      const web = (await readCatalogue(locale)).web;
      expect(codes.filter((c) => !web[`error.${c}`])).toEqual([]);
      expect(FIELD_CODES.filter((c) => !web[`fieldError.${c}`])).toEqual([]);
      expect(web['error.NETWORK']).toBeTruthy();
    });
  }
});

describe('field codes', () => {
  it('are read from the domain’s sentences, with their numbers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 100_000 }), (n) => {
        expect(fieldCodeOf(`At most ${n} characters.`)).toEqual({ code: 'TOO_LONG', params: { max: n } });
        expect(fieldCodeOf(`At most ${n} characters (this has ${n + 1}).`)).toEqual({ code: 'TOO_LONG', params: { max: n } });
        expect(fieldCodeOf(`At least ${n} characters.`)).toEqual({ code: 'TOO_SHORT', params: { min: n } });
        expect(fieldCodeOf(`At most ${n} words.`)).toEqual({ code: 'TOO_MANY_WORDS', params: { max: n } });
        expect(fieldCodeOf(`Choose at most ${n} options.`)).toEqual({ code: 'TOO_MANY_ITEMS', params: { max: n } });
        expect(fieldCodeOf(`Must be from 1 to ${n}.`)).toEqual({ code: 'OUT_OF_RANGE', params: { min: 1, max: n } });
      }),
    );
    expect(fieldCodeOf('Required.')).toEqual({ code: 'REQUIRED' });
    expect(fieldCodeOf('Not an e-mail address.')).toEqual({ code: 'INVALID_EMAIL' });
    expect(fieldCodeOf('Not a valid date and time.')).toEqual({ code: 'INVALID_DATETIME' });
    expect(fieldCodeOf('locked')).toEqual({ code: 'LOCKED' });
    expect(fieldCodeOf('At most 300 kg.')).toEqual({ code: 'TOO_BIG', params: { max: '300 kg' } });
    expect(fieldCodeOf('Something only this rule says.')).toBeUndefined();
  });

  it('come from zod issues, whatever sentence the schema wrote', () => {
    const schema = z.object({ name: z.string().check(z.maxLength(5, 'Too long a name.')), n: z.number().check(z.minimum(3)), email: z.email(), kind: z.enum(['a', 'b']), items: z.array(z.string()).check(z.minLength(2)), need: z.string() });
    const r = schema.safeParse({ name: 'abcdefg', n: 1, email: 'nope', kind: 'c', items: [] });
    const e = zodToValidationFailed(r.error!, 'json');
    expect(e.fields!.name).toBe('Too long a name.');
    expect(e.fieldCodes).toEqual({
      name: { code: 'TOO_LONG', params: { max: 5 } },
      n: { code: 'TOO_SMALL', params: { min: 3 } },
      email: { code: 'INVALID_EMAIL' },
      kind: { code: 'INVALID_CHOICE', params: { options: 'a, b' } },
      items: { code: 'TOO_FEW_ITEMS', params: { min: 2 } },
      need: { code: 'REQUIRED' },
    });
  });
});

describe('the request schemas’ format sentences', async () => {
  // A pattern's sentence says what was expected ("Use a day like 2026-01-31."): where it is a date,
  // a moment, a currency or a language, its code says so too — not only "Not in the expected format"
  // — so French and German readers learn what to type. Ids, tokens and part tags are not typed by a
  // person (path parameters, the upload client's): a general code is enough for them.
  const MACHINE = new Set(['Not a valid id.', 'Not an S3 part ETag.', 'Not an invitation token.', 'Not an invitation id.']);
  const source = await readFile(new URL('functions/app/schemas.ts', root), 'utf8');
  const sentences = [...new Set([...source.matchAll(/z\.regex\((?:\/.+?\/|[A-Z_]+), '([^']+)'\)/g)].map((m) => m[1]!))];

  it('are found in the source (the scan works)', () => {
    expect(sentences).toEqual(expect.arrayContaining(['Use YYYY-MM-DD.', 'Not a valid id.', 'Use an ISO 4217 code such as EUR.']));
    expect(sentences.length).toBeGreaterThanOrEqual(10);
  });

  it('each has a code of its own, worded in every language', async () => {
    for (const s of sentences.filter((s) => !MACHINE.has(s))) {
      const p = fieldCodeOf(s);
      expect(p?.code, s).toBeDefined();
      expect(p!.code, s).not.toBe('INVALID_FORMAT');
      for (const locale of LOCALES) {
        await setLocale(locale, { remember: false });
        expect(fieldProblemText(p!), `${locale}: ${s}`).toBeTruthy();
      }
    }
    await setLocale('en', { remember: false });
  });

  it('reach the API’s field codes through the real schemas', () => {
    const codes = (schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } }, value: unknown) => {
      const r = schema.safeParse(value);
      expect(r.success).toBe(false);
      return zodToValidationFailed(r.error as Parameters<typeof zodToValidationFailed>[0], 'json').fieldCodes!;
    };
    expect(codes(RoundInput, { opensAt: '31/02/2031 09:00', closesAt: '2031-03-01T09:00' }).opensAt).toEqual({ code: 'INVALID_DATETIME' });
    expect(codes(SpendingInput, { label: 'Venue', category: 'events', amount: 100, date: '10/02/2027' }).date).toEqual({ code: 'INVALID_DATE' });
    expect(codes(ProgrammeInput, { name: 'P', partners: [], period: { start: '2027-01-01', end: '2027-12-31' }, currency: 'euro' }).currency).toEqual({ code: 'INVALID_CURRENCY' });
    expect(codes(PrizePlanInput, { currency: 'eur' })['currency']).toEqual({ code: 'INVALID_CURRENCY' });
    expect(codes(AutomaticCaptionsInput, { language: 'English' }).language).toEqual({ code: 'NOT_A_LANGUAGE' });
  });
});

describe('e-mails in every language', () => {
  for (const locale of LOCALES)
    it(`${locale}: every kind's default is a valid template using only its fields, and renders filled`, () => {
      for (const kind of MESSAGE_KINDS) {
        const t = defaultTemplate(kind, locale);
        expect(checkTemplate(kind, t), `${locale} ${kind}`).toEqual({});
        for (const f of [...fieldsUsed(t.subject), ...fieldsUsed(t.body)]) expect(MESSAGE_FIELDS[kind]).toContain(f);
        expect(fieldsUsed(t.body).length, `${locale} ${kind} body uses its link`).toBeGreaterThan(0);
        const out = render(t, Object.fromEntries(MESSAGE_FIELDS[kind].map((f) => [f, `<${f}>`])));
        expect(out.missing).toEqual([]);
        expect(out.text).not.toContain('{{');
        expect(out.html).toContain('&lt;link&gt;');
        expect(kindLabel(kind, locale)).not.toBe(`message.${kind}.label`);
      }
    });

  it('are written in their language: French and German differ from English, an unknown language falls back to English', () => {
    for (const kind of MESSAGE_KINDS.filter((k) => k !== 'results-published')) {
      expect(defaultTemplate(kind, 'fr').body).not.toBe(defaultTemplate(kind, 'en').body);
      expect(defaultTemplate(kind, 'de').body).not.toBe(defaultTemplate(kind, 'en').body);
    }
    expect(defaultTemplate('reviewer-invitation', 'en')).toEqual({
      subject: 'Invitation to review in {{competition}}',
      body: '{{inviter}} invites you to the round "{{round}}" of {{competition}}.\n\nAccept the invitation: {{link}}\n\nThe link expires on {{expires}}.',
    });
    expect(serverText('xx', 'outcome.thanks', { competition: 'C' })).toBe('The results of C are out. Thank you for taking part.');
    expect(htmlDocument('S', '<p>x</p>', 'de')).toMatch(/^<!doctype html><html lang="de">.*Gesendet von Podium/s);
  });

  it('write dates in the language and name the competition’s zone; English keeps its ISO-like form', () => {
    const at = '2027-01-10T16:00:00Z';
    expect(instantInZone(at, 'Europe/Brussels', 'en')).toBe('2027-01-10 17:00 (Europe/Brussels)');
    expect(instantInZone(at, 'Europe/Brussels', 'fr')).toMatch(/^10 janvier 2027( à)? 17:00 \(Europe\/Brussels\)$/);
    expect(instantInZone(at, 'Europe/Berlin', 'de')).toMatch(/^10\. Januar 2027( um)? 17:00 \(Europe\/Berlin\)$/);
  });
});
