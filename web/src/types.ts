/**
 * The API's shapes as the web app sees them, derived from the server's zod schemas (the same ones
 * that validate requests and generate GET /api/openapi.json), so they cannot drift.
 *
 * Type-only imports: they are erased at build time, so neither zod nor any server code ends up in
 * the bundle. Inputs use the schema's output type (defaults applied), so the forms always send
 * every field rather than leaning on server defaults.
 */
import type { z } from 'zod';
import type * as S from '../../functions/app/schemas.ts';

export type CompetitionInput = z.infer<typeof S.CompetitionInput>;
export type Competition = z.infer<typeof S.Competition>;
export type Kind = Competition['kind'];
export type Phase = Competition['phase'];
export type Role = Competition['myRoles'][number];
export type Schedule = Competition['schedule'];
export type PitchPolicy = Competition['pitch'];
export type PitchFormat = PitchPolicy['formats'][number];

export type RegistrationInput = z.infer<typeof S.RegistrationInput>;
export type Registration = z.infer<typeof S.Registration>;
export type TeamMember = z.infer<typeof S.TeamMember>;

export type SubmissionContent = z.infer<typeof S.SubmissionContentInput>;
export type Submission = z.infer<typeof S.Submission>;
export type SubmissionStatus = Submission['status'];
export type MySubmission = z.infer<typeof S.MySubmission>;

export type Me = z.infer<typeof S.Me>;
export type AuditEntry = z.infer<typeof S.AuditEntry>;

export type PitchStatus = z.infer<typeof S.PitchStatus>;
export type CurrentPitch = NonNullable<PitchStatus['current']>;

/** Every list endpoint pages the same way (see `pageOf` on the server). */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

// UI-only: labels and defaults the web app shows.

export const KINDS: { value: Kind; label: string }[] = [
  { value: 'idea', label: 'Idea competition' },
  { value: 'hackathon', label: 'Hackathon' },
  { value: 'pitch', label: 'Pitch competition' },
];

export const PITCH_FORMATS: { value: PitchFormat; label: string; contentType: string; extensions: string[] }[] = [
  { value: 'mp4', label: 'MP4', contentType: 'video/mp4', extensions: ['mp4', 'm4v'] },
  { value: 'quicktime', label: 'QuickTime', contentType: 'video/quicktime', extensions: ['mov', 'qt'] },
  { value: 'webm', label: 'WebM', contentType: 'video/webm', extensions: ['webm'] },
];

/** The server's defaults (functions/domain/pitch.ts), for a new competition's form. */
export const DEFAULT_PITCH_POLICY: PitchPolicy = {
  required: false,
  maxDurationSeconds: 180,
  maxSizeBytes: 1024 ** 3,
  formats: ['mp4', 'quicktime', 'webm'],
};
