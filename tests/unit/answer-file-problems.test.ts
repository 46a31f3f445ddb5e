/**
 * Why an answer file was rejected, in every language (web/src/answer-files.ts
 * `answerFileProblemText`): the facts the processor stores (use-cases/answer-files.ts) beside its
 * English sentence (domain/answer-file.ts), worded by the page.
 */
import { describe, expect, it } from 'vitest';
import { answerFileProblemSentence, rejection } from '../../functions/domain/answer-file.ts';
import { ANSWER_FILE_PROBLEM_CODES, type AnswerFileProblem } from '../../functions/shared/questions.ts';
import { LOCALES } from '../../functions/shared/i18n/locales.ts';
import { setLocale } from '../../web/src/i18n.ts';
import { answerFileProblemText } from '../../web/src/answer-files.ts';

const PROBLEMS: AnswerFileProblem[] = ANSWER_FILE_PROBLEM_CODES.map((code) =>
  code === 'TOO_LARGE' ? { code, maxBytes: 5 * 1024 * 1024 } : code === 'KIND_NOT_ACCEPTED' ? { code, extension: 'png', accepted: ['pdf', 'office'] } : { code },
);

describe('an answer file’s rejection', () => {
  it('is stored as its facts with the English sentence made from them', () => {
    for (const p of PROBLEMS) expect(rejection(p)).toEqual({ reason: answerFileProblemSentence(p), problem: p });
    expect(answerFileProblemSentence(PROBLEMS[0]!)).toBe('The file is larger than this question allows (5 MiB).');
  });

  for (const locale of LOCALES) {
    it(`${locale}: says every reason, with the facts`, async () => {
      await setLocale('en', { remember: false });
      const english = PROBLEMS.map((p) => answerFileProblemText(rejection(p)));
      await setLocale(locale, { remember: false });
      const said = PROBLEMS.map((p) => answerFileProblemText(rejection(p))!);
      expect(new Set(said).size).toBe(PROBLEMS.length);
      if (locale !== 'en') said.forEach((s, i) => expect(s).not.toBe(english[i]));
      const kind = said[ANSWER_FILE_PROBLEM_CODES.indexOf('KIND_NOT_ACCEPTED')]!;
      expect(kind).toContain('PNG');
      expect(said[0]).toMatch(/5/);
      // A rejection stored before it kept facts reads as the server wrote it.
      expect(answerFileProblemText({ reason: 'The file is empty.' })).toBe('The file is empty.');
    });
  }
});
