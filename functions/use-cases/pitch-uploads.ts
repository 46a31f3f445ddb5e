/**
 * Uploading a video pitch straight from the browser to S3. The API never sees a byte of video:
 * it checks what the browser declares, opens a multipart upload, hands out presigned part URLs,
 * records each part's ETag (so a reload or a lost connection resumes without re-sending finished
 * parts — the local S3 has no ListParts), and completes or aborts. What arrived is judged later,
 * from the object itself (process-uploaded-pitch.ts).
 */
import { InvalidState, NotFound, RuleViolation, ValidationFailed } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import {
  checkDeclaredUpload,
  CONTENT_TYPES,
  DEFAULT_PITCH_POLICY,
  formatOfContentType,
  missingParts,
  pitchObjectKey,
  planParts,
  type Pitch,
} from '../domain/pitch.ts';
import { assertCanEdit } from '../domain/submission.ts';
import { PartsRejected, type Ports } from './ports.ts';
import { loadOwnSubmission } from './submissions.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'submissions' | 'evaluation' | 'pitches' | 'videos' | 'audit' | 'clock' | 'ids'>;

/** Presigned part URLs live this long; a resumed upload asks for fresh ones. */
export const PART_URL_SECONDS = 3600;

export interface UploadView {
  id: string;
  state: Pitch['state'];
  fileName: string;
  contentType: string;
  sizeBytes: number;
  partSize: number;
  partCount: number;
  completedParts: { partNumber: number; etag: string }[];
  /** URLs for the parts still to send (only while uploading). */
  pendingParts: { partNumber: number; url: string }[];
  urlsExpireAt?: string;
  reason?: string;
  problem?: Pitch['problem'];
}

export async function uploadView(ports: Pick<Ports, 'videos' | 'clock'>, p: Pitch): Promise<UploadView> {
  const completedParts = Object.entries(p.parts)
    .map(([n, etag]) => ({ partNumber: Number(n), etag }))
    .sort((a, b) => a.partNumber - b.partNumber);
  const uploading = p.state === 'uploading';
  const pendingParts = uploading
    ? await Promise.all(
        missingParts(p).map(async (partNumber) => ({
          partNumber,
          url: await ports.videos.presignUploadPart(p.objectKey, p.uploadId, partNumber, PART_URL_SECONDS),
        })),
      )
    : [];
  return {
    id: p.id,
    state: p.state,
    fileName: p.fileName,
    contentType: p.contentType,
    sizeBytes: p.declaredSize,
    partSize: p.partSize,
    partCount: p.partCount,
    completedParts,
    pendingParts,
    urlsExpireAt: uploading ? new Date(ports.clock.now().getTime() + PART_URL_SECONDS * 1000).toISOString() : undefined,
    reason: p.reason,
    problem: p.problem,
  };
}

function auditPitch(
  ports: Deps,
  who: Identity,
  competitionId: string,
  submissionId: string,
  action: string,
  at: string,
  after: unknown,
) {
  return ports.audit.append({ competitionId, at, actor: { sub: who.sub, email: who.email }, action, target: `submission:${submissionId}`, after });
}

async function loadOwnUpload(ports: Deps, caller: Identity | undefined, competitionId: string, submissionId: string, pitchId: string) {
  const loaded = await loadOwnSubmission(ports, caller, competitionId, submissionId);
  const pitch = await ports.pitches.get(competitionId, pitchId);
  if (!pitch || pitch.submissionId !== submissionId) throw new NotFound('No such upload.');
  return { ...loaded, pitch };
}

export interface StartUploadInput {
  fileName: string;
  sizeBytes: number;
  contentType: string;
}

export async function startPitchUpload(
  ports: Deps,
  caller: Identity | undefined,
  competitionId: string,
  submissionId: string,
  input: StartUploadInput,
): Promise<UploadView> {
  const { who, competition, submission } = await loadOwnSubmission(ports, caller, competitionId, submissionId);
  const now = ports.clock.now();
  assertCanEdit(competition, submission, now);
  const policy = competition.pitch ?? DEFAULT_PITCH_POLICY;
  const refusal = checkDeclaredUpload(policy, input.sizeBytes, input.contentType);
  if (refusal) throw new RuleViolation('PITCH_NOT_ALLOWED', refusal.message, { [refusal.field]: refusal.message });
  const format = formatOfContentType(input.contentType)!;

  const id = ports.ids.next();
  await ports.pitches.claimSlot(competitionId, submissionId, id);
  const at = now.toISOString();
  const objectKey = pitchObjectKey(competitionId, submissionId, id);
  try {
    const uploadId = await ports.videos.startMultipartUpload(objectKey, CONTENT_TYPES[format]);
    const pitch: Pitch = {
      id,
      competitionId,
      submissionId,
      ownerSub: submission.ownerSub, // the team's (an editor may upload it; the audit names who did)
      objectKey,
      uploadId,
      fileName: input.fileName,
      contentType: CONTENT_TYPES[format],
      declaredFormat: format,
      declaredSize: input.sizeBytes,
      ...planParts(input.sizeBytes),
      parts: {},
      state: 'uploading',
      createdAt: at,
      updatedAt: at,
    };
    await ports.pitches.create(pitch);
    await auditPitch(ports, who, competitionId, submissionId, 'pitch.upload-started', at, { pitchId: id, fileName: input.fileName, sizeBytes: input.sizeBytes, contentType: pitch.contentType });
    return uploadView(ports, pitch);
  } catch (e) {
    // Leave nothing half-written: free the slot for the next attempt.
    await ports.pitches.releaseSlot(competitionId, submissionId, id, { pitchId: id, state: 'aborted', fileName: input.fileName, at });
    throw e;
  }
}

export async function getPitchUpload(
  ports: Deps,
  caller: Identity | undefined,
  competitionId: string,
  submissionId: string,
  pitchId: string,
): Promise<UploadView> {
  const { pitch } = await loadOwnUpload(ports, caller, competitionId, submissionId, pitchId);
  return uploadView(ports, pitch);
}

export async function recordPitchPart(
  ports: Deps,
  caller: Identity | undefined,
  competitionId: string,
  submissionId: string,
  pitchId: string,
  partNumber: number,
  etag: string,
): Promise<void> {
  const { pitch } = await loadOwnUpload(ports, caller, competitionId, submissionId, pitchId);
  if (partNumber > pitch.partCount)
    throw new ValidationFailed(`This upload has ${pitch.partCount} parts.`, { partNumber: `at most ${pitch.partCount}` });
  await ports.pitches.recordPart(competitionId, pitchId, partNumber, etag);
}

export async function completePitchUpload(
  ports: Deps,
  caller: Identity | undefined,
  competitionId: string,
  submissionId: string,
  pitchId: string,
): Promise<UploadView> {
  const { who, competition, submission, pitch } = await loadOwnUpload(ports, caller, competitionId, submissionId, pitchId);
  if (pitch.state !== 'uploading') {
    if (pitch.state === 'verifying' || pitch.state === 'ready') return uploadView(ports, pitch); // a repeated request
    throw new InvalidState(`This upload was ${pitch.state}; start a new one.`);
  }
  const now = ports.clock.now();
  assertCanEdit(competition, submission, now);
  const missing = missingParts(pitch);
  if (missing.length > 0)
    throw new InvalidState(`Parts ${missing.join(', ')} have not been sent yet.`, { parts: missing.join(',') });
  const parts = Object.entries(pitch.parts).map(([n, etag]) => ({ partNumber: Number(n), etag }));
  try {
    await ports.videos.completeMultipartUpload(pitch.objectKey, pitch.uploadId, parts.sort((a, b) => a.partNumber - b.partNumber));
  } catch (e) {
    if (!(e instanceof PartsRejected)) throw e;
    // Without ListParts we cannot tell which part is wrong: forget them all so they are sent again.
    for (const p of parts) await ports.pitches.forgetPart(competitionId, pitchId, p.partNumber);
    throw new InvalidState('The storage did not accept the uploaded parts as reported; they will be sent again.', {
      parts: 'rejected',
    });
  }
  const next: Pitch = { ...pitch, state: 'verifying', updatedAt: now.toISOString() };
  // The processor may already have judged it (its event can beat this write): then keep its verdict.
  const moved = await ports.pitches.transition(next, ['uploading']);
  await auditPitch(ports, who, competitionId, submissionId, 'pitch.upload-completed', now.toISOString(), { pitchId });
  return uploadView(ports, moved ? next : ((await ports.pitches.get(competitionId, pitchId)) ?? next));
}

export async function abortPitchUpload(
  ports: Deps,
  caller: Identity | undefined,
  competitionId: string,
  submissionId: string,
  pitchId: string,
): Promise<UploadView> {
  const { who, pitch } = await loadOwnUpload(ports, caller, competitionId, submissionId, pitchId);
  if (pitch.state === 'aborted') return uploadView(ports, pitch);
  if (pitch.state !== 'uploading') throw new InvalidState(`This upload is already ${pitch.state} and cannot be cancelled.`);
  const at = ports.clock.now().toISOString();
  const next: Pitch = { ...pitch, state: 'aborted', updatedAt: at };
  if (!(await ports.pitches.transition(next, ['uploading'])))
    throw new InvalidState('This upload has just finished and cannot be cancelled.');
  await ports.pitches.releaseSlot(competitionId, submissionId, pitchId, { pitchId, state: 'aborted', fileName: pitch.fileName, at });
  try {
    await ports.videos.abortMultipartUpload(pitch.objectKey, pitch.uploadId);
  } catch {
    // Best effort: the bucket's lifecycle rule aborts incomplete uploads after a day anyway.
  }
  await auditPitch(ports, who, competitionId, submissionId, 'pitch.upload-cancelled', at, { pitchId });
  return uploadView(ports, next);
}
