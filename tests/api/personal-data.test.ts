/**
 * GDPR through the API against dynalite and s3rver (issue 14 §2; use-cases/personal-data.ts):
 * consent at registration, a person's download (theirs and nobody else's), erasure that
 * pseudonymises every item holding their values — registration, submission, reviews others wrote
 * about them, team membership, the outbox, the audit trail — while the results package sealed at
 * publication still verifies; awarded organisations' data kept and said so; organisers see it.
 */
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../functions/domain/audit.ts';
import type { Identity } from '../../functions/domain/identity.ts';
import { PRIVACY_NOTICE } from '../../functions/domain/privacy.ts';
import { answerFileKey } from '../../functions/domain/answer-file.ts';
import { verifyResultsPackage, type ResultsPackage } from '../../functions/use-cases/results-package.ts';
import { personalDataJob, PERSONAL_DATA_JOB } from '../../functions/use-cases/personal-data.ts';
import { CONTINUE_LATER, type JobContext } from '../../functions/use-cases/jobs.ts';
import type { Job } from '../../functions/domain/job.ts';
import { openCompetition, people, registrationInput, startHarness, type Harness } from '../support/api-harness.ts';
import { decidedWorld, jury, publish, type World } from '../support/results-world.ts';

let h: Harness;
let w: World;
let pkg: ResultsPackage;
const mate: Identity = { sub: 'u-pd-mate', email: 'mate@team-pd.eu', name: 'Mathilde Matewright', groups: [] };
const CAPTION_KEY = 'captions/pd/pitch-pd1.fr.vtt';
const CAPTION_TEXT = 'WEBVTT\n\n00:00.000 --> 00:04.000\nBonjour, je suis la fondatrice de Org pd1.\n';
const DECK = '%PDF-1.7\n% the deck of Org pd1\n%%EOF\n';
const KEYS = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk']);

/** Every item's attributes but its keys, as text (keys may hold ids, never values people see). */
async function storedText() {
  return (await h.allItems()).map((i) => JSON.stringify(Object.fromEntries(Object.entries(i).filter(([k]) => !KEYS.has(k)))));
}

async function auditTrail(cid: string): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let cursor = '';
  do {
    const page = await h.call('GET', `/api/competitions/${cid}/audit?limit=100${cursor ? `&cursor=${cursor}` : ''}`, people.organiser);
    out.push(...page.json.items);
    cursor = page.json.nextCursor ?? '';
  } while (cursor);
  return out;
}

/** The caller's newest personal-data job, after the jobs settled. */
async function newestJob(who: Identity) {
  await h.jobsSettled();
  const r = await h.call('GET', '/api/me/data/jobs', who);
  expect(r.status, r.text).toBe(200);
  return r.json.items[0];
}

/** The files of a zip (stored or deflated entries), read from its central directory. */
function unzip(bytes: Uint8Array): Map<string, string> {
  const b = Buffer.from(bytes);
  const end = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = b.readUInt16LE(end + 10);
  let at = b.readUInt32LE(end + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const method = b.readUInt16LE(at + 10);
    const size = b.readUInt32LE(at + 20);
    const nameLength = b.readUInt16LE(at + 28);
    const extra = b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
    const offset = b.readUInt32LE(at + 42);
    const name = b.toString('utf8', at + 46, at + 46 + nameLength);
    const local = offset + 30 + b.readUInt16LE(offset + 26) + b.readUInt16LE(offset + 28);
    const data = b.subarray(local, local + size);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at += 46 + nameLength + extra;
  }
  return files;
}

beforeAll(async () => {
  h = await startHarness();
  // Prepare: four entrants who submitted, a jury member who reviewed each, e0 awarded the 1st prize.
  w = await decidedWorld(h, { n: 4, title: 'Privacy world', prefix: 'pd' });
  const e1 = w.entrants[1]!;
  // e1's team has a member with an account of their own.
  const invited = await h.call('POST', `${w.base}/team/invitations`, e1, { email: mate.email, role: 'viewer' });
  expect(invited.status, invited.text).toBe(201);
  expect((await h.call('POST', `/api/team-invitations/${w.cid}/${String(invited.json.link).split('/').pop()}/accept`, mate)).status).toBe(200);
  // A text an organiser wrote about e1 (the audit trail records it with e1's name).
  await h.deps.audit.append({ competitionId: w.cid, at: '2027-03-02T10:00:00.000Z', actor: { sub: people.organiser.sub, email: people.organiser.email }, action: 'note', target: `entrant:${e1.sub}`, after: { note: `Called ${e1.name} (${e1.email}) about the invoice` } });
  // e1's pitch has French captions (their words): stored as an upload would leave them.
  await h.deps.videos.put(CAPTION_KEY, new TextEncoder().encode(CAPTION_TEXT), 'text/vtt; charset=utf-8');
  await h.deps.pitches.putCaption({ competitionId: w.cid, submissionId: w.subs[1]!, language: 'fr', label: 'Français', fileName: 'pitch-org-pd1.fr.vtt', source: 'vtt', origin: 'uploaded', objectKey: CAPTION_KEY, cues: 1, sizeBytes: CAPTION_TEXT.length, updatedAt: '2027-03-01T10:00:00.000Z', updatedBy: e1.sub }, 8);
  // …and a pitch deck answering a file question (issue 14 §3), stored as a verified upload leaves it.
  const deckKey = answerFileKey(w.cid, w.subs[1]!, 'deck', 'f-pd1');
  await h.deps.pitches.putAnswerFile({ competitionId: w.cid, submissionId: w.subs[1]!, questionId: 'deck', fileId: 'f-pd1', objectKey: deckKey, fileName: 'Org pd1 deck.pdf', declaredSize: DECK.length, maxBytes: 10_000_000, accepted: ['pdf'], state: 'verified', scan: false, format: 'pdf', kind: 'pdf', sizeBytes: DECK.length, uploadedBy: e1.sub, createdAt: '2027-03-01T09:00:00.000Z', updatedAt: '2027-03-01T09:00:01.000Z', version: 1 }, 0);
  // (The record first: an object arriving for no record is an orphan, which the processor deletes.)
  await h.deps.videos.put(deckKey, new TextEncoder().encode(DECK), 'application/pdf');
  const award = await h.call('POST', `${w.base}/awards`, people.organiser, { awards: [{ submissionId: w.subs[0], type: 'prize', rank: 1 }] });
  expect(award.status, award.text).toBe(200);
  expect((await publish(h, w)).status).toBe(202);
  pkg = (await h.exportFile(people.organiser, w.cid, 'results-package.json')).json as ResultsPackage;
  expect(pkg.audit.scheme).toBe('podium-audit-digest/2');
});
afterAll(() => h?.stop());

describe('consent', () => {
  it('the platform notice reads in the language asked for, else in the best match of Accept-Language, one version in all', async () => {
    const fr = await h.call('GET', '/api/privacy?language=fr');
    const de = await h.call('GET', '/api/privacy', undefined, undefined, { 'accept-language': 'de-AT,de;q=0.9,en;q=0.5' });
    const en = await h.call('GET', '/api/privacy', undefined, undefined, { 'accept-language': 'pt-BR' });
    expect([fr.json.language, de.json.language, en.json.language]).toEqual(['fr', 'de', 'en']);
    expect(new Set([fr.json.version, de.json.version, en.json.version])).toEqual(new Set([PRIVACY_NOTICE.version]));
    expect([fr.json.title, de.json.title, en.json.title]).toEqual(['Politique de confidentialité', 'Datenschutzhinweise', 'Privacy notice']);
    // Every section and paragraph is there in each language, and none is left in English.
    for (const r of [fr, de]) {
      expect(r.json.sections.map((s: { paragraphs: string[] }) => s.paragraphs.length)).toEqual(PRIVACY_NOTICE.sections.map((s) => s.paragraphs));
      r.json.sections.forEach((s: { heading: string; paragraphs: string[] }, i: number) => {
        expect(s.heading).not.toBe(en.json.sections[i].heading);
        s.paragraphs.forEach((p, j) => expect(p).not.toBe(en.json.sections[i].paragraphs[j]));
      });
    }
    expect((await h.call('GET', '/api/privacy?language=xx')).status).toBe(400);
    // The records of processing likewise, every record and field.
    const recordsFr = await h.call('GET', '/api/records-of-processing?language=fr');
    const recordsEn = await h.call('GET', '/api/records-of-processing', undefined, undefined, { 'accept-language': 'en-GB' });
    expect([recordsFr.json.language, recordsEn.json.language]).toEqual(['fr', 'en']);
    expect(recordsFr.json.records.map((r: { id: string }) => r.id)).toEqual(recordsEn.json.records.map((r: { id: string }) => r.id));
    recordsFr.json.records.forEach((r: Record<string, string>, i: number) => expect(r.purpose).not.toBe(recordsEn.json.records[i].purpose));
  });

  it('registration is refused without the notice and the competition’s current purposes (CONSENT_REQUIRED), and records what was accepted', async () => {
    h.clock.set('2026-12-01T10:00:00Z');
    const c = await openCompetition(h, { title: 'Consent call' });
    const base = `/api/competitions/${c.id}`;
    const privacy = await h.call('GET', `${base}/privacy`);
    expect(privacy.json).toMatchObject({ purposes: [], purposesVersion: 0, retention: { awardedYears: 5, othersYears: 1, noticeDays: 30 }, retentionIsDefault: true, version: 0 });
    const set = await h.call('PUT', `${base}/privacy`, people.organiser, { purposes: ['Introducing winners to the programme’s investors'], version: 0 });
    expect(set.status, set.text).toBe(200);
    expect(set.json).toMatchObject({ purposesVersion: 1, version: 1 });
    expect((await h.call('PUT', `${base}/privacy`, people.organiser, { purposes: [], version: 0 })).status).toBe(409);
    expect((await h.call('PUT', `${base}/privacy`, people.sme1, { purposes: [], version: 1 })).status).toBe(403);

    const before = await h.allItems();
    const { privacy: _, ...withoutConsent } = registrationInput();
    for (const body of [withoutConsent, registrationInput({ privacy: { noticeVersion: PRIVACY_NOTICE.version, purposesVersion: 0 } }), registrationInput({ privacy: { noticeVersion: '2001-01-01', purposesVersion: 1 } })]) {
      const r = await h.call('POST', `${base}/registration`, people.sme1, body);
      expect(r.status, r.text).toBe(422);
      expect(r.json.error.code).toBe('CONSENT_REQUIRED');
    }
    expect(await h.allItems()).toEqual(before); // nothing half-written

    h.clock.set('2026-12-01T11:00:00Z');
    const ok = await h.call('POST', `${base}/registration`, people.sme1, registrationInput({ privacy: { noticeVersion: PRIVACY_NOTICE.version, purposesVersion: 1 } }));
    expect(ok.status, ok.text).toBe(201);
    expect(ok.json.privacy).toBeUndefined(); // not part of the registration
    const mine = await h.call('GET', '/api/me/privacy', people.sme1);
    expect(mine.json.accepted).toBe(true);
    expect(mine.json.consents).toContainEqual({ scope: { kind: 'competition', competitionId: c.id }, noticeVersion: PRIVACY_NOTICE.version, purposesVersion: 1, acceptedAt: '2026-12-01T11:00:00.000Z' });

    // The platform notice on its own, at first sign-in: the current version only.
    expect((await h.call('GET', '/api/me/privacy', people.sme3)).json.accepted).toBe(false);
    const stale = await h.call('POST', '/api/me/privacy/accept', people.sme3, { noticeVersion: '1999-01-01' });
    expect(stale.json.error.code).toBe('CONSENT_VERSION');
    const accepted = await h.call('POST', '/api/me/privacy/accept', people.sme3, { noticeVersion: PRIVACY_NOTICE.version });
    expect(accepted.json).toMatchObject({ accepted: true, acceptedAt: '2026-12-01T11:00:00.000Z' });
    h.clock.set('2027-03-02T10:00:00Z');
  });
});

describe('your data', () => {
  it('downloads everything Podium holds about the caller, as JSON and as a zip of CSV files — and nothing about anyone else', async () => {
    const [, e1, e2] = w.entrants as [Identity, Identity, Identity];
    const started = await h.call('POST', '/api/me/data/exports', e1, { format: 'json' });
    expect(started.status, started.text).toBe(202);
    const job = await newestJob(e1);
    expect(job).toMatchObject({ state: 'succeeded', kind: 'personal-data', params: { action: 'export', format: 'json' }, downloadName: 'podium-your-data.json' });
    const text = await (await fetch(job.downloadUrl)).text();
    const data = JSON.parse(text);
    expect(data.person).toEqual({ sub: e1.sub, email: e1.email, name: e1.name });
    const mine = data.competitions.find((c: { competitionId: string }) => c.competitionId === w.cid);
    expect(mine.membership.registration.organisationName).toBe('Org pd1');
    expect(mine.submissions.map((s: { id: string }) => s.id)).toEqual([w.subs[1]]);
    expect(mine.auditEntries.map((e: { action: string }) => e.action)).toContain('entrant.registered');
    // The captions of their pitch, with the words themselves.
    expect(mine.captions).toEqual([expect.objectContaining({ submissionId: w.subs[1], language: 'fr', fileName: 'pitch-org-pd1.fr.vtt', text: CAPTION_TEXT })]);
    expect(mine.captions[0]).not.toHaveProperty('objectKey');
    // Their answer files, listed (the files themselves are in the zip).
    expect(mine.answerFiles).toEqual([expect.objectContaining({ submissionId: w.subs[1], questionId: 'deck', fileName: 'Org pd1 deck.pdf', kind: 'pdf', state: 'verified', sizeBytes: DECK.length })]);
    expect(mine.answerFiles[0]).not.toHaveProperty('objectKey');
    expect(data.consents.length).toBeGreaterThan(0);
    // Nobody else's: not the other entrants', not the jury's, not the organiser's.
    for (const other of ['Org pd0', 'Org pd2', 'Org pd3', 'ceo@org2.eu', 'Idea 2', jury.email, people.organiser.email, mate.email]) expect(text).not.toContain(other);

    await h.call('POST', '/api/me/data/exports', e1, { format: 'csv' });
    const zipJob = await newestJob(e1);
    expect(zipJob).toMatchObject({ state: 'succeeded', params: { format: 'csv' }, downloadName: 'podium-your-data.zip' });
    const files = unzip(new Uint8Array(await (await fetch(zipJob.downloadUrl)).arrayBuffer()));
    expect([...files.keys()]).toEqual(expect.arrayContaining(['README.txt', 'person.csv', 'competitions.csv', 'submissions.csv', 'team.csv', 'consents.csv']));
    expect(files.get('competitions.csv')).toContain('Org pd1');
    expect(files.get('submissions.csv')).toContain('Idea 1');
    expect(files.get('captions.csv')).toContain('Bonjour, je suis la fondatrice');
    // The deck itself, byte for byte, where answer-files.csv says it is.
    const deckEntry = `answer-files/${w.cid}/${w.subs[1]}/deck-Org pd1 deck.pdf`;
    expect(files.get(deckEntry)).toBe(DECK);
    expect(files.get('answer-files.csv')).toContain(deckEntry);
    expect([...files.values()].join('\n')).not.toContain('Org pd2');

    // Another person sees none of e1's jobs, and no path names another person.
    const theirs = await h.call('GET', '/api/me/data/jobs', e2);
    expect(theirs.json.items.map((j: { id: string }) => j.id)).not.toContain(job.id);
    expect((await h.call('GET', '/api/me/data/jobs')).status).toBe(401);
    expect((await h.call('POST', '/api/me/erasure')).status).toBe(401);
  });

  it('erasure pseudonymises the person everywhere — registration, submission, reviews about them, team, outbox, audit — and the published results still verify', async () => {
    const [, e1, e2] = w.entrants as [Identity, Identity, Identity];
    const values = [e1.email, e1.name, 'Org pd1', 'ceo@org1.eu'];
    const outboxBefore = await h.deps.outbox.list(w.cid, 200);
    expect(outboxBefore.some((m) => m.to === e1.email)).toBe(true); // the results mail reached e1
    expect((await storedText()).some((t) => values.some((v) => t.includes(v)))).toBe(true);

    // What SES reported about e1's address is kept by address, and their organisation's guard by its registry id.
    await h.deps.mailStatus.save({ address: e1.email.toLowerCase(), bounces: 0, complaints: 0, deliveries: 2, transientAts: [], suppressedSends: 0, seenFeedback: [], lastDeliveryAt: '2027-03-02T10:00:00.000Z', updatedAt: '2027-03-02T10:00:00.000Z', version: 0 }, 0);
    const keyed = async () => (await h.allItems()).filter((i) => String(i.pk).includes(e1.email.toLowerCase()) || (String(i.sk).startsWith('ORG#') && i.ownerSub === e1.sub));
    expect((await keyed()).length).toBe(2);

    // Act (a week after publication: the package's seal covers the trail up to then)
    h.clock.set('2027-03-09T10:00:00Z');
    const r = await h.call('POST', '/api/me/erasure', e1);
    expect(r.status, r.text).toBe(202);
    const pseudonym: string = r.json.erasure.pseudonym;
    expect(pseudonym).toMatch(/^Participant [0-9a-f]{6}$/);
    const job = await newestJob(e1);
    expect(job, JSON.stringify(job.error)).toMatchObject({ state: 'succeeded', params: { action: 'erase' } });

    // Assess: not one stored value names e1 any more — the job records included.
    const leftovers = (await storedText()).filter((t) => values.some((v) => t.includes(v)));
    expect(leftovers).toEqual([]);
    // Nor one key: the mail status and the organisation guard are gone.
    expect(await keyed()).toEqual([]);
    const registration = await h.call('GET', `${w.base}/registration`, e1);
    expect(registration.json).toMatchObject({ organisationName: pseudonym, registryId: '[erased]' });
    const submission = await h.call('GET', `${w.base}/submissions/${w.subs[1]}`, people.organiser);
    expect(submission.json).toMatchObject({ organisationName: pseudonym, problem: '[erased]', solution: '[erased]' });
    // The downloads they made before hold what was erased: their files are gone.
    for (const earlier of (await h.call('GET', '/api/me/data/jobs', e1)).json.items.filter((j: { params: { action: string } }) => j.params.action === 'export'))
      expect(earlier.downloadUrl === undefined || (await fetch(earlier.downloadUrl)).status !== 200, earlier.id).toBe(true);
    // Their captions are gone with their words: the record and the WebVTT.
    expect(await h.deps.pitches.listCaptions(w.cid, w.subs[1]!)).toEqual([]);
    expect(await h.deps.videos.head(CAPTION_KEY).catch(() => undefined)).toBeUndefined();
    // The jury's score stays.
    const review = await h.call('GET', `${w.base}/rounds/${w.roundId}/reviews/${w.subs[1]}`, jury);
    expect(review.json.review.scores).toEqual({ [w.criterion]: 87 });
    // The outbox's mail to e1 is addressed to the pseudonym.
    const outbox = await h.deps.outbox.list(w.cid, 200);
    expect(outbox.length).toBe(outboxBefore.length);
    expect(outbox.some((m) => m.to === `participant-${pseudonym.slice(12)}@erased.invalid`)).toBe(true);
    // The team still shows the member, under e1's pseudonym as its organisation.
    expect((await h.call('GET', `${w.base}/team`, mate)).status).toBe(200);
    // Others are untouched.
    expect((await h.call('GET', `${w.base}/registration`, e2)).json.organisationName).toBe('Org pd2');

    // The audit trail: entries kept (none removed), e1's pseudonymised with the digest of what they held.
    const trail = await auditTrail(w.cid);
    const note = trail.find((e) => e.action === 'note')!;
    expect(note.after).toEqual({ note: `Called ${pseudonym} (participant-${pseudonym.slice(12)}@erased.invalid) about the invoice` });
    expect(note.erased?.personal).toMatch(/^[0-9a-f]{64}$/);
    expect(trail.find((e) => e.action === 'personal-data.erased')).toMatchObject({ target: `person:${pseudonym}`, after: { outcome: 'erased' } });
    // The package sealed at publication still verifies against the trail as it is now…
    expect(verifyResultsPackage(pkg, trail).problems).toEqual([]);
    // …and still catches a rewrite: of an erased entry's public part, or of another entry's values.
    const i = trail.indexOf(note);
    expect(verifyResultsPackage(pkg, trail.with(i, { ...note, action: 'note.forged' })).ok).toBe(false);
    const registered = trail.findIndex((e) => e.action === 'entrant.registered' && !e.erased);
    expect(verifyResultsPackage(pkg, trail.with(registered, { ...trail[registered]!, after: { organisationName: 'Forged BV' } })).ok).toBe(false);
    // The ranking recomputes as published.
    expect(verifyResultsPackage(pkg).ok).toBe(true);
  });

  it('erasing a reviewer pseudonymises the reviews they wrote and keeps their scores; the results still verify', async () => {
    const scores = (await h.call('GET', `${w.base}/rounds/${w.roundId}/reviews`, people.organiser)).json.items.map((r: { scores: unknown }) => r.scores);
    expect((await h.call('POST', '/api/me/erasure', jury)).status).toBe(202);
    await h.jobsSettled();
    expect((await storedText()).filter((t) => t.includes(jury.email) || t.includes(jury.name))).toEqual([]);
    const after = (await h.call('GET', `${w.base}/rounds/${w.roundId}/reviews`, people.organiser)).json.items;
    expect(after.map((r: { scores: unknown }) => r.scores)).toEqual(scores);
    expect(after.every((r: { reviewerEmail?: string }) => r.reviewerEmail === undefined || r.reviewerEmail.endsWith('@erased.invalid'))).toBe(true);
    expect(verifyResultsPackage(pkg, await auditTrail(w.cid)).problems).toEqual([]);
  });

  it('an erasure cut short after every page resumes from its checkpoint and ends as one run would', async () => {
    const e3 = w.entrants[3]!;
    const pseudonym = await h.deps.personalData.pseudonymOf(e3.sub);
    const requestedAt = '2027-03-09T11:00:00.000Z';
    await h.deps.personalData.putErasure({ sub: e3.sub, pseudonym, requestedAt, state: 'requested', jobId: 'J-resume', outcomes: [], replace: { emails: [e3.email], names: [e3.name] } }, 'new');
    const who = { sub: e3.sub, email: 'x@erased.invalid', name: pseudonym, groups: [] };
    const job = { id: 'J-resume', competitionId: `person:${e3.sub}`, kind: PERSONAL_DATA_JOB, params: { action: 'erase', requestedAt }, requestedBy: who, createdAt: requestedAt } as unknown as Job;
    let checkpoint: unknown;
    let runs = 0;
    let result: unknown = CONTINUE_LATER;
    while (result === CONTINUE_LATER && runs < 50) {
      runs++;
      const ctx = { job, who, resumeFrom: checkpoint, progress: async () => undefined, checkpoint: async (d: unknown) => void (checkpoint = d), timeLeftMs: () => 0, continueLater: () => CONTINUE_LATER } as unknown as JobContext<never>;
      result = await personalDataJob(h.deps, job, ctx);
    }
    expect(runs).toBeGreaterThan(3); // one page per run: the competition's items, its trail, its outbox, the inbox, the jobs
    expect(result).toMatchObject({ counts: { competitions: 1, kept: 0 } });
    expect((await storedText()).filter((t) => [e3.email, e3.name, 'Org pd3', 'ceo@org3.eu'].some((v) => t.includes(v)))).toEqual([]);
    expect(verifyResultsPackage(pkg, await auditTrail(w.cid)).problems).toEqual([]);
  });

  it('erasing a team member pseudonymises their membership; asking again while one runs returns it', async () => {
    const r = await h.call('POST', '/api/me/erasure', mate);
    expect(r.status).toBe(202);
    const again = await h.call('POST', '/api/me/erasure', mate);
    expect(again.json.erasure.jobId).toBe(r.json.erasure.jobId);
    await h.jobsSettled();
    expect((await storedText()).filter((t) => t.includes(mate.email) || t.includes(mate.name))).toEqual([]);
    expect((await h.call('GET', '/api/me/privacy', mate)).json.erasure).toMatchObject({ state: 'done', outcomes: [{ competitionId: w.cid, outcome: 'erased' }] });
  });

  it('keeps an awarded organisation’s data until the funder’s retention ends, says so, and shows organisers what was kept and why', async () => {
    const e0 = w.entrants[0]!;
    expect((await h.call('POST', '/api/me/erasure', e0)).status).toBe(202);
    await h.jobsSettled();
    const mine = (await h.call('GET', '/api/me/privacy', e0)).json.erasure;
    const published = (await h.call('GET', w.base, people.organiser)).json.resultsPublishedAt as string;
    expect(mine).toMatchObject({ state: 'done', outcomes: [{ competitionId: w.cid, outcome: 'kept', keptUntil: `${Number(published.slice(0, 4)) + 5}${published.slice(4)}` }] });
    expect(mine.outcomes[0].reason).toMatch(/funder requires/);
    expect(mine.outcomes[0].keptBecause).toBe('awarded');
    expect((await h.call('GET', `${w.base}/registration`, e0)).json.organisationName).toBe('Org pd0');

    const list = await h.call('GET', `${w.base}/erasures`, people.organiser);
    expect(list.status, list.text).toBe(200);
    const bySub = new Map(list.json.items.map((e: { sub: string }) => [e.sub, e]));
    expect(bySub.get(e0.sub)).toMatchObject({ state: 'done', outcome: 'kept', source: 'person', keptBecause: 'awarded', reason: expect.stringMatching(/funder/) });
    expect(bySub.get(w.entrants[1]!.sub)).toMatchObject({ state: 'done', outcome: 'erased' });
    expect(list.text).not.toContain(w.entrants[1]!.email);
    expect((await h.call('GET', `${w.base}/erasures`, w.entrants[2]!)).status).toBe(403);
  });
});
