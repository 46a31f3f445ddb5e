/**
 * An answer file in the reader's language: the kinds of file a question accepts, sizes, and why a
 * file was rejected — the facts the processor stores (use-cases/answer-files.ts, `problem`)
 * worded here; a rejection stored without facts reads as the server's sentence.
 */
import type { FileKind } from '../../functions/shared/questions.ts';
import { formatList, formatNumber } from './format.ts';
import { t, type MessageKey } from './i18n.ts';
import type { AnswerFileView } from './types.ts';

const FILE_KIND_WORDS: Record<FileKind, MessageKey> = {
  pdf: 'questionEditor.fileKind.pdf',
  image: 'questionEditor.fileKind.image',
  office: 'questionEditor.fileKind.office',
};

/** A kind of file a question accepts, in the reader's language ("Image (PNG, JPEG, GIF, WebP)"). */
export const fileKindLabel = (k: FileKind): string => (FILE_KIND_WORDS[k] ? t(FILE_KIND_WORDS[k]) : k);

/** A size in KB or MB, in the reader's language. */
export function formatSize(n: number): string {
  return n >= 1024 * 1024 ? t('questionFields.size.mb', { n: formatNumber(Math.round((n / (1024 * 1024)) * 10) / 10) }) : t('questionFields.size.kb', { n: formatNumber(Math.max(1, Math.round(n / 1024))) });
}

/** Why a file was rejected, in the reader's language; a rejection stored without facts in the server's sentence. */
export function answerFileProblemText(file: Pick<AnswerFileView, 'problem' | 'reason'>): string | undefined {
  const p = file.problem;
  if (!p) return file.reason;
  switch (p.code) {
    case 'TOO_LARGE':
      return t('questionFields.problem.TOO_LARGE', { max: formatSize(p.maxBytes ?? 0) });
    case 'KIND_NOT_ACCEPTED':
      return t('questionFields.problem.KIND_NOT_ACCEPTED', { extension: (p.extension ?? '').toUpperCase(), accepted: formatList((p.accepted ?? []).map(fileKindLabel), 'disjunction') });
    default:
      return PROBLEM_WORDS[p.code] ? t(PROBLEM_WORDS[p.code]!) : file.reason;
  }
}
const PROBLEM_WORDS: Partial<Record<NonNullable<AnswerFileView['problem']>['code'], MessageKey>> = {
  EMPTY: 'questionFields.problem.EMPTY',
  ZIP_NOT_OFFICE: 'questionFields.problem.ZIP_NOT_OFFICE',
  NOT_RECOGNISED: 'questionFields.problem.NOT_RECOGNISED',
  SCAN_FAILED: 'questionFields.problem.SCAN_FAILED',
  ERASED: 'questionFields.problem.ERASED',
};

