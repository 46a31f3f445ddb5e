/**
 * Issue 14 §1, the server side of languages, through the API against dynalite and the real outbox
 * mailer: the account's language (PUT /api/me/settings, any signed-in user; GET /api/me returns
 * it, else the request's Accept-Language, recorded once), invitation e-mails in the language the
 * inviter chose or their own, notifications and e-mails of the results in each recipient's
 * language, per-language template overrides, and error bodies with codes per field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import { defaultTemplate } from '../../functions/domain/messages.ts';
import { openCompetition, people, startHarness, type Harness } from '../support/api-harness.ts';
import { decidedWorld, publish, samplePlan } from '../support/results-world.ts';

let h: Harness;
let errorsCid: string;
const who = (sub: string): Identity => ({ sub, email: `${sub}@lang.test`, name: `Person ${sub}`, groups: [] });
const stored = async (sub: string) => ((await h.allItems()) as Record<string, unknown>[]).find((i) => i.pk === `USER#${sub}` && i.sk === 'ACCOUNT');

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  errorsCid = (await openCompetition(h, { title: 'Errors' })).id;
});
afterAll(() => h.stop());

describe('the account language', () => {
  it('is saved by PUT /api/me/settings for any signed-in user, returned by GET /api/me; 401 without a token; an unknown language is refused with a code', async () => {
    for (const p of [people.organiser, people.sme1, who('u-l-any')]) {
      const put = await h.call('PUT', '/api/me/settings', p, { language: 'de' });
      expect(put.status, put.text).toBe(200);
      expect(put.json).toEqual({ language: 'de' });
      expect((await h.call('GET', '/api/me', p)).json.language).toBe('de');
      expect((await stored(p.sub))?.language).toBe('de');
    }
    expect((await h.call('PUT', '/api/me/settings', undefined, { language: 'fr' })).status).toBe(401);
    for (const language of ['xx', 'FR', '', 42]) {
      const bad = await h.call('PUT', '/api/me/settings', people.sme2, { language });
      expect(bad.status, String(language)).toBe(400);
      expect(bad.json.error.code).toBe('VALIDATION_FAILED');
      expect(bad.json.error.fields.language).toBeTruthy();
      expect(bad.json.error.fieldCodes.language.code).toMatch(/^(INVALID_CHOICE|TEXT_EXPECTED)$/);
    }
    const bad = await h.call('PUT', '/api/me/settings', people.sme2, { language: 'xx' });
    expect(bad.json.error.fieldCodes.language).toEqual({ code: 'INVALID_CHOICE', params: { options: 'en, de, fr' } });
    expect((await h.call('PUT', '/api/me/settings', people.sme2, { language: 'fr', extra: 1 })).status).toBe(400);
  });

  it('defaults from Accept-Language at the first sign-in, recorded once: a later header does not change it, a saved choice does', async () => {
    const p = who('u-l-accept');
    expect(await stored(p.sub)).toBeUndefined();
    const first = await h.call('GET', '/api/me', p, undefined, { 'accept-language': 'fr-BE, fr;q=0.9, en;q=0.5' });
    expect(first.json.language).toBe('fr');
    expect((await stored(p.sub))?.language).toBe('fr');
    expect((await h.call('GET', '/api/me', p, undefined, { 'accept-language': 'de' })).json.language).toBe('fr');
    await h.call('PUT', '/api/me/settings', p, { language: 'en' });
    expect((await h.call('GET', '/api/me', p, undefined, { 'accept-language': 'de' })).json.language).toBe('en');
    // No header, no saved language: English, recorded.
    const q = who('u-l-none');
    expect((await h.call('GET', '/api/me', q)).json.language).toBe('en');
  });

  it('keeps the account record’s creation when a language was saved first, and the language when the creation is recorded after', async () => {
    const p = who('u-l-order');
    await h.call('PUT', '/api/me/settings', p, { language: 'de' });
    const { recordAccountCreated } = await import('../../functions/use-cases/accounts.ts');
    expect((await recordAccountCreated(h.deps, p.sub, '2026-11-30T08:00:00Z')).written).toBe(true);
    expect(await stored(p.sub)).toMatchObject({ language: 'de', createdAt: '2026-11-30T08:00:00.000Z', source: 'created' });
    expect((await recordAccountCreated(h.deps, p.sub, '2026-12-01T08:00:00Z')).written).toBe(false);
  });
});

describe('e-mails in the recipient’s language', () => {
  it('an invitation goes out in the language the inviter chose, else in the inviter’s own; the stored choice is kept on resend', async () => {
    const cid = (await openCompetition(h, { title: 'Défi Vert' })).id;
    const round = await h.call('POST', `/api/competitions/${cid}/rounds`, people.organiser, { name: 'Jury', kind: 'jury', k: 1, maxLoad: 5, opensAt: '2026-12-02T09:00', closesAt: '2026-12-22T18:00', weight: 10 });
    expect(round.status, round.text).toBe(201);
    const invite = (body: object) => h.call('POST', `/api/competitions/${cid}/rounds/${round.json.id}/invitations`, people.organiser, body);
    const outbox = async () => (await h.call('GET', `/api/dev/outbox?competitionId=${cid}`, people.organiser)).json.items as { to: string; subject: string; text: string; html: string }[];

    expect((await invite({ emails: ['marie@fr.example'], language: 'fr' })).status).toBe(201);
    const fr = (await outbox()).find((m) => m.to === 'marie@fr.example')!;
    expect(fr.subject).toBe('Invitation à évaluer dans Défi Vert');
    expect(fr.text).toContain('vous invite au tour « Jury » de Défi Vert');
    expect(fr.text).toMatch(/Le lien expire le \d{1,2} \S+ 2026 (à )?\d{2}:\d{2} \(Europe\/Brussels\)\./);
    expect(fr.html).toContain('<html lang="fr">');
    expect(fr.html).toContain('Envoyé par Podium');

    // No language chosen: the inviter's own (the organiser saved German above).
    expect((await invite({ emails: ['hans@de.example'] })).status).toBe(201);
    const de = (await outbox()).find((m) => m.to === 'hans@de.example')!;
    expect(de.subject).toBe('Einladung zur Bewertung in Défi Vert');
    expect(de.text).toContain('lädt Sie zur Runde „Jury“ von Défi Vert ein.');

    await h.call('PUT', '/api/me/settings', people.organiser, { language: 'en' });
    expect((await invite({ emails: ['ann@en.example'] })).status).toBe(201);
    expect((await outbox()).find((m) => m.to === 'ann@en.example')!.subject).toBe('Invitation to review in Défi Vert');

    const list = (await h.call('GET', `/api/competitions/${cid}/invitations`, people.organiser)).json.items as { id: string; email: string }[];
    const marie = list.find((i) => i.email === 'marie@fr.example')!;
    const resent = await h.call('POST', `/api/competitions/${cid}/invitations/${marie.id}/resend`, people.organiser);
    expect(resent.status, resent.text).toBe(200);
    const again = (await outbox()).filter((m) => m.to === 'marie@fr.example');
    expect(again).toHaveLength(2);
    expect(again.every((m) => m.subject.startsWith('Invitation à évaluer'))).toBe(true);
  });

  it('an organiser’s own template replaces its language’s default only; the results go out and reach the inbox in each entrant’s language', async () => {
    const w = await decidedWorld(h, { n: 3, prefix: 'lg', title: 'Trilingual' });
    // Entrant 1 reads German, entrant 2 French, entrant 0 has no saved language (English).
    await h.call('PUT', '/api/me/settings', w.entrants[1]!, { language: 'de' });
    await h.call('PUT', '/api/me/settings', w.entrants[2]!, { language: 'fr' });
    const frTemplate = await h.call('PUT', `${w.base}/messages/results-published`, people.organiser, { subject: 'Résultats pour {{organisation}}', body: '{{outcome}}\n\n{{link}}', version: 0, language: 'fr' });
    expect(frTemplate.status, frTemplate.text).toBe(200);
    expect(frTemplate.json).toMatchObject({ language: 'fr', custom: true, version: 1 });
    const listed = async (language: string) => ((await h.call('GET', `${w.base}/messages?language=${language}`, people.organiser)).json.items as { kind: string; subject: string; custom: boolean; language: string }[]).find((t) => t.kind === 'results-published')!;
    expect(await listed('fr')).toMatchObject({ custom: true, subject: 'Résultats pour {{organisation}}', language: 'fr' });
    expect(await listed('de')).toMatchObject({ custom: false, subject: defaultTemplate('results-published', 'de').subject, language: 'de' });
    expect(await listed('en')).toMatchObject({ custom: false, subject: 'Results of {{competition}}' });

    expect((await publish(h, w)).status).toBe(202);
    const mails = (await h.call('GET', `/api/dev/outbox?competitionId=${w.cid}`, people.organiser)).json.items as { to: string; subject: string; text: string }[];
    const to = (i: number) => mails.find((m) => m.to === w.entrants[i]!.email)!;
    expect(to(0).subject).toBe('Results of Trilingual');
    expect(to(0).text).toContain('The results of Trilingual are out. Thank you for taking part.');
    expect(to(1).subject).toBe('Ergebnisse von Trilingual');
    expect(to(1).text).toContain('Die Ergebnisse von Trilingual sind veröffentlicht. Vielen Dank für Ihre Teilnahme.');
    expect(to(2).subject).toBe('Résultats pour Org lg2');
    expect(to(2).text).toContain('Les résultats de Trilingual sont publiés. Merci de votre participation.');

    // The in-app notification says the same, in German for the German reader.
    const inbox = (await h.call('GET', '/api/me/notifications', w.entrants[1]!)).json.items as { subject: string; body: string }[];
    expect(inbox[0]).toMatchObject({ subject: 'Ergebnisse von Trilingual', body: to(1).text });

    // Resetting the French one leaves the other languages as they were; the English default is untouched throughout.
    const reset = await h.call('POST', `${w.base}/messages/results-published/reset`, people.organiser, { version: 1, language: 'fr' });
    expect(reset.json).toMatchObject({ custom: false, language: 'fr', subject: defaultTemplate('results-published', 'fr').subject });
  });
});

describe('error bodies', () => {
  it('carry a code and parameters per field beside the English sentences', async () => {
    const cid = errorsCid;
    const r = await h.call('PUT', `/api/competitions/${cid}/messages/reviewer-invitation`, people.organiser, { subject: 'x'.repeat(201), body: 'Join {{link}}', version: 0 });
    expect(r.status).toBe(400);
    expect(r.json.error.fields.subject).toBe('At most 200 characters.');
    expect(r.json.error.fieldCodes.subject).toEqual({ code: 'TOO_LONG', params: { max: 200 } });
    const missing = await h.call('PUT', `/api/competitions/${cid}/messages/reviewer-invitation`, people.organiser, { body: 'Join {{link}}', version: 0 });
    expect(missing.json.error.fieldCodes.subject).toEqual({ code: 'REQUIRED' });
    // A domain rule's sentence (checkTemplate: blank) gets its code too.
    const blank = await h.call('PUT', `/api/competitions/${cid}/messages/reviewer-invitation`, people.organiser, { subject: '  ', body: 'Join {{link}}', version: 0 });
    expect(blank.json.error.fields.subject).toBe('Required.');
    expect(blank.json.error.fieldCodes.subject).toEqual({ code: 'REQUIRED' });
  });

  it('a prize plan’s own rules carry their codes, with amounts in minor units and the plan’s currency', async () => {
    const plan = { ...samplePlan, rankPrizes: [{ rank: 1, amount: 3_000_000, label: '1st prize' }, { rank: 2, amount: 5_000_000, label: '2nd prize' }], vouchers: { amount: 7_000_000, count: 2 } };
    const r = await h.call('PUT', `/api/competitions/${errorsCid}/prize-plan`, people.organiser, { plan, categoryPicks: [], version: 0 });
    expect(r.status, r.text).toBe(400);
    expect(r.json.error.fields['plan.rankPrizes.1.amount']).toBe('The prize for rank 2 (€50,000) is more than the prize for rank 1 (€30,000): a better rank must never get less.');
    expect(r.json.error.fieldCodes).toMatchObject({
      'plan.rankPrizes.1.amount': { code: 'RANK_ORDER', params: { rank: 2, amount: 5_000_000, better: 1, betterAmount: 3_000_000, currency: 'EUR' } },
      'plan.vouchers.amount': { code: 'OVER_CAP', params: { cap: 6_000_000, currency: 'EUR' } },
    });
  });

  it('an export’s column names are in the language of whoever asked for it; its cells stay data', async () => {
    const firstLine = (text: string) => text.replace(/^\uFEFF/, '').split(/\r?\n/)[0];
    const english = await h.exportFile(people.organiser, errorsCid, 'audit.csv');
    expect(firstLine(english.text)).toBe('At (UTC),Actor,Actor id,Action,Target,Before,After,Entry id');
    expect((await h.call('PUT', '/api/me/settings', people.organiser, { language: 'fr' })).status).toBe(200);
    try {
      const french = await h.exportFile(people.organiser, errorsCid, 'audit.csv');
      expect(firstLine(french.text)).toBe('Le (UTC),Auteur,Identifiant de l’auteur,Action,Cible,Avant,Après,Identifiant de l’entrée');
      // The rows are the same data: actions as codes, instants in UTC.
      expect(french.text.split(/\r?\n/).slice(1)).toEqual(english.text.split(/\r?\n/).slice(1));
      const submissions = await h.exportFile(people.organiser, errorsCid, 'submissions.csv');
      expect(firstLine(submissions.text)).toMatch(/^Identifiant de la candidature,Organisation,Pays,Titre,Statut,Résumé,/);
    } finally {
      expect((await h.call('PUT', '/api/me/settings', people.organiser, { language: 'en' })).status).toBe(200);
    }
  });
});
