/**
 * An entrant's submission, from first draft to submitted or withdrawn. Each entrant has at most
 * one submission per competition: its id is derived from the competition and the owner, so a
 * second "create" collides on the key instead of needing a separate uniqueness record.
 * Entrants only ever reach their own submission; organisers reach all in their competition.
 */
import { submissionIdFor } from '../domain/submission-id.ts';
import { fileStates } from './answer-file-states.ts';
import type { Competition } from '../domain/competition.ts';
import { effectiveClose } from '../domain/competition.ts';
import { isAllowed } from '../domain/lifecycle.ts';
import { NotFound, RuleViolation, VersionConflict } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import type { Membership } from '../domain/membership.ts';
import {
  assertCanCreate,
  assertCanEdit,
  assertCanSubmit,
  assertCanWithdraw,
  assertContentValid,
  completenessErrors,
  keptContent,
  type Submission,
  type SubmissionContent,
} from '../domain/submission.ts';
import { hasCapability, loadVisibleCompetition, requireIdentity } from './access.ts';
import type { Ports } from './ports.ts';
import { canEdit, seatOf } from '../domain/team.ts';
import { requireEditor, teamRegistrant } from './team-access.ts';
import { rankingInputsChanged, type InputsChangedPorts } from './ranking-job.ts';
import { countTransition } from './dashboard.ts';
import { statusDelta } from '../domain/dashboard.ts';

export interface SubmissionView extends Omit<Submission, 'ownerSub'> {
  editable: boolean;
}

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'submissions' | 'evaluation' | 'audit' | 'clock' | 'pitches'>;
/** What a transition also moves: the organiser dashboard's counters (use-cases/dashboard.ts). */
type CountingDeps = Deps & Pick<Ports, 'dashboard'>;

export { submissionIdFor };

/** `mayChange`: false for a team's viewers (domain/team.ts), who read but never edit. */
export function viewSubmission(s: Submission, c: Competition, now: Date, mayChange = true): SubmissionView {
  const { ownerSub: _, ...rest } = s;
  return { ...rest, editable: mayChange && isAllowed(c, now, 'edit-submission') && s.status !== 'withdrawn' };
}

/** The submission if the caller owns it or organises its competition; 404 otherwise. */
export async function loadSubmission(ports: Deps, caller: Identity | undefined, competitionId: string, submissionId: string) {
  const who = requireIdentity(caller);
  // One round trip, not two: the submission is read together with the competition and the
  // caller's membership. Safe because nothing is decided or shown before the checks below, which
  // refuse exactly as before (the competition's visibility first, then ownership or organiser).
  const [{ competition, membership }, submission] = await Promise.all([
    loadVisibleCompetition(ports, who, competitionId),
    ports.submissions.get(competitionId, submissionId),
  ]);
  // The team the caller acts for (use-cases/team-access.ts): owner, editor or viewer of the entry's team.
  const seat = seatOf(membership);
  const isOwner = submission !== undefined && seat !== undefined && submission.ownerSub === seat.teamSub;
  // Organisers and the programme staff who may read (asked only then: one read for staff).
  if (!submission || (!isOwner && !(await hasCapability(ports, who, { competition, membership }, 'read')))) throw new NotFound('No such submission.');
  return { who, competition, membership, submission, isOwner, seat: isOwner ? seat : undefined };
}

export async function loadOwnSubmission(ports: Deps, caller: Identity | undefined, competitionId: string, submissionId: string) {
  const loaded = await loadSubmission(ports, caller, competitionId, submissionId);
  // Organisers may read entrants' work but never write it.
  if (!loaded.isOwner) throw new NotFound('No such submission.');
  // A team's viewers read it and change nothing.
  requireEditor(loaded.seat);
  return loaded;
}

function audit(ports: Deps, who: Identity, s: Submission, action: string, at: string, after?: unknown) {
  return ports.audit.append({
    competitionId: s.competitionId,
    at,
    actor: { sub: who.sub, email: who.email },
    action,
    target: `submission:${s.id}`,
    after,
  });
}

export async function createSubmission(
  ports: CountingDeps,
  caller: Identity | undefined,
  competitionId: string,
  content: SubmissionContent,
): Promise<SubmissionView> {
  const who = requireIdentity(caller);
  const { competition, membership } = await loadVisibleCompetition(ports, who, competitionId);
  // An editor starts the team's entry: its id and registration are the registering account's.
  const seat = seatOf(membership);
  const registration = requireRegistration(seat ? await teamRegistrant(ports, competitionId, membership, seat) : membership);
  const teamSub = seat?.teamSub ?? who.sub;
  const now = ports.clock.now();
  assertCanCreate(competition, now);
  if (seat) requireEditor(seat); // a team's viewers change nothing
  assertContentValid(competition, content);
  const at = now.toISOString();
  const submission: Submission = {
    ...keptContent(competition, content),
    id: submissionIdFor(competitionId, teamSub),
    competitionId,
    ownerSub: teamSub,
    organisationName: registration.organisationName,
    country: registration.country,
    status: 'draft',
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  await ports.submissions.create(submission);
  // The dashboard's new draft with the audit entry (no extra round trip), once the create succeeded.
  await Promise.all([audit(ports, who, submission, 'submission.created', at, { title: submission.title }), countTransition(ports, competition, at, statusDelta(undefined, 'draft'))]);
  return viewSubmission(submission, competition, now);
}

function requireRegistration(m: Membership | undefined) {
  if (!m?.registration)
    throw new RuleViolation('NOT_REGISTERED', 'Register your organisation for this competition first.', {
      registration: 'required',
    });
  return m.registration;
}

export async function getSubmission(ports: Deps, caller: Identity | undefined, competitionId: string, submissionId: string) {
  const { submission, competition, seat } = await loadSubmission(ports, caller, competitionId, submissionId);
  return viewSubmission(submission, competition, ports.clock.now(), seat === undefined || canEdit(seat));
}

/** Saves new content. A submitted entry stays submitted, so it must stay complete. */
export async function updateSubmission(
  ports: Deps & InputsChangedPorts,
  caller: Identity | undefined,
  competitionId: string,
  submissionId: string,
  input: SubmissionContent & { version: number },
): Promise<SubmissionView> {
  const { who, competition, submission } = await loadOwnSubmission(ports, caller, competitionId, submissionId);
  if (submission.version !== input.version) throw new VersionConflict();
  const now = ports.clock.now();
  assertCanEdit(competition, submission, now);
  const { version: _, ...sent } = input;
  assertContentValid(competition, sent);
  const content = keptContent(competition, sent);
  if (submission.status === 'submitted') {
    const missing = completenessErrors(competition, content);
    if (Object.keys(missing).length > 0)
      throw new RuleViolation(
        'SUBMISSION_INCOMPLETE',
        'A submitted entry must stay complete; fill in the highlighted fields or withdraw it.',
        missing,
      );
  }
  const next: Submission = { ...submission, ...content, updatedAt: now.toISOString(), version: submission.version + 1 };
  await ports.submissions.update(next, submission.version, { now: now.toISOString(), deadline: effectiveClose(competition) });
  // The trail records changes of what the competition sees: the entry's creation, its status
  // changes and every edit once it is submitted. A draft's saves are the entrant's own work in
  // progress (versioned, never lost), not audited: each would cost a write for nothing anyone reviews.
  await Promise.all([
    submission.status !== 'draft' ? audit(ports, who, next, 'submission.updated', now.toISOString()) : undefined,
    next.status === 'submitted' ? rankingInputsChanged(ports, who, competitionId, { start: false }) : undefined,
  ]);
  return viewSubmission(next, competition, now);
}

/**
 * Moves a submission to `status` after `check`; deadline-guarded unless withdrawing. With
 * `content` (submitting only), the form is saved in the same write, checked as a save checks it.
 */
async function changeStatus(
  ports: CountingDeps & InputsChangedPorts,
  caller: Identity | undefined,
  competitionId: string,
  submissionId: string,
  version: number,
  status: 'submitted' | 'withdrawn',
  check: (c: Competition, s: Submission, now: Date) => void | Promise<void>,
  content?: SubmissionContent,
): Promise<SubmissionView> {
  const { who, competition, submission } = await loadOwnSubmission(ports, caller, competitionId, submissionId);
  if (submission.version !== version) throw new VersionConflict();
  const now = ports.clock.now();
  if (content) {
    assertCanEdit(competition, submission, now);
    assertContentValid(competition, content);
  }
  const edited: Submission = content ? { ...submission, ...keptContent(competition, content) } : submission;
  await check(competition, edited, now);
  const at = now.toISOString();
  const next: Submission = { ...edited, status, updatedAt: at, version: version + 1 };
  if (status === 'submitted') {
    next.submittedAt = at;
    delete next.withdrawnAt;
  } else next.withdrawnAt = at;
  // Withdrawing is allowed after the deadline; submitting is not, even by a millisecond.
  const guard = status === 'submitted' ? { now: at, deadline: effectiveClose(competition) } : undefined;
  await ports.submissions.update(next, version, guard);
  // With the audit entry (no extra round trip); a withdrawal (evaluation may be under way) recomputes at once.
  await Promise.all([
    audit(ports, who, next, `submission.${status}`, at),
    // An entry entering or leaving `submitted` is an input of the automatic conflicts too
    // (adapters/dynamodb/conflict-list.ts): counted in the ranking's write (one write unit, not two).
    rankingInputsChanged(ports, who, competitionId, { start: status === 'withdrawn', conflicts: (submission.status === 'submitted') !== (status === 'submitted') }),
    // The dashboard's counters, after the versioned write that made the move (a retry fails its version check first).
    countTransition(ports, competition, at, statusDelta(submission.status, status)),
  ]);
  return viewSubmission(next, competition, now);
}

/**
 * Submits the entry; with `content` (issue 10 cost: the web's "Submit" sends the form), saves it in
 * the same write — one request and one item write instead of a save and a submit. Refused
 * (incomplete, closed, stale), nothing is saved.
 */
export async function submitSubmission(
  ports: CountingDeps & Pick<Ports, 'metrics'> & InputsChangedPorts,
  caller: Identity | undefined,
  competitionId: string,
  submissionId: string,
  version: number,
  content?: SubmissionContent,
): Promise<SubmissionView> {
  // The pitch slot is read together with the competition and the submission (one round trip, not
  // two), before it is known whether the competition requires a pitch: one extra item read when it
  // does not. Safe: the slot only feeds the check below, after the access checks have passed.
  const slot = ports.pitches.getSlot(competitionId, submissionId);
  slot.catch(() => undefined); // awaited only when needed; a failed read must not go unhandled
  const view = await changeStatus(ports, caller, competitionId, submissionId, version, 'submitted', async (c, s, now) => {
    const hasReadyPitch = c.pitch?.required ? Boolean((await slot).current) : false;
    // Issue 14 §3: a file answers its question only once it passed its checks.
    assertCanSubmit(c, s, now, hasReadyPitch, await fileStates(ports, c, submissionId));
  }, content);
  ports.metrics.count('SubmissionsSubmitted');
  return view;
}

export function withdrawSubmission(
  ports: CountingDeps & InputsChangedPorts,
  caller: Identity | undefined,
  competitionId: string,
  submissionId: string,
  version: number,
): Promise<SubmissionView> {
  return changeStatus(ports, caller, competitionId, submissionId, version, 'withdrawn', assertCanWithdraw);
}
