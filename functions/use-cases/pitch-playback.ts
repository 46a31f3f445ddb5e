/**
 * A submission's pitch as its viewers see it: the current verified video with a short-lived
 * playback URL, plus the state of any upload in progress and the outcome of the last one.
 * Viewers are the owning team, the competition's organisers and the reviewers assigned to the
 * submission; everyone else gets 404. Reviewers see the video and nothing about the upload: its
 * file name often names the team ("acme-pitch-final.mp4"), which would unblind a blind round.
 */
import { NotFound } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { DEFAULT_PITCH_POLICY, type Pitch, type PitchPolicy, type PitchSlot, type ReadyPitch } from '../domain/pitch.ts';
import type { Ports } from './ports.ts';
import { loadSubmission } from './submissions.ts';
import { canEdit, seatOf } from '../domain/team.ts';
import { languageLabel, neutralCaptionName } from '../domain/captions.ts';

/** Whether the caller's team (they being its owner or an editor, not its registering account) is assigned the submission. */
async function teamAssigned(ports: Pick<Ports, 'memberships' | 'evaluation'>, caller: Identity, competitionId: string, submissionId: string) {
  const seat = seatOf(await ports.memberships.get(competitionId, caller.sub));
  if (!seat || seat.teamSub === caller.sub || !canEdit(seat)) return false;
  return (await ports.evaluation.listReviewerQueue(seat.teamSub, competitionId)).some((r) => r.submissionId === submissionId);
}

/** Playback URLs are short-lived; the page asks again when one expires. */
export const PLAYBACK_URL_SECONDS = 600;

export interface PitchStatusView {
  policy: PitchPolicy;
  current?: Omit<ReadyPitch, 'objectKey'> & { playbackUrl: string; playbackExpiresAt: string };
  upload?: { id: string; state: Pitch['state']; fileName: string; partCount: number; partsDone: number };
  last?: PitchSlot['last'];
  /** Caption tracks (issue 14), each with a short-lived URL for the player's <track>. */
  captions: { language: string; label: string; fileName: string; origin: 'uploaded' | 'automatic'; cues: number; updatedAt: string; url: string }[];
}

export async function getPitchStatus(
  ports: Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'submissions' | 'pitches' | 'videos' | 'audit' | 'clock' | 'evaluation'>,
  caller: Identity | undefined,
  competitionId: string,
  submissionId: string,
): Promise<PitchStatusView> {
  const { competition, isOwner, asReviewer } = await loadSubmission(ports, caller, competitionId, submissionId).then(
    (loaded) => ({ ...loaded, asReviewer: false }),
    async (e: unknown) => {
      // Reviewers assigned to the submission (in any round) may watch it too.
      if (!(e instanceof NotFound) || !caller) throw e;
      const queue = await ports.evaluation.listReviewerQueue(caller.sub);
      // Or the caller reviews as their team (its editors, in a peer round: use-cases/team-access.ts).
      const assigned =
        queue.some((r) => r.competitionId === competitionId && r.submissionId === submissionId) ||
        (await teamAssigned(ports, caller, competitionId, submissionId));
      const competition = assigned ? await ports.competitions.get(competitionId) : undefined;
      if (!competition) throw e;
      return { competition, isOwner: false, asReviewer: true };
    },
  );
  const [slot, tracks] = await Promise.all([ports.pitches.getSlot(competitionId, submissionId), ports.pitches.listCaptions(competitionId, submissionId)]);
  const captions = await Promise.all(
    tracks.map(async (c) => ({
      language: c.language,
      // A reviewer learns the language only: the team's label and file name may name the team.
      label: asReviewer ? languageLabel(c.language) : c.label,
      fileName: asReviewer ? neutralCaptionName(c.language) : c.fileName,
      origin: c.origin,
      cues: c.cues,
      updatedAt: c.updatedAt,
      url: await ports.videos.presignDownload(c.objectKey, PLAYBACK_URL_SECONDS),
    })),
  );
  const view: PitchStatusView = { policy: competition.pitch ?? DEFAULT_PITCH_POLICY, ...(asReviewer ? {} : { last: slot.last }), captions };
  if (slot.current) {
    const { objectKey, ...rest } = slot.current;
    view.current = {
      ...rest,
      ...(asReviewer ? { fileName: `pitch.${rest.format}` } : {}),
      playbackUrl: await ports.videos.presignDownload(objectKey, PLAYBACK_URL_SECONDS),
      playbackExpiresAt: new Date(ports.clock.now().getTime() + PLAYBACK_URL_SECONDS * 1000).toISOString(),
    };
  }
  if (slot.activeUploadId && isOwner) {
    const p = await ports.pitches.get(competitionId, slot.activeUploadId);
    if (p) view.upload = { id: p.id, state: p.state, fileName: p.fileName, partCount: p.partCount, partsDone: Object.keys(p.parts).length };
  }
  return view;
}
