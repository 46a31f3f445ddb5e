/**
 * What is wrong with a pitch video, in the reader's language: the facts the server stores with
 * its verdict (functions/shared/pitch-problems.ts) worded with `pitchProblem.*`. A verdict stored
 * before it kept facts (or an unknown code) is shown in the server's sentence.
 */
import { AUDIO_CODEC_NAMES, PITCH_FORMAT_LABELS, VIDEO_CODEC_NAMES, type PitchProblem } from '../../functions/shared/pitch-problems.ts';
import { formatBytes, formatDuration, formatList } from './format.ts';
import { t } from './i18n.ts';

const format = (f: string | undefined) => PITCH_FORMAT_LABELS[f ?? ''] ?? String(f);

function codec(p: PitchProblem): string {
  if (p.codec === 'other') return t('pitchProblem.codec.other', { id: p.codecId ?? '?' });
  if (p.codec === 'unread') return t('pitchProblem.codec.unread');
  if (p.codec === 'pcm') return t('pitchProblem.codec.pcm');
  return (p.track === 'audio' ? AUDIO_CODEC_NAMES : VIDEO_CODEC_NAMES)[p.codec ?? ''] ?? String(p.codec);
}

function container(f: string | undefined): string {
  if (f === 'webm') return t('pitchProblem.container.webm');
  if (f === 'quicktime') return t('pitchProblem.container.quicktime');
  return t('pitchProblem.container.mp4');
}

function sentence(p: PitchProblem): string | undefined {
  const advice = t('pitchProblem.exportAdvice');
  switch (p.code) {
    case 'NOT_A_VIDEO':
      return t('pitchProblem.NOT_A_VIDEO');
    case 'UNSUPPORTED_FORMAT':
      return t('pitchProblem.UNSUPPORTED_FORMAT');
    case 'TRUNCATED':
      return t('pitchProblem.TRUNCATED');
    case 'NO_DURATION':
      return t('pitchProblem.NO_DURATION');
    case 'EMPTY':
      return t('pitchProblem.EMPTY');
    case 'FORMAT_NOT_ALLOWED':
      return t('pitchProblem.FORMAT_NOT_ALLOWED', { format: format(p.format), allowed: formatList((p.allowed ?? []).map(format)) });
    case 'FORMAT_MISMATCH':
      return t('pitchProblem.FORMAT_MISMATCH', { declared: format(p.declared), format: format(p.format) });
    case 'TOO_LARGE':
      return t('pitchProblem.TOO_LARGE', { size: formatBytes(p.sizeBytes ?? 0), max: formatBytes(p.maxSizeBytes ?? 0) });
    case 'TOO_LONG':
      return t('pitchProblem.TOO_LONG', { duration: formatDuration(p.durationSeconds ?? 0), max: formatDuration(p.maxDurationSeconds ?? 0) });
    case 'CODEC_UNKNOWN':
      return `${t('pitchProblem.CODEC_UNKNOWN')} ${advice}`;
    case 'CODEC_NOT_PLAYABLE':
      return `${t(p.track === 'audio' ? 'pitchProblem.CODEC_NOT_PLAYABLE.audio' : 'pitchProblem.CODEC_NOT_PLAYABLE.video', { codec: codec(p), container: container(p.format) })} ${advice}`;
    case 'TRANSCODE_FAILED':
      return t('pitchProblem.TRANSCODE_FAILED', { detail: p.detail ?? '' });
    default:
      return undefined;
  }
}

/** The problem in words, or the server's sentence (`reason`) when there are no facts to word. */
export function pitchProblemText(problem: PitchProblem | undefined, reason: string | undefined): string | undefined {
  const said = problem && sentence(problem);
  if (!said) return reason;
  return problem.notConverted ? t('pitchProblem.notConverted', { problem: said, why: problem.notConverted }) : said;
}
