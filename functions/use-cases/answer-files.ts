/**
 * Files that answer file questions (issue 14 §3), end to end: the team asks for a presigned POST
 * (one per submission and question; S3 itself refuses a body over the question's limit), the
 * browser posts the file straight to S3, S3's ObjectCreated event reaches `processUploadedAnswerFile`
 * (through app/pitch-events.ts, like pitches), which re-checks the size and judges the bytes
 * (domain/file-sniff.ts). Where the organiser enabled the malware scan, the file then waits for
 * GuardDuty's verdict (`recordMalwareScanResult`, from EventBridge on AWS; locally the stand-in
 * passes it at once and says so). Reading is a short-lived presigned GET, handed only to those who
 * may see the submission (use-cases/submissions.ts loadSubmission; reviewers through their
 * assignment, use-cases/reviews.ts), under a neutral name in blind rounds.
 */
import {
  answerFileKey,
  LOCAL_SCAN_NOTE,
  mayDownload,
  neutralFileName,
  parseAnswerFileKey,
  rejection,
  type AnswerFile,
  type AnswerFileState,
  type Scanner,
} from '../domain/answer-file.ts';
import type { Competition } from '../domain/competition.ts';
import { NotFound, RuleViolation, VersionConflict } from '../domain/errors.ts';
import { FORMAT_INFO, sniffFile } from '../domain/file-sniff.ts';
import type { Identity } from '../domain/identity.ts';
import type { AnswerFileProblem, FileQuestion } from '../domain/questions.ts';
import { assertCanEdit } from '../domain/submission.ts';
import type { Ports } from './ports.ts';
import { loadOwnSubmission, loadSubmission } from './submissions.ts';
import { formatBytes } from '../shared/units.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'submissions' | 'evaluation' | 'pitches' | 'videos' | 'audit' | 'clock' | 'ids'>;
type ProcessorDeps = Pick<Ports, 'competitions' | 'pitches' | 'videos' | 'audit' | 'clock'>;

/** Presigned POSTs and GETs live this long. */
export const UPLOAD_URL_SECONDS = 900;
export const DOWNLOAD_URL_SECONDS = 300;
/** What the object is stored as; its real type is judged from its bytes. */
const STORED_TYPE = 'application/octet-stream';
const SYSTEM = { sub: 'system', email: 'file-processor' };

export interface AnswerFileView {
  questionId: string;
  fileId: string;
  state: AnswerFileState;
  /** The uploaded name (team and organisers), or the neutral one (blind rounds). */
  fileName: string;
  sizeBytes?: number;
  format?: string;
  reason?: string;
  problem?: AnswerFileProblem;
  scan: boolean;
  /** "scanned by the local stand-in — no real malware scan" where no real scanner runs. */
  scanNote?: string;
  /** Only for those who may download it now, for a few minutes. */
  downloadUrl?: string;
}

function fileQuestion(c: Competition, questionId: string): FileQuestion {
  const q = c.questions.find((x) => x.id === questionId);
  if (!q || q.type !== 'file') throw new NotFound('This competition has no such file question.');
  return q;
}

/** The name a download is saved under: the entrant's own, or neutral (blind reading). */
export function downloadName(c: Competition, f: AnswerFile, blind: boolean): string {
  const ext = f.format ? FORMAT_INFO[f.format].extension : undefined;
  if (blind) return neutralFileName(Math.max(0, c.questions.findIndex((q) => q.id === f.questionId)), ext);
  return f.fileName;
}

export async function fileView(ports: Pick<Ports, 'videos'>, c: Competition, f: AnswerFile, viewer: string, blind = false): Promise<AnswerFileView> {
  const name = downloadName(c, f, blind);
  return {
    questionId: f.questionId,
    fileId: f.fileId,
    state: f.state,
    fileName: name,
    ...(f.sizeBytes !== undefined ? { sizeBytes: f.sizeBytes } : {}),
    ...(f.format ? { format: f.format } : {}),
    ...(f.reason ? { reason: f.reason } : {}),
    ...(f.problem ? { problem: f.problem } : {}),
    scan: f.scan,
    ...(f.scanner === 'local-stand-in' ? { scanNote: LOCAL_SCAN_NOTE } : {}),
    ...(mayDownload(f, viewer) ? { downloadUrl: await ports.videos.presignDownload(f.objectKey, DOWNLOAD_URL_SECONDS, name) } : {}),
  };
}

export interface StartAnswerFileInput {
  fileName: string;
  sizeBytes: number;
}

/** Starts an upload for one file question; the previous file of that question is replaced. */
export async function startAnswerFileUpload(
  ports: Deps,
  caller: Identity | undefined,
  competitionId: string,
  submissionId: string,
  questionId: string,
  input: StartAnswerFileInput,
) {
  const { who, competition, submission } = await loadOwnSubmission(ports, caller, competitionId, submissionId);
  const now = ports.clock.now();
  assertCanEdit(competition, submission, now);
  const q = fileQuestion(competition, questionId);
  if (input.sizeBytes > q.maxBytes)
    throw new RuleViolation('FILE_TOO_LARGE', `This question takes files of at most ${formatBytes(q.maxBytes)}.`, { sizeBytes: `at most ${q.maxBytes}` });
  const previous = await ports.pitches.getAnswerFile(competitionId, submissionId, questionId);
  const fileId = ports.ids.next();
  const at = now.toISOString();
  const file: AnswerFile = {
    competitionId,
    submissionId,
    questionId,
    fileId,
    objectKey: answerFileKey(competitionId, submissionId, questionId, fileId),
    fileName: input.fileName,
    declaredSize: input.sizeBytes,
    maxBytes: q.maxBytes,
    accepted: q.kinds,
    state: 'uploaded',
    scan: competition.malwareScan === true,
    uploadedBy: who.sub,
    createdAt: at,
    updatedAt: at,
    version: (previous?.version ?? 0) + 1,
  };
  if (!(await ports.pitches.putAnswerFile(file, previous?.version ?? 0))) throw new VersionConflict('Another upload for this question just started. Reload and try again.');
  if (previous) await ports.videos.delete(previous.objectKey).catch(() => undefined); // replaced
  const upload = await ports.videos.presignPost(file.objectKey, UPLOAD_URL_SECONDS, { contentType: STORED_TYPE, maxBytes: q.maxBytes });
  await ports.audit.append({ competitionId, at, actor: { sub: who.sub, email: who.email }, action: 'answer-file.upload-started', target: `submission:${submissionId}`, after: { questionId, fileId, fileName: input.fileName, sizeBytes: input.sizeBytes } });
  return {
    file: await fileView(ports, competition, file, who.sub),
    upload: { url: upload.url, fields: upload.fields, expiresAt: new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString() },
  };
}

/** The submission's answer files, for its team and its organisers (404 for anyone else). */
export async function listAnswerFiles(ports: Deps, caller: Identity | undefined, competitionId: string, submissionId: string): Promise<{ files: AnswerFileView[] }> {
  const { who, competition } = await loadSubmission(ports, caller, competitionId, submissionId);
  const files = await ports.pitches.listAnswerFiles(competitionId, submissionId);
  return { files: await Promise.all(files.map((f) => fileView(ports, competition, f, who.sub))) };
}

/** Files as a reviewer reads them: those the submission's answers point to, neutrally named in blind rounds. */
export async function filesForReview(ports: Pick<Ports, 'pitches' | 'videos'>, c: Competition, submissionId: string, answers: Record<string, unknown>, viewer: string, blind: boolean) {
  if (!c.questions.some((q) => q.type === 'file')) return new Map<string, AnswerFileView>();
  const files = await ports.pitches.listAnswerFiles(c.id, submissionId, { consistent: false });
  const current = files.filter((f) => (answers[f.questionId] as { fileId?: string } | undefined)?.fileId === f.fileId);
  // A reviewer is never the uploader: only verified or clean files come with a link.
  return new Map(await Promise.all(current.map(async (f) => [f.questionId, await fileView(ports, c, f, viewer === f.uploadedBy ? '' : viewer, blind)] as const)));
}

export { fileStates } from './answer-file-states.ts';

/** Writes `next` over `f` (conditional on its version); on a lost race, re-reads and asks `decide` again. */
async function change(ports: ProcessorDeps, f: AnswerFile, decide: (f: AnswerFile) => AnswerFile | undefined): Promise<AnswerFile | undefined> {
  let current: AnswerFile | undefined = f;
  for (let attempt = 0; attempt < 5 && current; attempt++) {
    const next = decide(current);
    if (!next) return undefined;
    const written = { ...next, version: current.version + 1, updatedAt: ports.clock.now().toISOString() };
    if (await ports.pitches.putAnswerFile(written, current.version)) return written;
    current = await ports.pitches.getAnswerFile(f.competitionId, f.submissionId, f.questionId);
    if (current?.fileId !== f.fileId) return undefined; // replaced meanwhile
  }
  return undefined;
}

function audit(ports: ProcessorDeps, f: AnswerFile, action: string, after: unknown) {
  return ports.audit.append({ competitionId: f.competitionId, at: ports.clock.now().toISOString(), actor: SYSTEM, action, target: `submission:${f.submissionId}`, after });
}

export type FileOutcome = 'verified' | 'rejected' | 'awaiting-scan' | 'clean' | 'infected' | 'ignored';

/**
 * Judges an answer file on arrival. `scanner`: who scans where the competition asked for it —
 * GuardDuty on AWS (the file then awaits its verdict), the local stand-in elsewhere (clean at once).
 */
export async function processUploadedAnswerFile(ports: ProcessorDeps, objectKey: string, scanner: Scanner): Promise<FileOutcome> {
  const ids = parseAnswerFileKey(objectKey);
  if (!ids) return 'ignored';
  const f = await ports.pitches.getAnswerFile(ids.competitionId, ids.submissionId, ids.questionId);
  if (!f || f.fileId !== ids.fileId) {
    // Replaced before it arrived: nobody wants this object.
    await ports.videos.delete(objectKey).catch(() => undefined);
    return 'ignored';
  }
  if (f.state !== 'uploaded') return 'ignored'; // judged already (a re-delivered event)
  const head = await ports.videos.head(objectKey);
  if (!head) return 'ignored';
  let problem: AnswerFileProblem | undefined;
  let found: Pick<AnswerFile, 'format' | 'kind'> = {};
  if (head.sizeBytes > f.maxBytes) problem = { code: 'TOO_LARGE', maxBytes: f.maxBytes };
  else {
    const sniff = await sniffFile((offset, length) => ports.videos.read(objectKey, offset, length), head.sizeBytes);
    if (!sniff.ok) problem = { code: sniff.code };
    else if (!f.accepted.includes(sniff.kind)) problem = { code: 'KIND_NOT_ACCEPTED', extension: FORMAT_INFO[sniff.format].extension, accepted: [...f.accepted] };
    else found = { format: sniff.format, kind: sniff.kind };
  }
  const written = await change(ports, f, (cur) => {
    if (cur.state !== 'uploaded') return undefined;
    if (problem) return { ...cur, state: 'rejected', ...rejection(problem), sizeBytes: head.sizeBytes };
    if (!cur.scan) return { ...cur, ...found, state: 'verified', sizeBytes: head.sizeBytes };
    if (scanner === 'local-stand-in') return { ...cur, ...found, state: 'clean', scanner, sizeBytes: head.sizeBytes };
    // GuardDuty's verdict may have come first (it scans on the same event).
    const early = cur.scanResult;
    const state: AnswerFileState = early === 'clean' ? 'clean' : early === 'infected' ? 'infected' : early === 'failed' ? 'rejected' : 'awaiting-scan';
    return { ...cur, ...found, state, scanner, sizeBytes: head.sizeBytes, ...(early === 'failed' ? rejection({ code: 'SCAN_FAILED' }) : {}) };
  });
  if (!written) return 'ignored';
  if (written.state === 'rejected' || written.state === 'infected') await ports.videos.delete(objectKey);
  await audit(ports, written, `answer-file.${written.state}`, { questionId: f.questionId, fileId: f.fileId, ...(written.format ? { format: written.format } : {}), ...(written.reason ? { reason: written.reason } : {}) });
  return written.state as FileOutcome;
}

/** GuardDuty Malware Protection's `scanResultStatus` → what it means for the file. */
export function scanVerdict(status: string): 'clean' | 'infected' | 'failed' {
  return status === 'NO_THREATS_FOUND' ? 'clean' : status === 'THREATS_FOUND' ? 'infected' : 'failed';
}

/** Records a malware scan's result (EventBridge "GuardDuty Malware Protection Object Scan Result"). */
export async function recordMalwareScanResult(ports: ProcessorDeps, objectKey: string, status: string): Promise<FileOutcome> {
  const ids = parseAnswerFileKey(objectKey);
  if (!ids) return 'ignored';
  const f = await ports.pitches.getAnswerFile(ids.competitionId, ids.submissionId, ids.questionId);
  if (!f || f.fileId !== ids.fileId) return 'ignored';
  const verdict = scanVerdict(status);
  const written = await change(ports, f, (cur) => {
    if (cur.state === 'uploaded') return cur.scanResult ? undefined : { ...cur, scanResult: verdict }; // the content check applies it
    if (cur.state !== 'awaiting-scan') return undefined;
    if (verdict === 'failed') return { ...cur, state: 'rejected', scanner: 'guardduty', ...rejection({ code: 'SCAN_FAILED' }) };
    return { ...cur, state: verdict, scanner: 'guardduty' };
  });
  if (!written || written.state === 'uploaded') return 'ignored';
  if (written.state !== 'clean') await ports.videos.delete(objectKey).catch(() => undefined);
  await audit(ports, written, `answer-file.${written.state}`, { questionId: f.questionId, fileId: f.fileId, scan: status });
  return written.state as FileOutcome;
}
