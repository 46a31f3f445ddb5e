/**
 * Error messages name fields as the forms label them and report every problem at once; country
 * codes are the officially assigned ISO 3166-1 alpha-2 codes.
 */
import { describe, expect, it } from 'vitest';
import { CompetitionInput, PrizePlanUpdate, RegistrationInput, RoundInput } from '../../functions/app/schemas.ts';
import { zodToValidationFailed } from '../../functions/app/validation-errors.ts';
import { COUNTRY_CODES, countryCodeProblem, isCountryCode } from '../../functions/domain/countries.ts';
import { labelFor, problemsMessage } from '../../functions/domain/field-labels.ts';

const registrationInput = (o: Record<string, unknown> = {}) => ({
  organisationName: 'Cargo Bikes BV',
  country: 'BE',
  registryId: 'BE0123456789',
  smeDeclaration: true,
  team: [{ name: 'Sam', email: 'sam@cargobikes.test' }],
  ...o,
});
const competitionInput = (o: Record<string, unknown> = {}) => ({
  title: 'T',
  kind: 'idea',
  schedule: {
    timeZone: 'Europe/Brussels',
    submissionsOpen: '2026-11-30T09:00',
    submissionsClose: '2027-01-15T17:00',
    evaluationStart: '2027-01-16T09:00',
    evaluationEnd: '2027-02-15T17:00',
    resultsDate: '2027-03-01T12:00',
  },
  rubric: [{ name: 'Innovation' }],
  ...o,
});

function failure(schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, value: unknown, where = 'json') {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('expected a validation failure');
  return zodToValidationFailed(r.error as never, where);
}

describe('field labels', () => {
  it.each([
    ['organisationName', 'Organisation name'],
    ['team.0.email', 'Team member 1 e-mail'],
    ['team.9.name', 'Team member 10 name'],
    ['rubric.1.name', 'Criterion 2 name'],
    ['rubric.0.scale.max', 'Criterion 1 scale max'],
    ['questions.2.label', 'Question 3'],
    ['eligibility.countries.0', 'Eligible country 1'],
    ['schedule.submissionsClose', 'Submissions close'],
    ['plan.rankPrizes.1.amount', '2nd place amount'],
    ['plan.categories.0.name', 'Category 1 name'],
    ['plan.lumpSum.topN', 'Lump sum: for the top'],
    ['weight', 'Weight in the final score'],
    ['scores.c-1', 'Score for criterion "c-1"'],
    ['cursor', 'Page link'],
  ])('%s is "%s"', (path, label) => {
    expect(labelFor(path)).toBe(label);
  });

  it('spells out a path it has no label for', () => {
    expect(labelFor('schedule.fooBar.2')).toBe('Schedule › foo bar 3');
  });

  it('names one problem, or counts and lists them all', () => {
    expect(problemsMessage({})).toBe('The request is not valid.');
    expect(problemsMessage({ organisationName: 'Required.' })).toBe('Organisation name — required.');
    expect(problemsMessage({ organisationName: 'Required.', country: 'Not a country code; use the two-letter ISO code, e.g. BE.', 'team.0.email': 'Not an e-mail address.' })).toBe(
      '3 fields need attention: Organisation name — required; Country — not a country code, use the two-letter ISO code, e.g. BE; Team member 1 e-mail — not an e-mail address.',
    );
    // Capitals that mean something stay.
    expect(problemsMessage({ smeDeclaration: 'SMEs only.' })).toBe('SME declaration — SMEs only.');
  });
});

describe('zod failures', () => {
  it('report every problem of a registration at once, by label, with fields keyed by path', () => {
    const e = failure(RegistrationInput, registrationInput({ organisationName: '', country: 'XX', team: [{ name: 'A', email: 'nope' }], smeDeclaration: undefined }));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.fields).toEqual({
      organisationName: 'Required.',
      country: 'Not a country code; use the two-letter ISO code, e.g. BE.',
      smeDeclaration: 'Required.',
      'team.0.email': 'Not an e-mail address.',
    });
    expect(e.message).toBe(
      '4 fields need attention: Organisation name — required; Country — not a country code, use the two-letter ISO code, e.g. BE; SME declaration — required; Team member 1 e-mail — not an e-mail address.',
    );
  });

  it("say what zod's defaults say, in words (Required., Enter a number., Choose one of …)", () => {
    const e = failure(CompetitionInput, { ...competitionInput({ kind: 'lottery', rubric: [{ name: 'A', weight: 'heavy' }] }), title: undefined });
    expect(e.fields).toMatchObject({ title: 'Required.', kind: 'Choose one of: idea, hackathon, pitch.', 'rubric.0.weight': 'Enter a number.' });
    expect(e.message).toMatch(/^3 fields need attention: Title — required; Kind — choose one of: idea, hackathon, pitch; Criterion 1 weight — enter a number\.$/);
    expect(failure(RoundInput, { name: 'R', kind: 'jury', k: 1.5, maxLoad: 0, opensAt: '2026-12-01T09:00', closesAt: '2026-12-20T18:00', weight: 1 }).fields).toEqual({
      k: 'Enter a whole number.',
      maxLoad: 'At least 1.',
    });
    expect(failure(CompetitionInput, [], 'json').fields).toEqual({ json: 'Enter an object.' });
  });

  it('bound every number to what it means and to what DynamoDB stores', () => {
    expect(failure(CompetitionInput, competitionInput({ rubric: [{ name: 'A', weight: 1e-200 }] })).fields).toEqual({ 'rubric.0.weight': 'Must be from 0.01 to 100.' });
    expect(failure(RoundInput, { name: 'R', kind: 'jury', k: 1, maxLoad: 2, opensAt: '2026-12-01T09:00', closesAt: '2026-12-20T18:00', weight: 0 }).fields).toEqual({ weight: 'Must be from 0.01 to 100.' });
    const plan = { currency: 'EUR', totalBudget: 1e300, minSmeShare: 1e-200, perThirdPartyCap: 12.5, rankPrizes: [{ rank: 1e6, amount: 1, label: 'x' }] };
    expect(failure(PrizePlanUpdate, { plan, version: 2 ** 53 }).fields).toEqual({
      'plan.totalBudget': 'Too large: at most one billion.',
      'plan.perThirdPartyCap': 'Use whole cents (an integer amount in minor units).',
      'plan.rankPrizes.0.rank': 'At most 100.',
      version: 'At most 1000000000.',
    });
    // Shares are kept in steps of 0.01 %: a share of 1e-200 (which DynamoDB cannot store) is 0.
    const fine = { ...plan, totalBudget: 1, perThirdPartyCap: 1, rankPrizes: [] };
    expect(PrizePlanUpdate.parse({ plan: fine, version: 0 }).plan.minSmeShare).toBe(0);
    expect(PrizePlanUpdate.parse({ plan: { ...fine, minSmeShare: 57.7 / 100 }, version: 0 }).plan.minSmeShare).toBe(0.577);
    expect(failure(PrizePlanUpdate, { plan: { ...fine, minSmeShare: 0.12345 }, version: 0 }).fields).toEqual({ 'plan.minSmeShare': 'Enter a share in steps of 0.01 %, e.g. 75.25 %.' });
  });
});

describe('country codes', () => {
  it('are the 249 officially assigned ISO 3166-1 alpha-2 codes', () => {
    expect(COUNTRY_CODES.size).toBe(249);
    // Every one is a region CLDR knows by name (Node's Intl data), so none is a typo.
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    for (const code of COUNTRY_CODES) expect(names.of(code), code).not.toBe(code);
    for (const code of ['BE', 'DE', 'GB', 'GR', 'AX', 'SS', 'CW']) expect(isCountryCode(code), code).toBe(true);
    for (const code of ['XX', 'UK', 'EL', 'EU', 'XK', 'ZZ', 'be', 'B', 'BEL']) expect(isCountryCode(code), code).toBe(false);
  });

  it('name the code people meant when they type a common look-alike', () => {
    expect(countryCodeProblem('UK')).toBe('Not a country code; use GB for the United Kingdom.');
    expect(countryCodeProblem('EL')).toBe('Not a country code; use GR for Greece.');
    expect(countryCodeProblem('XX')).toBe('Not a country code; use the two-letter ISO code, e.g. BE.');
  });
});
