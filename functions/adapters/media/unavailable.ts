/**
 * The transcoder and transcriber of a deployment without the optional media construct
 * (infra/media-processing.ts) — the local runtime, or AWS where it is not enabled. They fake
 * nothing: `available` is false and `unavailable` says so in a sentence the team is shown; the
 * use cases then refuse as if the organiser had not enabled the option.
 */
import type { Transcoder, Transcriber } from '../../use-cases/ports.ts';

export const TRANSCODING_UNAVAILABLE =
  'automatic conversion to H.264 (AWS Elemental MediaConvert) is not available in this deployment — locally it never is';
export const TRANSCRIPTION_UNAVAILABLE =
  'automatic captions (Amazon Transcribe) are not available in this deployment — locally they never are';

export function unavailableTranscoder(reason = TRANSCODING_UNAVAILABLE): Transcoder {
  return {
    available: false,
    unavailable: reason,
    start: () => Promise.reject(new Error(`Transcoder not available: ${reason}`)),
  };
}

export function unavailableTranscriber(reason = TRANSCRIPTION_UNAVAILABLE): Transcriber {
  return {
    available: false,
    unavailable: reason,
    start: () => Promise.reject(new Error(`Transcriber not available: ${reason}`)),
    languageOf: () => Promise.reject(new Error(`Transcriber not available: ${reason}`)),
  };
}

/**
 * For a function that starts Transcribe through a job (the core API area, api-core.ts): whether
 * the deployment has automatic captions, without the SDK; starting one here is a bug.
 */
export function declaredTranscriber(available: boolean): Transcriber {
  if (!available) return unavailableTranscriber();
  const elsewhere = () => Promise.reject(new Error('Transcriptions are started by the jobs function (media-jobs.ts automaticCaptionsJob).'));
  return { available: true, start: elsewhere, languageOf: elsewhere };
}
