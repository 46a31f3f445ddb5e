/**
 * GDPR tooling (issue 14 §2): the privacy notice and consents, "your data" (a download of
 * everything Podium holds about the caller, as a job), erasure (pseudonymisation, as a job), a
 * competition's purposes and retention periods, and the scheduler's retention erasure.
 *
 * Erasure keeps what the results rest on: items are not deleted, their identifying values (names,
 * addresses, the registry id, the texts the person wrote) are replaced by the person's stable
 * pseudonym; audit entries keep the digest of what was replaced (audit-digest.ts, scheme 2), so the
 * results package sealed at publication still verifies against the trail after any erasure. An
 * awarded organisation's data stays until the competition's awarded retention ends (the funder's
 * audits), and the person is told so.
 *
 * One job kind (`personal-data`) does the heavy work: `export` (the caller's download), `erase`
 * (the caller's erasure, scoped to the person) and `retention-erase` (a competition's non-awarded
 * applicants, started by the scheduler). Erasure pages whole partitions, checkpoints after each page
 * and is idempotent (pseudonymising twice is pseudonymising once; an audit entry keeps its first
 * personal digest), so a run cut short resumes where it stopped.
 */
import { isDeepStrictEqual } from 'node:util';
import { personalDigest } from '../domain/audit-digest.ts';
import type { AuditEntry } from '../domain/audit.ts';
import { isUsable, rejection, type AnswerFileState } from '../domain/answer-file.ts';
import type { Competition } from '../domain/competition.ts';
import { Forbidden, InvalidState, RuleViolation, ValidationFailed, VersionConflict } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { trustedEmail, type Membership } from '../domain/membership.ts';
import {
  AWARDED_KEPT_REASON,
  DEFAULT_RETENTION,
  ERASED_TEXT,
  pseudonymise,
  pseudonymousEmail,
  retentionDates,
  retentionDue,
  retentionErrors,
  type CompetitionErasure,
  type ErasureOutcome,
  type ErasureRequest,
  type PrivacySettings,
  type Replacements,
  type RetentionPolicy,
} from '../domain/personal-data.ts';
import { PRIVACY_NOTICE, purposesErrors, type Consent, type PrivacyNotice } from '../domain/privacy.ts';
import { PROCESSING_FIELDS, RECORDS_OF_PROCESSING, RECORDS_OF_PROCESSING_VERSION, type ProcessingRecord } from '../domain/records-of-processing.ts';
import { SUBMISSION_STATUSES } from '../domain/submission.ts';
import { zipFiles } from './zip.ts';
import { documentTexts } from '../shared/i18n/documents.ts';
import type { Locale } from '../shared/i18n/locales.ts';
import { loadOrganisedCompetition, loadVisibleCompetition, requireIdentity } from './access.ts';
import { allMembers, allPages } from './all-pages.ts';
import { csvTable } from './csv.ts';
import { fileOf, startJobFor, viewJob, type JobContext, type JobHandler, type JobView } from './jobs.ts';
import { trySendMessage, zoned } from './messages.ts';
import type { PersonalPartition, Ports, StoredRecord } from './ports.ts';

export const PERSONAL_DATA_JOB = 'personal-data';
export const EXPORT_FORMATS = ['json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A person's jobs live in a scope of their own: nobody else's job list or id reaches them. */
const personScope = (sub: string) => `person:${sub}`;
/** Records a page of erasure reads. */
const PAGE = 200;
/** Leave the run when less than this is left (a page and its rewrites fit well within it). */
const MARGIN_MS = 30_000;

const SCHEDULER: Identity = { sub: 'system', email: 'scheduler', name: 'Retention', groups: [] };

// ——— Notice, consents, records of processing ———

/** The platform's privacy notice in `locale` (its words: the catalogues' `privacyNotice.*`). */
export async function privacyNotice(locale: Locale): Promise<PrivacyNotice> {
  const text = await documentTexts(locale);
  const say = (key: string) => text(`privacyNotice.${key}`);
  return {
    version: PRIVACY_NOTICE.version,
    effective: PRIVACY_NOTICE.effective,
    language: locale,
    title: say('title'),
    sections: PRIVACY_NOTICE.sections.map((s) => ({ heading: say(`${s.key}.heading`), paragraphs: Array.from({ length: s.paragraphs }, (_, i) => say(`${s.key}.${i + 1}`)) })),
  };
}

/** The records of processing in `locale` (their words: the catalogues' `processing.*`). */
export async function recordsOfProcessing(locale: Locale) {
  const text = await documentTexts(locale);
  const say = (key: string) => text(`processing.${key}`);
  const records = RECORDS_OF_PROCESSING.map((id) => ({ id, ...Object.fromEntries(PROCESSING_FIELDS.map((f) => [f, say(`${id}.${f}`)])) }) as ProcessingRecord);
  return { version: RECORDS_OF_PROCESSING_VERSION, language: locale, records };
}

type ConsentPorts = Pick<Ports, 'personalData' | 'clock'>;

/** What the caller accepted, whether the current platform notice is among it, and their erasure. */
export async function myPrivacy(ports: ConsentPorts, caller: Identity | undefined) {
  const who = requireIdentity(caller);
  const [consents, erasure] = await Promise.all([ports.personalData.listConsents(who.sub), ports.personalData.getErasure(who.sub)]);
  const platform = consents.find((c) => c.scope.kind === 'platform' && c.noticeVersion === PRIVACY_NOTICE.version);
  return {
    noticeVersion: PRIVACY_NOTICE.version,
    accepted: platform !== undefined,
    ...(platform ? { acceptedAt: platform.acceptedAt } : {}),
    consents: consents.sort((a, b) => a.acceptedAt.localeCompare(b.acceptedAt)),
    ...(erasure ? { erasure: withoutReplace(erasure) } : {}),
  };
}

/** The caller accepts the platform notice (at sign-up or first sign-in): the version they read. */
export async function acceptPrivacyNotice(ports: ConsentPorts, caller: Identity | undefined, noticeVersion: string) {
  const who = requireIdentity(caller);
  if (noticeVersion !== PRIVACY_NOTICE.version)
    throw new RuleViolation('CONSENT_VERSION', `The privacy notice is now version ${PRIVACY_NOTICE.version}; read it again and accept that one.`, { noticeVersion: `Accept version ${PRIVACY_NOTICE.version}.` });
  await ports.personalData.recordConsent(who.sub, { scope: { kind: 'platform' }, noticeVersion, acceptedAt: ports.clock.now().toISOString() });
  return myPrivacy(ports, who);
}

// ——— A competition's privacy settings ———

const settingsView = (c: Competition, s: PrivacySettings) => {
  const retention = s.retention ?? DEFAULT_RETENTION;
  return {
    competitionId: c.id,
    noticeVersion: PRIVACY_NOTICE.version,
    purposes: s.purposes,
    purposesVersion: s.purposesVersion,
    retention,
    retentionIsDefault: s.retention === undefined,
    ...retentionDates(c, retention),
    ...(s.retentionNoticeAt ? { retentionNoticeAt: s.retentionNoticeAt } : {}),
    ...(s.retentionErasedAt ? { retentionErasedAt: s.retentionErasedAt } : {}),
    version: s.version,
  };
};

/** The competition's purposes and retention: for whoever may see the competition (the registration page shows them). */
export async function getCompetitionPrivacy(ports: Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'personalData'>, caller: Identity | undefined, competitionId: string) {
  const { competition } = await loadVisibleCompetition(ports, caller, competitionId);
  return settingsView(competition, await ports.personalData.getSettings(competitionId));
}

export interface PrivacySettingsInput {
  purposes: string[];
  /** Absent: the defaults (DEFAULT_RETENTION). */
  retention?: RetentionPolicy;
  version: number;
}

/** The organisers set the purposes and the retention periods; audited. New purposes need a new consent at registration. */
export async function updateCompetitionPrivacy(ports: Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'personalData' | 'audit' | 'clock'>, caller: Identity | undefined, competitionId: string, input: PrivacySettingsInput) {
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId, 'manage');
  const purposes = input.purposes.map((p) => p.trim());
  const errors = { ...purposesErrors(purposes), ...(input.retention ? Object.fromEntries(Object.entries(retentionErrors(input.retention)).map(([k, v]) => [`retention.${k}`, v])) : {}) };
  if (Object.keys(errors).length > 0) throw new ValidationFailed(Object.values(errors)[0]!, errors);
  const before = await ports.personalData.getSettings(competitionId);
  if (before.version !== input.version) throw new VersionConflict();
  const purposesChanged = JSON.stringify(purposes) !== JSON.stringify(before.purposes);
  const next: PrivacySettings = { ...before, purposes, purposesVersion: before.purposesVersion + (purposesChanged ? 1 : 0), ...(input.retention ? { retention: input.retention } : { retention: undefined }), version: before.version + 1 };
  await ports.personalData.saveSettings(next, before.version);
  await ports.audit.append({
    competitionId,
    at: ports.clock.now().toISOString(),
    actor: { sub: membership.userSub, email: membership.userEmail },
    action: 'privacy.updated',
    target: `competition:${competitionId}`,
    before: { purposes: before.purposes, retention: before.retention ?? null },
    after: { purposes: next.purposes, retention: next.retention ?? null },
  });
  return settingsView(competition, next);
}

/** Erasure requests concerning the competition, with what was kept and why: for its organisers. */
export async function listCompetitionErasures(ports: Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'personalData'>, caller: Identity | undefined, competitionId: string) {
  await loadOrganisedCompetition(ports, caller, competitionId, 'read');
  return { items: await ports.personalData.listCompetitionErasures(competitionId) };
}

// ——— Your data: export and erasure (jobs) ———

type JobPorts = Pick<Ports, 'jobs' | 'jobQueue' | 'clock' | 'ids' | 'files'>;

/** Starts the download of everything Podium holds about the caller (or returns the one being prepared). */
export async function startPersonalDataExport(ports: JobPorts, caller: Identity | undefined, format: ExportFormat): Promise<JobView> {
  const who = requireIdentity(caller);
  const { job } = await startJobFor(ports, who, personScope(who.sub), PERSONAL_DATA_JOB, { action: 'export', format });
  return viewJob(ports, job);
}

/** The caller's own personal-data jobs, newest first (nobody else's: the scope is the caller's). */
export async function listPersonalDataJobs(ports: JobPorts, caller: Identity | undefined): Promise<{ items: JobView[] }> {
  const who = requireIdentity(caller);
  const page = await ports.jobs.list(personScope(who.sub), 20);
  const items = await Promise.all(page.items.map((j) => viewJob(ports, j)));
  return { items: items.sort((a, b) => b.createdAt.localeCompare(a.createdAt)) };
}

/**
 * The caller asks for their data to be erased: the request is recorded (with the pseudonym it will
 * use), each competition's organisers see it, and the erasure job starts. One request at a time.
 */
export async function requestErasure(ports: Pick<Ports, 'personalData' | 'memberships' | 'competitions' | 'jobs' | 'jobQueue' | 'clock' | 'ids' | 'files'>, caller: Identity | undefined): Promise<{ erasure: ErasureRequest; job: JobView }> {
  const who = requireIdentity(caller);
  const existing = await ports.personalData.getErasure(who.sub);
  if (existing?.state === 'requested') {
    const job = await ports.jobs.get(personScope(who.sub), existing.jobId);
    if (job) return { erasure: withoutReplace(existing), job: await viewJob(ports, job) };
  }
  const at = ports.clock.now().toISOString();
  const pseudonym = existing?.pseudonym ?? (await ports.personalData.pseudonymOf(who.sub));
  // The job is started under the pseudonym: its record (which outlives the erasure) names nobody.
  const asPseudonym: Identity = { sub: who.sub, email: pseudonymousEmail(pseudonym), name: pseudonym, groups: [] };
  // The request first (the job reads it, and may run at once), then the job, then the job's id on the request.
  const requested: ErasureRequest = { sub: who.sub, pseudonym, requestedAt: at, state: 'requested', jobId: '', outcomes: [], replace: { emails: [who.email].filter((e) => e), names: [who.name].filter((n) => n) } };
  if (!(await ports.personalData.putErasure(requested, 'new'))) throw new InvalidState('Your erasure is already under way.');
  const { job } = await startJobFor(ports, asPseudonym, personScope(who.sub), PERSONAL_DATA_JOB, { action: 'erase', requestedAt: at });
  const erasure: ErasureRequest = { ...requested, jobId: job.id };
  // Unless the job has already finished it (it may run at once).
  await ports.personalData.putErasure(erasure, 'requested');
  const memberships = await ports.memberships.listForUser(who.sub);
  await Promise.all(memberships.map((m) => ports.personalData.putCompetitionErasure({ competitionId: m.competitionId, sub: who.sub, pseudonym, requestedAt: at, source: 'person', state: 'requested' })));
  return { erasure: withoutReplace(erasure), job: await viewJob(ports, job) };
}

/** An erasure request as shown: without the values it is replacing. */
const withoutReplace = ({ replace: _, ...r }: ErasureRequest): ErasureRequest => r;

// ——— The job ———

interface EraseCheckpoint {
  /** The competition being erased (index into the person's competitions, or 0 for retention). */
  c: number;
  /** The step in it (STEPS), then the person's inbox and jobs. */
  p: number;
  start?: string;
  outcomes: ErasureOutcome[];
  rewritten: number;
  /** A person's erasure: the values to replace, fixed at its first run (the items they are read from get rewritten). */
  subject?: { emails: string[]; names: string[] };
}

/** What one step of a competition's erasure pages: a partition, and which of its records (all when absent). */
interface EraseStep {
  partition: PersonalPartition;
  only?: (r: StoredRecord) => boolean;
}

/**
 * A competition's steps. The memberships come last: the values to replace are read from them (a
 * retention erasure reads them again at each run), so they are rewritten only once everything else is.
 */
const competitionSteps = (competitionId: string): EraseStep[] => [
  { partition: { of: 'competition', competitionId }, only: (r) => r.type !== 'Membership' },
  { partition: { of: 'audit', competitionId } },
  { partition: { of: 'outbox', competitionId } },
  { partition: { of: 'competition', competitionId }, only: (r) => r.type === 'Membership' },
];
const STEPS = 4;

export const personalDataJob: JobHandler<EraseCheckpoint> = async (ports, job, ctx) => {
  const action = job.params.action;
  if (action === 'export') {
    const format = job.params.format;
    if (format !== 'json' && format !== 'csv') throw new ValidationFailed(`Unknown format ${JSON.stringify(format)}.`, { format: 'json or csv' });
    if (job.competitionId !== personScope(ctx.who.sub)) throw new Forbidden('Only the person may export their data.');
    return exportJob(ports, ctx, format);
  }
  if (action === 'erase') {
    if (job.competitionId !== personScope(ctx.who.sub)) throw new Forbidden('Only the person may ask for their data to be erased.');
    return eraseJob(ports, ctx);
  }
  if (action === 'retention-erase') return retentionEraseJob(ports, job.competitionId, ctx);
  throw new ValidationFailed(`Unknown action ${JSON.stringify(action)}.`, { action: 'export, erase or retention-erase' });
};

/** A competition's records that belong to the person (an exact, typed selection: nobody else's). */
function ownRecords(records: StoredRecord[], sub: string) {
  const a = (r: StoredRecord) => r.attributes;
  return {
    submissions: records.filter((r) => r.type === 'Submission' && a(r).ownerSub === sub).map(a),
    reviews: records.filter((r) => r.type === 'Review' && a(r).reviewerSub === sub).map(a),
    conflicts: records.filter((r) => r.type === 'Conflict' && a(r).createdBy === sub).map(a),
    pitches: records.filter((r) => r.type === 'Pitch' && a(r).ownerSub === sub).map((r) => { const { uploadId: _u, objectKey: _k, ...rest } = a(r); return rest; }),
    // The caption tracks of the person's own pitches (their words), with the WebVTT's key to read it.
    captions: records.filter((r) => r.type === 'PitchCaption' && ownSubmissions(records, sub).has(String(a(r).submissionId))).map(a),
    // The files answering their own submissions' file questions (issue 14 §3), with the key to read each.
    answerFiles: records.filter((r) => r.type === 'AnswerFile' && ownSubmissions(records, sub).has(String(a(r).submissionId))).map(a),
  };
}

/** An answer file as exported: what it is, without storage keys or the upload's internals. */
function exportedAnswerFile(f: Record<string, unknown>) {
  const { competitionId: _c, objectKey: _k, maxBytes: _m, accepted: _a, declaredSize: _d, version: _v, scanResult: _r, fileId: _f, ...rest } = f;
  return rest;
}

/** Where a usable answer file sits in the zip download (its own name, under its submission and question). */
const answerFileEntry = (competitionId: string, f: Record<string, unknown>) =>
  `answer-files/${competitionId}/${String(f.submissionId)}/${String(f.questionId)}-${String(f.fileName).replace(/[\\/]/g, '_')}`;

/** The bytes of the person's usable answer files (neither rejected nor infected), for the zip download. */
async function answerFileContents(ports: Pick<Ports, 'videos'>, competitionId: string, files: Record<string, unknown>[]) {
  const usable = files.filter((f) => typeof f.objectKey === 'string' && isUsable(f.state as AnswerFileState));
  return Promise.all(
    usable.map(async (f) => {
      const head = await ports.videos.head(String(f.objectKey)).catch(() => undefined);
      return { name: answerFileEntry(competitionId, f), content: head && head.sizeBytes > 0 ? await ports.videos.read(String(f.objectKey), 0, head.sizeBytes) : new Uint8Array(0) };
    }),
  );
}

const ownSubmissions = (records: StoredRecord[], sub: string) => new Set(records.filter((r) => r.type === 'Submission' && r.attributes.ownerSub === sub).map((r) => String(r.attributes.id)));

/** A caption record as exported: its metadata and the WebVTT text itself, without storage keys. */
async function exportedCaption(ports: Pick<Ports, 'videos'>, c: Record<string, unknown>) {
  const { objectKey, ...rest } = c;
  let text = '';
  if (typeof objectKey === 'string') {
    const head = await ports.videos.head(objectKey).catch(() => undefined);
    if (head && head.sizeBytes > 0) text = new TextDecoder().decode(await ports.videos.read(objectKey, 0, head.sizeBytes));
  }
  return { ...rest, text };
}

function allRecords(ports: Pick<Ports, 'personalData'>, partition: PersonalPartition): Promise<StoredRecord[]> {
  return allPages(async (start) => {
    const page = await ports.personalData.page(partition, 500, start);
    return { items: page.records, ...(page.next ? { nextCursor: page.next } : {}) };
  });
}

async function exportJob(ports: Ports, ctx: JobContext<EraseCheckpoint>, format: ExportFormat) {
  const who = ctx.who;
  const [account, consents, erasure, memberships] = await Promise.all([
    ports.accounts.get(who.sub),
    ports.personalData.listConsents(who.sub),
    ports.personalData.getErasure(who.sub),
    ports.memberships.listForUser(who.sub),
  ]);
  const titles = new Map((await ports.competitions.getMany([...new Set(memberships.map((m) => m.competitionId))])).map((c) => [c.id, c.title]));
  const emails = new Set([who.email, ...memberships.map((m) => m.userEmail)].filter((e) => e).map((e) => e.toLowerCase()));
  const competitions = [];
  // The files themselves go into the zip download; the JSON lists them.
  const attachments: { name: string; content: Uint8Array }[] = [];
  let done = 0;
  for (const m of memberships) {
    await ctx.progress(done, memberships.length, 'Reading your competitions');
    const [records, audit, outbox] = await Promise.all(
      (['competition', 'audit', 'outbox'] as const).map((of) => allRecords(ports, { of, competitionId: m.competitionId })),
    );
    const own = ownRecords(records!, who.sub);
    if (format === 'csv') attachments.push(...(await answerFileContents(ports, m.competitionId, own.answerFiles)));
    competitions.push({
      competitionId: m.competitionId,
      title: titles.get(m.competitionId) ?? '',
      membership: m,
      ...own,
      captions: await Promise.all(own.captions.map((c) => exportedCaption(ports, c))),
      answerFiles: own.answerFiles.map(exportedAnswerFile),
      // What you did, as the trail recorded it (the values others' actions hold are theirs).
      auditEntries: audit!.filter((r) => (r.attributes as unknown as AuditEntry).actor?.sub === who.sub).map((r) => {
        const e = r.attributes as unknown as AuditEntry;
        return { at: e.at, action: e.action, target: e.target };
      }),
      emails: outbox!.filter((r) => typeof r.attributes.to === 'string' && emails.has(String(r.attributes.to).toLowerCase())).map((r) => ({ at: r.attributes.at, to: r.attributes.to, subject: r.attributes.subject, text: r.attributes.text })),
    });
    done++;
  }
  const notifications = (await allRecords(ports, { of: 'inbox', sub: who.sub })).map((r) => r.attributes);
  const data = {
    format: 'podium-personal-data/1',
    generatedAt: ports.clock.now().toISOString(),
    person: { sub: who.sub, email: who.email, name: who.name },
    ...(account ? { account } : {}),
    consents,
    ...(erasure ? { erasure: withoutReplace(erasure) } : {}),
    competitions,
    notifications,
  };
  await ctx.progress(memberships.length, memberships.length, 'Writing the file');
  const key = `exports/${personScope(who.sub)}/${ctx.job.id}/your-data.${format === 'json' ? 'json' : 'zip'}`;
  const body = format === 'json' ? new TextEncoder().encode(JSON.stringify(data, null, 2)) : zipFiles([...csvFiles(data), ...attachments]);
  const contentType = format === 'json' ? 'application/json' : 'application/zip';
  await ports.files.put(key, body, contentType);
  return { rows: competitions.length, file: { key, name: `podium-your-data.${format === 'json' ? 'json' : 'zip'}`, contentType, bytes: body.byteLength } };
}

type ExportData = {
  person: { sub: string; email: string; name: string };
  consents: Consent[];
  competitions: { competitionId: string; title: string; membership: Membership; submissions: Record<string, unknown>[]; reviews: Record<string, unknown>[]; captions: Record<string, unknown>[]; answerFiles: Record<string, unknown>[]; auditEntries: { at: string; action: string; target: string }[]; emails: Record<string, unknown>[] }[];
  notifications: Record<string, unknown>[];
};

const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

/** The readable form: one CSV per kind of record, and a note on what is in them. */
function csvFiles(d: ExportData) {
  const cs = d.competitions;
  return [
    { name: 'README.txt', content: `Everything Podium holds about ${d.person.name || d.person.email} (${d.person.email}), one file per kind of record;\nyour answer files themselves are under answer-files/ (answer-files.csv lists them).\nThe same data as JSON: download the JSON format from the "Your data" page.\n` },
    { name: 'person.csv', content: csvTable(['Account id', 'E-mail', 'Name'], [[d.person.sub, d.person.email, d.person.name]]) },
    { name: 'consents.csv', content: csvTable(['What', 'Competition', 'Notice version', 'Purposes version', 'Accepted at'], d.consents.map((c) => [c.scope.kind, c.scope.kind === 'competition' ? c.scope.competitionId : '', c.noticeVersion, c.purposesVersion ?? '', c.acceptedAt])) },
    {
      name: 'competitions.csv',
      content: csvTable(['Competition', 'Title', 'Roles', 'E-mail', 'Organisation', 'Country', 'Registry id', 'Registered at'], cs.map((c) => [c.competitionId, c.title, c.membership.roles.join('; '), c.membership.userEmail, c.membership.registration?.organisationName ?? '', c.membership.registration?.country ?? '', c.membership.registration?.registryId ?? '', c.membership.registration?.registeredAt ?? ''])),
    },
    { name: 'team.csv', content: csvTable(['Competition', 'Name', 'E-mail', 'Role'], cs.flatMap((c) => (c.membership.registration?.team ?? []).map((t) => [c.competitionId, t.name, t.email, t.role]))) },
    { name: 'submissions.csv', content: csvTable(['Competition', 'Submission', 'Title', 'Status', 'Summary', 'Problem', 'Solution', 'Answers'], cs.flatMap((c) => c.submissions.map((s) => [c.competitionId, s.id, s.title, s.status, s.summary, s.problem, s.solution, text(s.answers)].map(text)))) },
    { name: 'reviews.csv', content: csvTable(['Competition', 'Round', 'Submission', 'Status', 'Scores', 'Comments', 'Overall comment', 'Private note'], cs.flatMap((c) => c.reviews.map((r) => [c.competitionId, r.roundId, r.submissionId, r.status, text(r.scores), text(r.comments), r.overallComment, r.privateNote].map(text)))) },
    { name: 'captions.csv', content: csvTable(['Competition', 'Submission', 'Language', 'Label', 'File name', 'Cues', 'Updated at', 'WebVTT'], cs.flatMap((c) => c.captions.map((x) => [c.competitionId, x.submissionId, x.language, x.label, x.fileName, x.cues, x.updatedAt, x.text].map(text)))) },
    { name: 'answer-files.csv', content: csvTable(['Competition', 'Submission', 'Question', 'File name', 'Kind', 'Size (bytes)', 'State', 'Uploaded at', 'In this download'], cs.flatMap((c) => c.answerFiles.map((f) => [c.competitionId, f.submissionId, f.questionId, f.fileName, f.kind, f.sizeBytes, f.state, f.createdAt, isUsable(f.state as AnswerFileState) ? answerFileEntry(c.competitionId, f) : ''].map(text)))) },
    { name: 'audit.csv', content: csvTable(['Competition', 'At', 'Action', 'Target'], cs.flatMap((c) => c.auditEntries.map((e) => [c.competitionId, e.at, e.action, e.target]))) },
    { name: 'emails.csv', content: csvTable(['Competition', 'At', 'To', 'Subject', 'Text'], cs.flatMap((c) => c.emails.map((e) => [c.competitionId, e.at, e.to, e.subject, e.text].map(text)))) },
    { name: 'notifications.csv', content: csvTable(['At', 'Notification'], d.notifications.map((n) => [text(n.at), text(n)])) },
  ];
}

/** Who is erased and how: their values to replace, and which records are their own. */
interface Subject extends Replacements {
  sub: string;
  /** Their own submissions (where they own none, or they are unknown: an empty set). */
  submissionIds: ReadonlySet<string>;
}

/**
 * Rewrites one page of records for `subjects`: their values pseudonymised wherever they appear;
 * their own free texts (submission answers, private notes) and registry ids erased; their pitch
 * videos deleted; each changed audit entry keeping the digest of its personal part as it was.
 */
async function erasePage(ports: Ports, records: StoredRecord[], subjects: Subject[], at: string): Promise<number> {
  const bySub = new Map(subjects.map((s) => [s.sub, s]));
  let rewritten = 0;
  for (const record of records) {
    const a = record.attributes;
    // An unfinished job is its runner's to write: only finished ones are pseudonymised.
    if (record.type === 'Job' && a.state !== 'succeeded' && a.state !== 'failed') continue;
    let next = pseudonymise(a, subjects);
    const owner = (k: string) => (typeof a[k] === 'string' ? bySub.get(a[k] as string) : undefined);
    if (record.type === 'Submission' && owner('ownerSub')) {
      next = { ...next, summary: ERASED_TEXT, problem: ERASED_TEXT, solution: ERASED_TEXT, answers: Object.fromEntries(Object.keys((a.answers as Record<string, string>) ?? {}).map((k) => [k, ERASED_TEXT])) };
    } else if (record.type === 'Review' && owner('reviewerSub') && a.privateNote) {
      next = { ...next, privateNote: ERASED_TEXT };
    } else if (record.type === 'Membership' && owner('userSub')) {
      const s = owner('userSub')!;
      const registration = next.registration as Membership['registration'];
      next = { ...next, userEmail: pseudonymousEmail(s.pseudonym), ...(registration ? { registration: { ...registration, registryId: ERASED_TEXT } } : {}) };
    } else if (record.type === 'PitchCaption' && subjects.some((s) => s.submissionIds.has(String(a.submissionId)))) {
      // Their own words: the WebVTT and its record go, as the pitch video does.
      if (typeof a.objectKey === 'string') await ports.videos.delete(a.objectKey);
      await ports.pitches.deleteCaption(String(a.competitionId), String(a.submissionId), String(a.language));
      rewritten++;
      continue;
    } else if (record.type === 'AnswerFile' && subjects.some((s) => s.submissionIds.has(String(a.submissionId))) && a.fileName !== 'erased') {
      // Issue 14 §3: their answer files go as their pitch does; the record stays, unusable and nameless.
      if (typeof a.objectKey === 'string') await ports.videos.delete(a.objectKey);
      next = { ...next, fileName: 'erased', state: 'rejected', ...rejection({ code: 'ERASED' }) };
    } else if (record.type === 'OrganisationGuard' && owner('ownerSub')) {
      // The guard against a second registration of their organisation is keyed by its registry id,
      // which the erasure removes from the registration: it goes too.
      await ports.personalData.remove(record);
      rewritten++;
      continue;
    } else if (record.type === 'Pitch' && owner('ownerSub') && typeof a.objectKey === 'string' && a.fileName !== 'erased') {
      await ports.videos.delete(a.objectKey);
      next = { ...next, fileName: 'erased' };
    }
    if (isDeepStrictEqual(next, a)) continue;
    if (record.type === 'AuditEntry') {
      const entry = a as unknown as AuditEntry;
      next = { ...next, erased: entry.erased ?? { at, personal: personalDigest(entry) } };
    }
    // Changed since it was read (a domain write in between): fail this run; the job retries from its checkpoint.
    if (!(await ports.personalData.rewrite(record, next))) throw new InvalidState('A record changed while it was being erased; the erasure will try again.');
    rewritten++;
  }
  return rewritten;
}

/** Pages through `partitions` for `subjects`, checkpointing after each page; returns false when it must continue later. */
async function eraseIn(ports: Ports, ctx: JobContext<EraseCheckpoint>, state: EraseCheckpoint, steps: readonly EraseStep[], subjects: Subject[], at: string, skipJob?: string): Promise<boolean> {
  for (;;) {
    const step = steps[state.p];
    if (!step) return true;
    const page = await ports.personalData.page(step.partition, PAGE, state.start);
    // The running job's own record is its runner's to write (and names only the pseudonym).
    const records = page.records.filter((r) => (!step.only || step.only(r)) && !(skipJob && r.type === 'Job' && r.attributes.id === skipJob));
    state.rewritten += await erasePage(ports, records, subjects, at);
    if (page.next) state.start = page.next;
    else {
      state.start = undefined;
      state.p++;
    }
    await ctx.checkpoint({ ...state });
    if (ctx.timeLeftMs() < MARGIN_MS) return false;
  }
}

const subjectOf = (pseudonym: string, sub: string, memberships: Membership[], own?: ErasureRequest['replace'], submissionIds: Iterable<string> = []): Subject => ({
  sub,
  pseudonym,
  submissionIds: new Set(submissionIds),
  emails: [...new Set([...(own?.emails ?? []), ...memberships.flatMap((m) => [m.userEmail, ...(m.registration?.team ?? []).map((t) => t.email)])].filter((e) => e && !e.endsWith('@erased.invalid')))],
  names: [...new Set([...(own?.names ?? []), ...memberships.flatMap((m) => [m.team?.name ?? '', m.registration?.organisationName ?? '', ...(m.registration?.team ?? []).map((t) => t.name)])].filter((n) => n && n !== pseudonym))],
});

async function eraseJob(ports: Ports, ctx: JobContext<EraseCheckpoint>) {
  const who = ctx.who;
  const request = await ports.personalData.getErasure(who.sub);
  if (!request || request.requestedAt !== ctx.job.params.requestedAt) throw new InvalidState('This erasure request was replaced.');
  if (request.state === 'done') return { rows: request.outcomes.length };
  const memberships = (await ports.memberships.listForUser(who.sub)).sort((x, y) => x.competitionId.localeCompare(y.competitionId));
  const competitions = new Map((await ports.competitions.getMany(memberships.map((m) => m.competitionId))).map((c) => [c.id, c]));
  const own = await ports.submissions.listForOwner(who.sub);
  const state: EraseCheckpoint = ctx.resumeFrom ?? { c: 0, p: 0, outcomes: [], rewritten: 0 };
  // The values to replace, read once: a resumed run finds the memberships they came from rewritten.
  const first = subjectOf(request.pseudonym, who.sub, memberships, request.replace);
  state.subject ??= { emails: first.emails, names: first.names };
  const subject: Subject = { sub: who.sub, pseudonym: request.pseudonym, ...state.subject, submissionIds: new Set(own.map((x) => x.id)) };
  const at = request.requestedAt;
  while (state.c < memberships.length) {
    await ctx.progress(state.c, memberships.length + 1, 'Erasing in your competitions');
    const m = memberships[state.c]!;
    const competition = competitions.get(m.competitionId);
    if (state.p === 0 && state.start === undefined && !state.outcomes.some((o) => o.competitionId === m.competitionId)) {
      // Awarded here: the funder's retention keeps this competition's data until its end.
      const awarded = await ports.personalData.awardedSubmissions(m.competitionId);
      const mine = own.filter((s) => s.competitionId === m.competitionId && awarded.has(s.id));
      if (mine.length > 0 && competition) {
        const settings = await ports.personalData.getSettings(m.competitionId);
        const keptUntil = retentionDates(competition, settings.retention ?? DEFAULT_RETENTION).awardedKeptUntil;
        if (keptUntil > ports.clock.now().toISOString()) {
          state.outcomes.push({ competitionId: m.competitionId, title: competition.title, outcome: 'kept', keptUntil, keptBecause: 'awarded', reason: AWARDED_KEPT_REASON });
          state.c++;
          await ctx.checkpoint({ ...state });
          continue;
        }
      }
    }
    const finished = await eraseIn(ports, ctx, state, competitionSteps(m.competitionId), [subject], at);
    if (!finished) return ctx.continueLater();
    if (!state.outcomes.some((o) => o.competitionId === m.competitionId)) state.outcomes.push({ competitionId: m.competitionId, title: competition?.title ?? '', outcome: 'erased' });
    state.c++;
    state.p = 0;
    await ctx.checkpoint({ ...state });
  }
  // Last, the person's inbox and their earlier jobs (downloads started under their name), whose
  // files go: a download made before the erasure holds everything it erased.
  await ctx.progress(memberships.length, memberships.length + 1, 'Erasing your notifications');
  await deleteEarlierDownloads(ports, who.sub, ctx.job.id);
  // What SES reported about their addresses (kept by address, MAILSTATUS#…): forgotten with them.
  await Promise.all(subject.emails.map((e) => ports.mailStatus.forget(e)));
  const last: EraseStep[] = [{ partition: { of: 'inbox', sub: who.sub } }, { partition: { of: 'jobs', scope: personScope(who.sub) } }];
  const finished = await eraseIn(ports, ctx, state, last, [subject], at, ctx.job.id);
  if (!finished) return ctx.continueLater();
  const finishedAt = ports.clock.now().toISOString();
  await Promise.all(
    state.outcomes.map(async (o) => {
      await ports.personalData.putCompetitionErasure({ competitionId: o.competitionId, sub: who.sub, pseudonym: request.pseudonym, requestedAt: request.requestedAt, source: 'person', state: 'done', outcome: o.outcome, ...(o.keptUntil ? { keptUntil: o.keptUntil, ...(o.keptBecause ? { keptBecause: o.keptBecause } : {}), reason: o.reason } : {}), finishedAt });
      // Audited in each competition, under the pseudonym (after the erasure: nothing to erase in it).
      await ports.audit.append({ competitionId: o.competitionId, at: finishedAt, actor: { sub: who.sub, email: pseudonymousEmail(request.pseudonym) }, action: 'personal-data.erased', target: `person:${request.pseudonym}`, after: { outcome: o.outcome, ...(o.keptUntil ? { keptUntil: o.keptUntil } : {}) } });
    }),
  );
  await ports.personalData.putErasure(withoutReplace({ ...request, jobId: ctx.job.id, state: 'done', outcomes: state.outcomes, finishedAt }), 'replace');
  await ctx.progress(memberships.length + 1, memberships.length + 1, 'Done');
  return { rows: state.rewritten, counts: { competitions: state.outcomes.length, kept: state.outcomes.filter((o) => o.outcome === 'kept').length, rewritten: state.rewritten } };
}

/** Deletes the files of the person's earlier personal-data downloads (a page of jobs at a time). */
async function deleteEarlierDownloads(ports: Pick<Ports, 'jobs' | 'files'>, sub: string, exceptJob: string): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await ports.jobs.list(personScope(sub), 100, cursor);
    const files = page.items.filter((j) => j.id !== exceptJob && j.params.action === 'export').map(fileOf);
    await Promise.all(files.map((f) => (f ? ports.files.delete(f.key) : undefined)));
    cursor = page.nextCursor;
  } while (cursor);
}

// ——— Retention ———

/** The competition's applicants who received no award: registrants with no awarded submission, and their teams' members. */
async function nonAwardedApplicants(ports: Ports, competitionId: string): Promise<Membership[]> {
  const [members, awarded] = await Promise.all([allMembers(ports, competitionId), ports.personalData.awardedSubmissions(competitionId)]);
  const owners = await ports.submissions.listOwners(competitionId, 'submitted');
  const awardedOwners = new Set(owners.filter((o) => awarded.has(o.id)).map((o) => o.ownerSub));
  const registrants = members.filter((m) => m.registration && !awardedOwners.has(m.userSub));
  const erased = new Set(registrants.map((m) => m.userSub));
  return [...registrants, ...members.filter((m) => !m.registration && m.team && erased.has(m.team.teamSub) && !m.roles.includes('organiser'))];
}

async function retentionEraseJob(ports: Ports, competitionId: string, ctx: JobContext<EraseCheckpoint>) {
  const [people, ...byStatus] = await Promise.all([nonAwardedApplicants(ports, competitionId), ...SUBMISSION_STATUSES.map((status) => ports.submissions.listOwners(competitionId, status))]);
  const owners = byStatus.flat();
  const ownedBy = (sub: string) => owners.filter((o) => o.ownerSub === sub).map((o) => o.id);
  const subjects = await Promise.all(people.map(async (m) => subjectOf((await ports.personalData.getErasure(m.userSub))?.pseudonym ?? (await ports.personalData.pseudonymOf(m.userSub)), m.userSub, [m], undefined, ownedBy(m.userSub))))
  const state: EraseCheckpoint = ctx.resumeFrom ?? { c: 0, p: 0, outcomes: [], rewritten: 0 };
  const at = ctx.job.createdAt;
  await ctx.progress(state.p, STEPS, 'Erasing non-awarded applicants’ data');
  if (subjects.length > 0) {
    const finished = await eraseIn(ports, ctx, state, competitionSteps(competitionId), subjects, at);
    if (!finished) return ctx.continueLater();
  }
  const finishedAt = ports.clock.now().toISOString();
  await Promise.all(subjects.map((s) => ports.personalData.putCompetitionErasure({ competitionId, sub: s.sub, pseudonym: s.pseudonym, requestedAt: at, source: 'retention', state: 'done', outcome: 'erased', finishedAt })));
  await ports.audit.append({ competitionId, at: finishedAt, actor: { sub: SCHEDULER.sub, email: SCHEDULER.email }, action: 'personal-data.retention-erased', target: `competition:${competitionId}`, after: { applicants: subjects.length, rewritten: state.rewritten } });
  await ctx.progress(STEPS, STEPS, 'Done');
  return { rows: state.rewritten, counts: { applicants: subjects.length, rewritten: state.rewritten } };
}

/**
 * The scheduler's part (scheduler.ts): for each published competition, the notice to its
 * organisers `noticeDays` before the non-awarded applicants' data is erased, then the erasure job —
 * each claimed once (a conditional write), so repeated or overlapping runs act once.
 */
export async function runRetention(ports: Ports & { webOrigin: string }): Promise<{ noticed: string[]; erasing: string[] }> {
  const now = ports.clock.now();
  const published = await allPages((cursor) => ports.competitions.listPublished(now, 100, cursor));
  // Only competitions whose results date has passed can be due (retention counts from the results).
  const past = published.filter((c) => Date.parse(c.resultsPublishedAt ?? c.schedule.resultsDate) <= now.getTime());
  if (past.length === 0) return { noticed: [], erasing: [] };
  const settings = await ports.personalData.getSettingsMany(past.map((c) => c.id));
  const noticed: string[] = [];
  const erasing: string[] = [];
  for (const c of past) {
    const s = settings.get(c.id)!;
    const dates = retentionDates(c, s.retention ?? DEFAULT_RETENTION);
    const due = retentionDue(dates, { noticeSentAt: s.retentionNoticeAt, erasedAt: s.retentionErasedAt }, now);
    if (due === 'notice') {
      if (!(await ports.personalData.claimRetentionStep(c.id, 'notice', now.toISOString()))) continue;
      try {
        await noticeOrganisers(ports, c, dates.othersEraseAt, dates.noticeDays);
        noticed.push(c.id);
      } catch (e) {
        await ports.personalData.releaseRetentionStep(c.id, 'notice');
        throw e;
      }
    } else if (due === 'erase') {
      if (!(await ports.personalData.claimRetentionStep(c.id, 'erase', now.toISOString()))) continue;
      try {
        await startJobFor(ports, SCHEDULER, c.id, PERSONAL_DATA_JOB, { action: 'retention-erase' });
        erasing.push(c.id);
      } catch (e) {
        await ports.personalData.releaseRetentionStep(c.id, 'erase');
        throw e;
      }
    }
  }
  return { noticed, erasing };
}

async function noticeOrganisers(ports: Ports & { webOrigin: string }, c: Competition, eraseAt: string, noticeDays: number) {
  const subs = await ports.programmes.listOrganisers(c);
  const [organisers, applicants] = await Promise.all([ports.memberships.getMany(c.id, subs), nonAwardedApplicants(ports, c.id)]);
  // The erasure comes at the retention's end, and never sooner than the notice period from now.
  const earliest = new Date(ports.clock.now().getTime() + noticeDays * 86_400_000).toISOString();
  const eraseDay = eraseAt > earliest ? eraseAt : earliest;
  const days = Math.max(1, Math.ceil((Date.parse(eraseDay) - ports.clock.now().getTime()) / 86_400_000));
  await Promise.all(
    organisers.flatMap((m) => {
      const to = trustedEmail(m);
      return to
        ? [trySendMessage(ports, { kind: 'retention-notice', competitionId: c.id, to, recipientSub: m.userSub, fields: { competition: c.title, pending: String(applicants.filter((a) => a.registration).length), deadline: zoned(eraseDay, c.schedule.timeZone), days: String(days), link: `${ports.webOrigin}/competitions/${c.id}/privacy` } })]
        : [];
    }),
  );
  await ports.audit.append({ competitionId: c.id, at: ports.clock.now().toISOString(), actor: { sub: SCHEDULER.sub, email: SCHEDULER.email }, action: 'personal-data.retention-notice', target: `competition:${c.id}`, after: { eraseAt: eraseDay } });
}
