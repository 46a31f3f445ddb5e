/**
 * A file uploaded as the answer to a file question (issue 14 §3). One per (submission, question):
 * a new upload replaces the previous one. Its life:
 *
 *   uploaded → verified | rejected (reason)            without a malware scan
 *   uploaded → awaiting-scan → clean | infected        where the organiser enabled the scan
 *
 * `uploaded` means a presigned URL was handed out and the object is awaited; the processor judges
 * the object by its bytes (domain/file-sniff.ts) and size. Only the uploader may download a file
 * before it is usable (`verified` or `clean`); nobody downloads a rejected or infected one.
 */
import type { FileFormat } from './file-sniff.ts';
import { FILE_KIND_LABELS, type AnswerFileProblem, type FileKind } from './questions.ts';
import { formatBytes } from '../shared/units.ts';

export const ANSWER_FILE_STATES = ['uploaded', 'verified', 'rejected', 'awaiting-scan', 'clean', 'infected'] as const;
export type AnswerFileState = (typeof ANSWER_FILE_STATES)[number];

export const ANSWER_FILE_STATE_LABELS: Record<AnswerFileState, string> = {
  uploaded: 'Checking the file…',
  verified: 'Verified',
  rejected: 'Rejected',
  'awaiting-scan': 'Awaiting malware scan',
  clean: 'Scanned: no malware found',
  infected: 'Malware found — removed',
};

/** Who scanned: GuardDuty Malware Protection for S3 on AWS, or the local stand-in (which scans nothing). */
export type Scanner = 'guardduty' | 'local-stand-in';
export const LOCAL_SCAN_NOTE = 'scanned by the local stand-in — no real malware scan';

export interface AnswerFile {
  competitionId: string;
  submissionId: string;
  questionId: string;
  fileId: string;
  objectKey: string;
  /** The name the entrant's file had: shown to the team and organisers, never in blind rounds. */
  fileName: string;
  declaredSize: number;
  maxBytes: number;
  accepted: FileKind[];
  state: AnswerFileState;
  /** Whether this file must pass a malware scan (the competition's setting when it was uploaded). */
  scan: boolean;
  scanner?: Scanner;
  /** A scan result that arrived before the content check finished (applied by it). */
  scanResult?: 'clean' | 'infected' | 'failed';
  format?: FileFormat;
  kind?: FileKind;
  sizeBytes?: number;
  reason?: string;
  /** Why it was rejected, as facts (`reason` is the English sentence). */
  problem?: AnswerFileProblem;
  uploadedBy: string;
  createdAt: string;
  updatedAt: string;
  /** +1 per write; every change is conditional on the version read. */
  version: number;
}

/** A rejection's English sentence, as the server stores (`reason`) and audits it; the web words `problem` itself. */
export function answerFileProblemSentence(p: AnswerFileProblem): string {
  switch (p.code) {
    case 'TOO_LARGE':
      return `The file is larger than this question allows (${formatBytes(p.maxBytes ?? 0)}).`;
    case 'EMPTY':
      return 'The file is empty.';
    case 'ZIP_NOT_OFFICE':
      return 'The file is a ZIP archive but not an office document.';
    case 'NOT_RECOGNISED':
      return 'The file is not a PDF, an image or an office document (judged by its content, not its name).';
    case 'KIND_NOT_ACCEPTED':
      return `The file is ${(p.extension ?? '').toUpperCase()}; this question accepts ${(p.accepted ?? []).map((k) => FILE_KIND_LABELS[k]).join(', ')}.`;
    case 'SCAN_FAILED':
      return 'The malware scan could not check this file.';
    case 'ERASED':
      return 'Erased at the entrant’s request.';
  }
}

/** A rejected file's `reason` and `problem`, together. */
export const rejection = (problem: AnswerFileProblem) => ({ reason: answerFileProblemSentence(problem), problem });

export const ANSWER_FILE_PREFIX = 'answer-files/';

export function answerFileKey(competitionId: string, submissionId: string, questionId: string, fileId: string): string {
  return `${ANSWER_FILE_PREFIX}${competitionId}/${submissionId}/${questionId}/${fileId}`;
}

export function parseAnswerFileKey(key: string): { competitionId: string; submissionId: string; questionId: string; fileId: string } | undefined {
  const m = /^answer-files\/([A-Za-z0-9_-]{1,64})\/([A-Za-z0-9_-]{1,64})\/([A-Za-z0-9_-]{1,64})\/([A-Za-z0-9_-]{1,64})$/.exec(key);
  return m ? { competitionId: m[1]!, submissionId: m[2]!, questionId: m[3]!, fileId: m[4]! } : undefined;
}

/** Whether the file answers its question (a submission may be submitted with it). */
export function isUsable(state: AnswerFileState): boolean {
  return state === 'verified' || state === 'clean' || state === 'awaiting-scan';
}

/** Whether `sub` may download the file now: anyone who may see the submission once it is verified or clean; the uploader from arrival. */
export function mayDownload(f: Pick<AnswerFile, 'state' | 'uploadedBy'>, sub: string): boolean {
  if (f.state === 'verified' || f.state === 'clean') return true;
  return f.uploadedBy === sub && f.state === 'awaiting-scan';
}

/** The download name in blind rounds: the question's position and the real format, nothing of the entrant's. */
export function neutralFileName(questionIndex: number, extension: string | undefined): string {
  return `answer-${questionIndex + 1}${extension ? `.${extension}` : ''}`;
}
