/**
 * Judges a pitch video once it has arrived in the bucket (S3 ObjectCreated → this). The server
 * trusts nothing the browser said: it checks the real size, sniffs the container from the first
 * bytes and reads the duration from the container header with ranged reads, then marks the pitch
 * ready (replacing the previous one) or rejected (deleting the object). Issue 14: it reads the
 * codecs too; a video not every browser plays is rejected with export advice, accepted with a
 * warning, or handed to the transcoder (state `transcoding`), as the organiser chose. Re-delivered events
 * change nothing: the slot and state changes are conditional, and a judged pitch is left alone.
 */
import { DEFAULT_PITCH_POLICY, judgeVideo, parsePitchObjectKey, probeProblem, withSentence, type Pitch, type PitchVerdictProblem } from '../domain/pitch.ts';
import { probeVideo } from '../domain/video-probe.ts';
import type { Ports } from './ports.ts';
import type { Competition } from '../domain/competition.ts';
import { countTransition } from './dashboard.ts';

type Deps = Pick<Ports, 'competitions' | 'pitches' | 'videos' | 'audit' | 'clock' | 'metrics' | 'dashboard'> & Partial<Pick<Ports, 'transcoder'>>;

export type ProcessOutcome = 'ready' | 'rejected' | 'transcoding' | 'ignored';

/** Where the H.264/AAC conversion of a pitch is written (outside pitches/, so it triggers no verification). */
export function transcodedObjectKey(objectKey: string): string {
  return `transcoded/${objectKey.slice('pitches/'.length)}.mp4`;
}

const SYSTEM = { sub: 'system', email: 'pitch-processor' };

export async function processUploadedPitch(ports: Deps, objectKey: string): Promise<ProcessOutcome> {
  const ids = parsePitchObjectKey(objectKey);
  if (!ids) return 'ignored';
  const pitch = await ports.pitches.get(ids.competitionId, ids.pitchId);
  if (!pitch || pitch.submissionId !== ids.submissionId) return 'ignored';
  if (pitch.state === 'ready' || pitch.state === 'rejected' || pitch.state === 'transcoding') return 'ignored'; // already judged
  const competition = await ports.competitions.get(ids.competitionId);
  if (!competition) return 'ignored';
  const head = await ports.videos.head(objectKey);
  if (!head) return 'ignored'; // deleted meanwhile

  if (pitch.state === 'aborted') {
    // Cancelled while the last part was in flight: nobody wants this object.
    await ports.videos.delete(objectKey);
    return 'ignored';
  }

  const policy = competition.pitch ?? DEFAULT_PITCH_POLICY;
  const probe = await probeVideo((offset, length) => ports.videos.read(objectKey, offset, length), head.sizeBytes);
  const now = ports.clock.now().toISOString();
  if (!probe.ok) return reject(ports, competition, pitch, head.sizeBytes, withSentence(probeProblem(probe.reason)), now);
  const verdict = judgeVideo(
    policy,
    { sizeBytes: head.sizeBytes, format: probe.format, durationSeconds: probe.durationSeconds, codecs: probe.codecs },
    pitch.declaredFormat,
  );
  if (!verdict.ok) return reject(ports, competition, pitch, head.sizeBytes, verdict, now, probe);
  // What the probe found, kept on the pitch and its slot whatever comes next.
  const facts = { sizeBytes: head.sizeBytes, format: probe.format, durationSeconds: probe.durationSeconds, width: probe.width, height: probe.height, codecs: probe.codecs };
  if (verdict.transcode && verdict.warning) {
    // The organiser asked for unplayable videos to be converted: where this deployment cannot
    // (no MediaConvert, e.g. locally), the team gets the same refusal as without the option.
    const transcoder = ports.transcoder;
    if (!transcoder?.available) {
      const why = transcoder?.unavailable ?? 'Automatic conversion is not available here.';
      return reject(ports, competition, pitch, head.sizeBytes, withSentence({ ...verdict.warning.problem, notConverted: why }), now, probe);
    }
    const jobId = await transcoder.start({ sourceKey: objectKey, outputKey: transcodedObjectKey(objectKey), pitchId: pitch.id, competitionId: pitch.competitionId });
    const transcoding: Pitch = {
      ...pitch,
      state: 'transcoding',
      ...facts,
      transcodeJobId: jobId,
      updatedAt: now,
    };
    if (await ports.pitches.transition(transcoding, ['uploading', 'verifying'])) {
      await ports.audit.append({
        competitionId: pitch.competitionId,
        at: now,
        actor: SYSTEM,
        action: 'pitch.transcoding',
        target: `submission:${pitch.submissionId}`,
        after: { pitchId: pitch.id, jobId, codecs: probe.codecs },
      });
    }
    return 'transcoding';
  }
  const warning = verdict.warning ? { warning: verdict.warning.reason, warningProblem: verdict.warning.problem } : {};

  const ready: Pitch = {
    ...pitch,
    state: 'ready',
    ...facts,
    ...warning,
    updatedAt: now,
  };
  // Slot first: it is the submission's pointer, and only the active upload may take it.
  const previous = await ports.pitches.promote(pitch.competitionId, pitch.submissionId, {
    pitchId: pitch.id,
    objectKey,
    fileName: pitch.fileName,
    ...facts,
    ...warning,
    readyAt: now,
  });
  await ports.pitches.transition(ready, ['uploading', 'verifying']);
  if (previous && previous.objectKey !== objectKey) await ports.videos.delete(previous.objectKey);
  // A re-delivered event finds its upload no longer active (`false`): counted and audited once.
  if (previous !== false) {
    ports.metrics.count('PitchesAccepted');
    await Promise.all([
      ports.audit.append({
        competitionId: pitch.competitionId,
        at: now,
        actor: SYSTEM,
        action: 'pitch.ready',
        target: `submission:${pitch.submissionId}`,
        before: previous ? { pitchId: previous.pitchId } : undefined,
        after: { pitchId: pitch.id, durationSeconds: probe.durationSeconds, sizeBytes: head.sizeBytes, format: probe.format, codecs: probe.codecs, ...(warning.warning ? { warning: warning.warning } : {}) },
      }),
      // The dashboard counts submissions with a ready pitch: a replacement adds none (use-cases/dashboard.ts).
      previous ? undefined : countTransition(ports, competition, now, { counts: { pitchesReady: 1 } }),
    ]);
  }
  return 'ready';
}

/** Rejects the upload `pitch` (from `from`: also a conversion that failed, use-cases/media-jobs.ts), freeing its slot and deleting its object. */
export async function reject(
  ports: Deps,
  competition: Pick<Competition, 'id' | 'schedule'>,
  pitch: Pitch,
  sizeBytes: number,
  { code, reason, problem }: PitchVerdictProblem,
  now: string,
  facts?: { format: Pitch['format']; durationSeconds: number; codecs?: Pitch['codecs'] },
  from: Pitch['state'][] = ['uploading', 'verifying'],
): Promise<ProcessOutcome> {
  const rejected: Pitch = {
    ...pitch,
    state: 'rejected',
    rejectionCode: code,
    reason,
    problem,
    sizeBytes,
    format: facts?.format,
    durationSeconds: facts?.durationSeconds,
    codecs: facts?.codecs,
    updatedAt: now,
  };
  await ports.pitches.releaseSlot(pitch.competitionId, pitch.submissionId, pitch.id, {
    pitchId: pitch.id,
    state: 'rejected',
    reason,
    problem,
    fileName: pitch.fileName,
    at: now,
  });
  const moved = await ports.pitches.transition(rejected, from);
  await ports.videos.delete(pitch.objectKey);
  if (moved) {
    ports.metrics.count('PitchesRejected');
    await Promise.all([
      ports.audit.append({
        competitionId: pitch.competitionId,
        at: now,
        actor: SYSTEM,
        action: 'pitch.rejected',
        target: `submission:${pitch.submissionId}`,
        after: { pitchId: pitch.id, code, reason },
      }),
      // Rejected uploads, counted once (the state change decided it) for the dashboard (use-cases/dashboard.ts).
      countTransition(ports, competition, now, { counts: { pitchesRejected: 1 } }),
    ]);
  }
  return 'rejected';
}
