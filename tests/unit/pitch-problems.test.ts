/**
 * What is wrong with a pitch video, in every language (web/src/pitch-problems.ts): the facts the
 * server's verdict stores (domain/pitch.ts) worded by the web, in English as the server says them.
 */
import { describe, expect, it } from 'vitest';
import { judgeVideo, pitchProblemSentence, probeProblem, withSentence, DEFAULT_PITCH_POLICY } from '../../functions/domain/pitch.ts';
import { PITCH_PROBLEM_CODES, type PitchProblem } from '../../functions/shared/pitch-problems.ts';
import { LOCALES } from '../../functions/shared/i18n/locales.ts';
import { setLocale } from '../../web/src/i18n.ts';
import { pitchProblemText } from '../../web/src/pitch-problems.ts';

const hevc = { video: { codec: 'hevc' as const, id: 'hvc1' }, audio: { codec: 'aac' as const, id: 'mp4a.40.2' } };
const facts = { sizeBytes: 50_000_000, format: 'mp4' as const, durationSeconds: 120, codecs: { video: { codec: 'h264' as const, id: 'avc1' }, audio: { codec: 'aac' as const, id: 'mp4a.40.2' } } };

/** One problem of every code, as the verdicts make them. */
function everyProblem(): PitchProblem[] {
  const refused = (v: ReturnType<typeof judgeVideo>) => {
    if (v.ok) throw new Error('expected a refusal');
    expect(v.reason).toBe(pitchProblemSentence(v.problem));
    return v.problem;
  };
  return [
    ...(['not-a-video', 'unsupported-format', 'truncated', 'no-duration'] as const).map(probeProblem),
    refused(judgeVideo(DEFAULT_PITCH_POLICY, { ...facts, durationSeconds: 0 }, 'mp4')),
    refused(judgeVideo({ ...DEFAULT_PITCH_POLICY, formats: ['mp4', 'quicktime'] }, { ...facts, format: 'webm' }, 'webm')),
    refused(judgeVideo(DEFAULT_PITCH_POLICY, facts, 'webm')),
    refused(judgeVideo({ ...DEFAULT_PITCH_POLICY, maxSizeBytes: 1_000_000 }, facts, 'mp4')),
    refused(judgeVideo(DEFAULT_PITCH_POLICY, { ...facts, durationSeconds: 181 }, 'mp4')),
    refused(judgeVideo(DEFAULT_PITCH_POLICY, { ...facts, codecs: {} }, 'mp4')),
    refused(judgeVideo(DEFAULT_PITCH_POLICY, { ...facts, format: 'quicktime', codecs: hevc }, 'quicktime')),
    refused(judgeVideo(DEFAULT_PITCH_POLICY, { ...facts, codecs: { ...facts.codecs, audio: { codec: 'pcm', id: 'lpcm' } } }, 'mp4')),
    refused(judgeVideo(DEFAULT_PITCH_POLICY, { ...facts, codecs: { video: { codec: 'other', id: 'xyz1' } } }, 'mp4')),
    withSentence({ code: 'TRANSCODE_FAILED', detail: 'MediaConvert: error 1010' }).problem,
  ];
}

describe('a pitch video’s problem', () => {
  it('every code is made by a verdict', () => {
    expect(new Set(everyProblem().map((p) => p.code))).toEqual(new Set(PITCH_PROBLEM_CODES));
  });

  it('reads in English as the server says it (unusual codecs’ ids aside, which the page quotes typographically)', async () => {
    await setLocale('en', { remember: false });
    for (const p of everyProblem().filter((x) => x.codec !== 'other')) expect(pitchProblemText(p, 'unused')).toBe(pitchProblemSentence(p));
    const notConverted = { ...everyProblem().find((p) => p.codec === 'hevc')!, notConverted: 'Automatic conversion is not available here.' };
    expect(pitchProblemText(notConverted, 'unused')).toBe(pitchProblemSentence(notConverted));
  });

  for (const locale of LOCALES.filter((l) => l !== 'en')) {
    it(`${locale}: says each problem in its own words, with the facts`, async () => {
      await setLocale('en', { remember: false });
      const english = everyProblem().map((p) => pitchProblemText(p, undefined));
      await setLocale(locale, { remember: false });
      const said = everyProblem().map((p) => pitchProblemText(p, undefined)!);
      said.forEach((s, i) => expect(s).not.toBe(english[i]));
      expect(new Set(said).size).toBe(said.length);
      expect(said.find((s) => s.includes('HEVC (H.265)'))).toBeDefined();
      expect(said.find((s) => s.includes('xyz1'))).toBeDefined();
      expect(said.find((s) => s.includes('MediaConvert: error 1010'))).toBeDefined();
    });
  }

  it('without facts (stored before, or a code the page does not know) is the server’s sentence', async () => {
    await setLocale('fr', { remember: false });
    expect(pitchProblemText(undefined, 'The video has no length.')).toBe('The video has no length.');
    expect(pitchProblemText({ code: 'SOMETHING_NEW' as PitchProblem['code'] }, 'A new sentence.')).toBe('A new sentence.');
  });
});
