/**
 * Issue 14 §4: what happens when an AWS media job ends, and the organiser's "caption
 * automatically". EventBridge tells the pitch processor (app/media-job-events.ts):
 *
 * - MediaConvert COMPLETE: the conversion under transcoded/ is probed like any upload (size,
 *   container, duration, codecs: it must now play everywhere) and becomes the submission's pitch
 *   (`transcoded: true`); the original upload, which not every browser plays, is deleted.
 *   ERROR (or a conversion that still does not play): the upload is rejected with a sentence,
 *   the slot freed, both objects deleted.
 * - Transcribe COMPLETED: its WebVTT under captions-auto/ is read, checked like a team's file
 *   (caption-convert.ts), stored under captions/ as the track in its language with origin
 *   `automatic`, and Transcribe's output deleted. A track the team uploaded in that language is
 *   kept (theirs wins); a team "corrects" an automatic track by uploading theirs, which replaces it.
 *
 * The same event twice does nothing more: a finished conversion leaves the pitch `ready` (the
 * state change is conditional on `transcoding` and the job id), a stored caption has removed
 * Transcribe's output, so a second delivery finds nothing to store.
 */
import { AUTO_CAPTIONS_STALE_HOURS, languageLabel, captionObjectKey, CAPTION_LIMITS, LANGUAGE_TAG, type Caption } from '../domain/captions.ts';
import { InvalidState, RuleViolation, ValidationFailed } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import {
  autoCaptionsFolder,
  autoCaptionsJsonKey,
  autoCaptionsVttKey,
  parseTranscriptionJobName,
  transcriptionJobName,
  type MediaConvertJobStateChange,
  type TranscribeJobStateChange,
} from '../domain/media-jobs.ts';
import { playability, withSentence, type Pitch, type ReadyPitch } from '../domain/pitch.ts';
import { probeVideo } from '../domain/video-probe.ts';
import { loadOrganisedCompetition, requireIdentity } from './access.ts';
import { startJobFor, viewJob, type JobHandler, type JobView } from './jobs.ts';
import { countTransition } from './dashboard.ts';
import { storeCaptionTrack } from './caption-store.ts';
import type { Ports } from './ports.ts';
import { reject, transcodedObjectKey } from './process-uploaded-pitch.ts';

const SYSTEM = { sub: 'system', email: 'pitch-processor' };

type FinishDeps = Pick<Ports, 'competitions' | 'pitches' | 'videos' | 'audit' | 'clock' | 'metrics' | 'dashboard'>;

export type TranscodeOutcome = 'ready' | 'rejected' | 'ignored';

export async function finishTranscode(ports: FinishDeps, event: MediaConvertJobStateChange): Promise<TranscodeOutcome> {
  const { status, jobId, userMetadata } = event.detail;
  const competitionId = userMetadata?.podiumCompetitionId;
  const pitchId = userMetadata?.podiumPitchId;
  if (!competitionId || !pitchId || (status !== 'COMPLETE' && status !== 'ERROR')) return 'ignored';
  const pitch = await ports.pitches.get(competitionId, pitchId);
  // Only the job this upload is waiting for, once: a finished pitch is no longer `transcoding`.
  if (!pitch || pitch.state !== 'transcoding' || pitch.transcodeJobId !== jobId) return 'ignored';
  const competition = await ports.competitions.get(competitionId);
  if (!competition) return 'ignored';
  const now = ports.clock.now().toISOString();
  const outputKey = transcodedObjectKey(pitch.objectKey);
  const failed = async (detail: string) => {
    const outcome = await reject(ports, competition, pitch, pitch.sizeBytes ?? 0, withSentence({ code: 'TRANSCODE_FAILED', detail }), now, undefined, ['transcoding']);
    await ports.videos.delete(outputKey);
    return outcome as TranscodeOutcome;
  };
  if (status === 'ERROR') return failed(`MediaConvert: ${event.detail.errorMessage ?? `error ${event.detail.errorCode ?? 'unknown'}`}`);

  const head = await ports.videos.head(outputKey);
  if (!head) return failed('no converted file was written');
  const probe = await probeVideo((offset, length) => ports.videos.read(outputKey, offset, length), head.sizeBytes);
  if (!probe.ok) return failed(`the converted file could not be read: ${probe.reason}`);
  const plays = playability(probe.format, probe.codecs);
  if (!plays.ok) return failed(plays.reason);

  const converted: ReadyPitch = {
    pitchId: pitch.id,
    objectKey: outputKey,
    fileName: pitch.fileName,
    sizeBytes: head.sizeBytes,
    format: probe.format,
    durationSeconds: probe.durationSeconds,
    width: probe.width,
    height: probe.height,
    codecs: probe.codecs,
    transcoded: true,
    readyAt: now,
  };
  const previous = await ports.pitches.promote(competitionId, pitch.submissionId, converted);
  const ready: Pitch = { ...pitch, state: 'ready', updatedAt: now };
  delete ready.warning;
  delete ready.warningProblem;
  await ports.pitches.transition(ready, ['transcoding']);
  await Promise.all([
    previous && previous.objectKey !== outputKey ? ports.videos.delete(previous.objectKey) : undefined,
    // The upload itself is not what anyone plays any more.
    ports.videos.delete(pitch.objectKey),
  ]);
  if (previous !== false) {
    ports.metrics.count('PitchesAccepted');
    await Promise.all([
      ports.audit.append({
        competitionId,
        at: now,
        actor: SYSTEM,
        action: 'pitch.transcoded',
        target: `submission:${pitch.submissionId}`,
        before: previous ? { pitchId: previous.pitchId } : undefined,
        after: { pitchId: pitch.id, jobId, durationSeconds: probe.durationSeconds, sizeBytes: head.sizeBytes, format: probe.format, codecs: probe.codecs, originalCodecs: pitch.codecs },
      }),
      previous ? undefined : countTransition(ports, competition, now, { counts: { pitchesReady: 1 } }),
    ]);
  }
  return 'ready';
}

export type CaptionOutcome = 'stored' | 'kept-team-captions' | 'failed' | 'ignored';

type CaptionDeps = Pick<Ports, 'pitches' | 'videos' | 'audit' | 'clock' | 'transcriber'>;

export async function finishTranscription(ports: CaptionDeps, event: TranscribeJobStateChange): Promise<CaptionOutcome> {
  const name = event.detail.TranscriptionJobName;
  const ref = parseTranscriptionJobName(name);
  if (!ref) return 'ignored';
  const outcome = await storeTranscription(ports, event, name, ref);
  // The job has ended, whatever came of it: the submission may be captioned automatically again.
  const status = event.detail.TranscriptionJobStatus;
  if (status === 'COMPLETED' || status === 'FAILED') await ports.pitches.releaseCaptionRequest(ref.competitionId, ref.submissionId, name);
  return outcome;
}

async function storeTranscription(ports: CaptionDeps, event: TranscribeJobStateChange, name: string, ref: NonNullable<ReturnType<typeof parseTranscriptionJobName>>): Promise<CaptionOutcome> {
  // Every way an automatic track can fail is audited, with why, so the organiser sees it in the trail.
  const failed = async (reason: string) => {
    await ports.audit.append({
      competitionId: ref.competitionId,
      at: ports.clock.now().toISOString(),
      actor: SYSTEM,
      action: 'pitch.captions-automatic-failed',
      target: `submission:${ref.submissionId}`,
      after: { job: name, reason },
    });
    return 'failed' as const;
  };
  if (event.detail.TranscriptionJobStatus === 'FAILED') return failed(`Amazon Transcribe: ${event.detail.FailureReason ?? 'the job failed'}`);
  if (event.detail.TranscriptionJobStatus !== 'COMPLETED') return 'ignored';
  const vttKey = autoCaptionsVttKey(ref);
  const head = await ports.videos.head(vttKey);
  if (!head) return 'ignored'; // already stored (its output removed) or never written
  const cleanUp = () => Promise.all([ports.videos.delete(vttKey), ports.videos.delete(autoCaptionsJsonKey(ref))]);

  const found = ref.language === 'auto' ? await ports.transcriber.languageOf(name) : ref.language;
  // One track per language: `fr-FR` from Transcribe is the team's `fr`.
  const language = ref.language === 'auto' ? found?.split('-')[0]?.toLowerCase() : found;
  if (!language || !LANGUAGE_TAG.test(language) || head.sizeBytes > CAPTION_LIMITS.maxBytes) {
    await cleanUp();
    return failed(!language || !LANGUAGE_TAG.test(language) ? 'the spoken language could not be identified' : `the captions are larger than ${CAPTION_LIMITS.maxBytes} bytes`);
  }
  const existing = (await ports.pitches.listCaptions(ref.competitionId, ref.submissionId)).find((c) => c.language === language);
  if (existing?.origin === 'uploaded') {
    await cleanUp();
    return 'kept-team-captions';
  }
  const bytes = head.sizeBytes === 0 ? new Uint8Array(0) : await ports.videos.read(vttKey, 0, head.sizeBytes);
  const { convertCaptions, decodeCaptionBytes } = await import('../domain/caption-convert.ts');
  const text = decodeCaptionBytes(bytes);
  const parsed = text === undefined ? undefined : convertCaptions(text);
  if (!parsed?.ok) {
    await cleanUp();
    return failed('the WebVTT file Transcribe wrote could not be read');
  }
  const at = ports.clock.now().toISOString();
  const caption: Omit<Caption, 'sizeBytes'> = {
    competitionId: ref.competitionId,
    submissionId: ref.submissionId,
    language,
    label: `${languageLabel(language)} (automatic)`.slice(0, CAPTION_LIMITS.maxLabelChars),
    fileName: `automatic-${language}.vtt`,
    source: 'vtt',
    origin: 'automatic',
    objectKey: captionObjectKey(ref.competitionId, ref.submissionId, language, `auto-${ref.nonce}`),
    cues: parsed.cues,
    updatedAt: at,
    updatedBy: SYSTEM.sub,
  };
  try {
    await storeCaptionTrack(ports, caption, parsed.vtt, () => ({
      competitionId: ref.competitionId,
      at,
      actor: SYSTEM,
      action: 'pitch.captions-automatic',
      target: `submission:${ref.submissionId}`,
      after: { language, cues: caption.cues, job: name },
    }));
  } catch (e) {
    if (!(e instanceof RuleViolation)) throw e;
    await cleanUp();
    return failed(e.message);
  }
  await cleanUp();
  return 'stored';
}

/** How many pitches one request starts at most (Transcribe's StartTranscriptionJob rate); the rest on the next press. */

export interface AutomaticCaptionsReport {
  started: number;
  alreadyCaptioned: number;
  /** Automatic captions already in flight for the pitch (asked for again before they came). */
  alreadyRequested: number;
  withoutPitch: number;
  /** More pitches without captions remain: ask again. */
  more: boolean;
  language: string;
}

/** Whether the organiser's "caption automatically" can work here (the web disables its button, saying why). */
export async function automaticCaptionsAvailability(ports: Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'transcriber'>, caller: Identity | undefined, competitionId: string) {
  await loadOrganisedCompetition(ports, caller, competitionId, 'read');
  const t = ports.transcriber;
  return t.available ? { available: true } : { available: false, unavailable: AUTO_CAPTIONS_UNAVAILABLE };
}

export const AUTO_CAPTIONS_UNAVAILABLE = 'Automatic captions are not available in this deployment.';

type StartDeps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'jobs' | 'jobQueue' | 'files' | 'clock' | 'ids' | 'transcriber'>;

/** How many submissions' slots and captions the job reads at once. */
const READ_BATCH = 10;

/** The job kind that starts Transcribe on a competition's pitches (the jobs function runs it, with the Transcribe adapter). */
export const AUTO_CAPTIONS_JOB = 'automatic-captions';

/**
 * "Caption automatically": checks who asks and that the deployment has automatic captions, then
 * starts a job (AUTO_CAPTIONS_JOB) that starts Transcribe on each submitted pitch without captions —
 * a competition's pitches are never walked inside a request. `language`: a BCP 47 tag, or `auto`
 * to let Transcribe identify it. Refused (409 INVALID_STATE, saying so) where the deployment has
 * no automatic captions. Asking again while one runs answers the same job.
 */
export async function startAutomaticCaptions(ports: StartDeps, caller: Identity | undefined, competitionId: string, input: { language?: string }): Promise<JobView> {
  const { competition } = await loadOrganisedCompetition(ports, caller, competitionId, 'manage');
  const language = input.language ?? 'auto';
  if (language !== 'auto' && !LANGUAGE_TAG.test(language)) {
    throw new ValidationFailed('Give the language as a language code such as "en", "fr" or "de-CH", or "auto".', { language: 'Not a language code.' });
  }
  if (!ports.transcriber.available) {
    throw new InvalidState(AUTO_CAPTIONS_UNAVAILABLE);
  }
  return viewJob(ports, (await startJobFor(ports, requireIdentity(caller), competition.id, AUTO_CAPTIONS_JOB, { language })).job);
}

/** The job: every submitted pitch without captions gets a Transcribe job (one page of submissions at a time, with progress). */
export const automaticCaptionsJob: JobHandler = async (ports, job, ctx) => {
  const competitionId = job.competitionId;
  const language = typeof job.params.language === 'string' ? job.params.language : 'auto';
  const membership = await ports.memberships.get(competitionId, ctx.who.sub);
  const submissions = await ports.submissions.listAllInStatus(competitionId, 'submitted');
  const report: AutomaticCaptionsReport = { started: 0, alreadyCaptioned: 0, alreadyRequested: 0, withoutPitch: 0, more: false, language };
  const started: string[] = [];
  const now = ports.clock.now();
  const staleBefore = new Date(now.getTime() - AUTO_CAPTIONS_STALE_HOURS * 3_600_000).toISOString();
  for (let from = 0; from < submissions.length; from += READ_BATCH) {
    await ctx.progress(from, submissions.length, 'Starting automatic captions');
    // Each submission's slot and captions, a batch of submissions at a time (reads in parallel).
    const batch = submissions.slice(from, from + READ_BATCH);
    const read = await Promise.all(batch.map((s) => Promise.all([ports.pitches.getSlot(competitionId, s.id), ports.pitches.listCaptions(competitionId, s.id)])));
    for (const [i, s] of batch.entries()) {
      const [slot, captions] = read[i]!;
      if (!slot.current) {
        report.withoutPitch++;
        continue;
      }
      if (captions.length > 0) {
        report.alreadyCaptioned++;
        continue;
      }
      const ref = { competitionId, submissionId: s.id, pitchId: slot.current.pitchId, language, nonce: ports.ids.next() };
      const jobName = transcriptionJobName(ref);
      // One Transcribe job per pitch at a time: a second press (or a second job) while one runs starts none.
      const claimed = await ports.pitches.claimCaptionRequest({ competitionId, submissionId: s.id, pitchId: ref.pitchId, jobName, language, requestedAt: now.toISOString() }, staleBefore);
      if (!claimed) {
        report.alreadyRequested++;
        continue;
      }
      try {
        await ports.transcriber.start({ jobName, sourceKey: slot.current.objectKey, outputFolder: autoCaptionsFolder(competitionId, s.id), ...(language === 'auto' ? {} : { language }) });
      } catch (e) {
        await ports.pitches.releaseCaptionRequest(competitionId, s.id, jobName);
        throw e;
      }
      report.started++;
      started.push(s.id);
    }
  }
  if (report.started > 0) {
    await ports.audit.append({
      competitionId,
      at: ports.clock.now().toISOString(),
      actor: { sub: ctx.who.sub, email: membership?.userEmail ?? ctx.who.email },
      action: 'pitch.captions-automatic-requested',
      target: `competition:${competitionId}`,
      after: { started: report.started, language, submissions: started },
    });
  }
  await ctx.progress(submissions.length, submissions.length, 'Done');
  return { rows: report.started, counts: { started: report.started, alreadyCaptioned: report.alreadyCaptioned, alreadyRequested: report.alreadyRequested, withoutPitch: report.withoutPitch } };
};
