/**
 * The competition's audit trail, for organisers: each entry in words ("organiser@… published the
 * competition"), its target by name where the page can know it (round name, submission title,
 * organisation) with the recorded id on hover, what changed (before → after) where the entry
 * carries it, filters by action, person and date (applied by the API to the whole trail), and
 * "Load later entries" a page at a time (the API pages the trail, oldest first).
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError, enc } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { DownloadButton, DownloadStatus, useDownloads } from '../components/downloads.tsx';
import { LoadMore, useLoadMore } from '../components/paged-list.tsx';
import { ScrollRegion } from '../components/scroll-region.tsx';
import { Empty, LoadError, Loading } from '../components/ui.tsx';
import { DateInput } from '../components/date-input.tsx';
import { ISO_DAY } from '../date-text.ts';
import { formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import type { AuditEntry } from '../types.ts';
import { CompetitionLoadError } from './not-found.tsx';
import { t, tx, type MessageKey } from '../i18n.ts';

export function AuditPage({ id }: { id: string }) {
  return (
    <RequireSignIn what={t('audit.signInWhat')}>
      <Audit id={id} />
    </RequireSignIn>
  );
}

const PAGE = 100;

/**
 * How each action reads, as one sentence per action with `{actor}` and (where the entry has one)
 * `{target}`: "{actor} created the round {target}" (tests/unit/audit-words.test.ts checks every
 * recorded action has one).
 */
export const ACTION_WORDS: Record<string, MessageKey> = {
  'competition.created': 'audit.action.competition.created',
  'competition.updated': 'audit.action.competition.updated',
  'competition.translations-updated': 'audit.action.competition.translationsUpdated',
  'competition.published': 'audit.action.competition.published',
  'competition.closed-early': 'audit.action.competition.closedEarly',
  'competition.archived': 'audit.action.competition.archived',
  'entrant.registered': 'audit.action.entrant.registered',
  'submission.created': 'audit.action.submission.created',
  'submission.updated': 'audit.action.submission.updated',
  'submission.submitted': 'audit.action.submission.submitted',
  'submission.withdrawn': 'audit.action.submission.withdrawn',
  'pitch.upload-started': 'audit.action.pitch.uploadStarted',
  'pitch.upload-completed': 'audit.action.pitch.uploadCompleted',
  'pitch.upload-cancelled': 'audit.action.pitch.uploadCancelled',
  'pitch.ready': 'audit.action.pitch.ready',
  'pitch.rejected': 'audit.action.pitch.rejected',
  'pitch.transcoding': 'audit.action.pitch.transcoding',
  'pitch.captions-added': 'audit.action.pitch.captionsAdded',
  'pitch.captions-replaced': 'audit.action.pitch.captionsReplaced',
  'pitch.captions-deleted': 'audit.action.pitch.captionsDeleted',
  'pitch.transcoded': 'audit.action.pitch.transcoded',
  'pitch.captions-automatic': 'audit.action.pitch.captionsAutomatic',
  'pitch.captions-automatic-requested': 'audit.action.pitch.captionsAutomaticRequested',
  'pitch.captions-automatic-failed': 'audit.action.pitch.captionsAutomaticFailed',
  // Files attached to answers (file-upload questions).
  'answer-file.upload-started': 'audit.action.answerFile.uploadStarted',
  'answer-file.awaiting-scan': 'audit.action.answerFile.awaitingScan',
  'answer-file.clean': 'audit.action.answerFile.clean',
  'answer-file.infected': 'audit.action.answerFile.infected',
  'answer-file.rejected': 'audit.action.answerFile.rejected',
  'round.created': 'audit.action.round.created',
  'round.updated': 'audit.action.round.updated',
  'reviewers.invited': 'audit.action.reviewers.invited',
  'reviewer.joined': 'audit.action.reviewer.joined',
  // Message templates and invitation e-mails (H5).
  'invitation.resent': 'audit.action.invitation.resent',
  'invitation.revoked': 'audit.action.invitation.revoked',
  'message-template.saved': 'audit.action.messageTemplate.saved',
  'message-template.reset': 'audit.action.messageTemplate.reset',
  'reviewer.dropped': 'audit.action.reviewer.dropped',
  'assignment.run': 'audit.action.assignment.run',
  'assignment.pinned': 'audit.action.assignment.pinned',
  'conflict.entered': 'audit.action.conflict.entered',
  'conflict.declared': 'audit.action.conflict.declared',
  'review.saved': 'audit.action.review.saved',
  'review.submitted': 'audit.action.review.submitted',
  'review.revised': 'audit.action.review.revised',
  'review.excluded': 'audit.action.review.excluded',
  'review.restored': 'audit.action.review.restored',
  'review.extra-assigned': 'audit.action.review.extraAssigned',
  'prize-plan.saved': 'audit.action.prizePlan.saved',
  'award.confirmed': 'audit.action.award.confirmed',
  'award.withdrawn': 'audit.action.award.withdrawn',
  'results.scheduled': 'audit.action.results.scheduled',
  'results.published': 'audit.action.results.published',
  'feedback.released': 'audit.action.feedback.released',
  'results.amendment-opened': 'audit.action.results.amendmentOpened',
  'results.amended': 'audit.action.results.amended',
  'expo.tables.updated': 'audit.action.expo.tables.updated',
  'expo.tables.numbered': 'audit.action.expo.tables.numbered',
  'expo.team.absent': 'audit.action.expo.team.absent',
  'expo.team.present': 'audit.action.expo.team.present',
  'audience-vote.configured': 'audit.action.audienceVote.configured',
  'audience-vote.ballot-voided': 'audit.action.audienceVote.ballotVoided',
  'audience-vote.ballot-restored': 'audit.action.audienceVote.ballotRestored',
  // Programmes and co-organisers (H1); programme-wide entries are in the programme's own trail.
  'programme.created': 'audit.action.programme.created',
  'programme.updated': 'audit.action.programme.updated',
  'programme.invitation-sent': 'audit.action.programme.invitationSent',
  'programme.invitation-resent': 'audit.action.programme.invitationResent',
  'programme.invitation-revoked': 'audit.action.programme.invitationRevoked',
  'programme.member-joined': 'audit.action.programme.memberJoined',
  'programme.member-role-changed': 'audit.action.programme.memberRoleChanged',
  'programme.member-removed': 'audit.action.programme.memberRemoved',
  'programme.member-left': 'audit.action.programme.memberLeft',
  'programme.call-created': 'audit.action.programme.callCreated',
  'programme.call-attached': 'audit.action.programme.callAttached',
  'programme.call-organiser-assigned': 'audit.action.programme.callOrganiserAssigned',
  // The cross-call ledger (H3): the programme's limits and its non-SME spending.
  'programme.limits-changed': 'audit.action.programme.limitsChanged',
  'programme.spending-added': 'audit.action.programme.spendingAdded',
  'programme.spending-changed': 'audit.action.programme.spendingChanged',
  'programme.spending-removed': 'audit.action.programme.spendingRemoved',
  'competition.joined-programme': 'audit.action.competition.joinedProgramme',
  'organiser.invited': 'audit.action.organiser.invited',
  'organiser.invitation-resent': 'audit.action.organiser.invitationResent',
  'organiser.invitation-revoked': 'audit.action.organiser.invitationRevoked',
  'organiser.joined': 'audit.action.organiser.joined',
  'organiser.assigned': 'audit.action.organiser.assigned',
  'organiser.removed': 'audit.action.organiser.removed',
  // Entrant teams (H4): the target is the team's organisation.
  'team.invited': 'audit.action.team.invited',
  'team.invitation-resent': 'audit.action.team.invitationResent',
  'team.invitation-revoked': 'audit.action.team.invitationRevoked',
  'team.joined': 'audit.action.team.joined',
  'team.ownership-transferred': 'audit.action.team.ownershipTransferred',
  'team.left': 'audit.action.team.left',
  'team.member-removed': 'audit.action.team.memberRemoved',
  // Scheduled reminders (H6): the target is the reminder kind.
  'reminder.enabled': 'audit.action.reminder.enabled',
  'reminder.disabled': 'audit.action.reminder.disabled',
  // Issue 13: an address SES reported as bouncing or complaining, mailed again.
  'mail.suppression-cleared': 'audit.action.mail.suppressionCleared',
  // Personal data (issue 14 §2).
  'privacy.updated': 'audit.action.privacy.updated',
  'personal-data.erased': 'audit.action.personalData.erased',
  'personal-data.retention-notice': 'audit.action.personalData.retentionNotice',
  'personal-data.retention-erased': 'audit.action.personalData.retentionErased',
};

/** A target the page cannot name, by its kind: "a submission". */
const GENERIC: Record<string, MessageKey> = {
  submission: 'audit.generic.submission',
  round: 'audit.generic.round',
  entrant: 'audit.generic.entrant',
  competition: 'audit.generic.competition',
  ballot: 'audit.generic.ballot',
  message: 'audit.generic.message',
  person: 'audit.generic.person',
  reminder: 'audit.generic.reminder',
  address: 'audit.generic.address',
};
const generic = (target: string) => {
  const key = GENERIC[kindOf(target)] as MessageKey | undefined;
  return t(key ?? 'audit.generic.something');
};

const kindOf = (target: string) => target.slice(0, Math.max(0, target.indexOf(':')));
const idOf = (target: string) => target.slice(target.indexOf(':') + 1);

/** "published the competition", "submitted a submission": the action without its target (the filter's options). */
export function actionLabel(action: string, target = ''): string {
  const key = ACTION_WORDS[action];
  if (!key) return action;
  // The entry's sentence without its actor, the target by its kind.
  return t(key, { actor: '', target: generic(target) }).trim();
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => {
  if (v === undefined) return '—';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
};

/** Before → after, field by field where both are objects; otherwise as recorded. */
function Change({ before, after }: { before: unknown; after: unknown }) {
  if (before === undefined && after === undefined) return null;
  const keys = [...new Set([...(isObject(before) ? Object.keys(before) : []), ...(isObject(after) ? Object.keys(after) : [])])];
  const rows =
    (isObject(before) || before === undefined) && (isObject(after) || after === undefined)
      ? keys.map((k) => ({ k, b: isObject(before) ? before[k] : undefined, a: isObject(after) ? after[k] : undefined }))
      : [{ k: 'value', b: before, a: after }];
  const both = before !== undefined && after !== undefined;
  return (
    <details class="audit-change">
      <summary>{both ? t('audit.change.changed') : before !== undefined ? t('audit.change.was') : t('audit.change.details')}</summary>
      <ul class="plain">
        {rows.map(({ k, b, a }) => (
          <li key={k}>
            <strong>{k}</strong>:{' '}
            {both ? (
              <>
                <del>{show(b)}</del> → <ins>{show(a)}</ins>
              </>
            ) : (
              show(b === undefined ? a : b)
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}

function Audit({ id }: { id: string }) {
  const path = { competitionId: id };
  const comp = useResource(() => api.GET('/api/competitions/{competitionId}', { params: { path } }), id);
  // Names for the targets: rounds and submissions by id (best effort: the page works without them).
  const names = useResource(async () => {
    const byId = new Map<string, string>();
    const rounds = await api.GET('/api/competitions/{competitionId}/rounds', { params: { path } }).catch(() => ({ items: [] }));
    for (const r of rounds.items) byId.set(`round:${r.id}`, r.name);
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await api
        .GET('/api/competitions/{competitionId}/submissions', { params: { path, query: { limit: 100, ...(cursor ? { cursor } : {}) } } })
        .catch(() => undefined);
      for (const s of page?.items ?? []) byId.set(`submission:${s.id}`, s.title || t('audit.untitledSubmission'));
      cursor = page?.nextCursor;
      if (!cursor) break;
    }
    return byId;
  }, id);
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // The filters are the server's (the whole trail, not only the entries loaded); days are the reader's local days.
  const filter = {
    ...(action ? { action } : {}),
    ...(actor ? { actor } : {}),
    ...(ISO_DAY.test(from) ? { from: new Date(`${from}T00:00`).toISOString() } : {}),
    ...(ISO_DAY.test(to) ? { to: new Date(`${to}T23:59:59.999`).toISOString() } : {}),
  };
  const first = useResource(() => api.GET('/api/competitions/{competitionId}/audit', { params: { path, query: { limit: PAGE, ...filter } } }), `${id}|${JSON.stringify(filter)}`);
  const list = useLoadMore<AuditEntry>(first.data, (cursor) =>
    api.GET('/api/competitions/{competitionId}/audit', { params: { path, query: { limit: PAGE, cursor, ...filter } } }),
  );
  useTitle(comp.data ? t('audit.titleOf', { title: comp.data.title }) : t('audit.title'));
  const downloads = useDownloads(id);
  /** Every action and person seen so far, so the filters' choices stay while a filter narrows the list. */
  const seen = useRef({ actions: new Map<string, string>(), actors: new Set<string>() });

  const items = list.items;
  const nameOf = useMemo(() => {
    const byId = new Map(names.data ?? []);
    // What the entries themselves record: a submission's first title, an entrant's organisation.
    for (const e of items) {
      const after = isObject(e.after) ? e.after : {};
      if (e.action === 'submission.created' && typeof after.title === 'string' && after.title && !byId.has(e.target)) byId.set(e.target, after.title);
      if (e.action === 'entrant.registered' && typeof after.organisationName === 'string') byId.set(e.target, after.organisationName);
    }
    return (target: string) => byId.get(target) ?? (kindOf(target) === 'competition' ? comp.data?.title : undefined);
  }, [names.data, items, comp.data]);
  for (const e of items) {
    if (!seen.current.actions.has(e.action)) seen.current.actions.set(e.action, actionLabel(e.action, e.target));
    if (e.actor.email) seen.current.actors.add(e.actor.email);
  }
  const actions = [...seen.current.actions].sort((a, b) => a[1].localeCompare(b[1]));
  const actors = [...seen.current.actors].sort();
  const filtered = items;
  const filtering = Boolean(action || actor || from || to);
  if (comp.error instanceof ApiError && comp.error.status === 404) return <CompetitionLoadError error={comp.error} />;

  return (
    <section>
      <p class="breadcrumbs">
        <Link href={`/competitions/${enc(id)}`}>{comp.data?.title ?? t('audit.competition')}</Link> ›
      </p>
      <h1>{t('audit.title')}</h1>
      <p class="lead">{t('audit.lead')}</p>
      <p class="actions">
        <DownloadButton downloads={downloads} file="audit.csv" label={t('audit.download')} />
      </p>
      <DownloadStatus downloads={downloads} />
      {first.loading && !first.data && <Loading label={t('audit.loading')} />}
      {first.error !== undefined && <LoadError error={first.error} />}
      {first.data && items.length === 0 && !filtering && <Empty>{t('audit.empty')}</Empty>}
      {(items.length > 0 || filtering) && (
        <>
          <form class="audit-filters" aria-label={t('audit.filter.label')} onSubmit={(e) => e.preventDefault()}>
            <div class="field-inline">
              <label for="audit-action">{t('audit.filter.action')}</label>
              <select id="audit-action" value={action} onChange={(e) => setAction(e.currentTarget.value)}>
                <option value="">{t('audit.filter.allActions')}</option>
                {actions.map(([code, label]) => (
                  <option key={code} value={code}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <div class="field-inline">
              <label for="audit-person">{t('audit.filter.person')}</label>
              <select id="audit-person" value={actor} onChange={(e) => setActor(e.currentTarget.value)}>
                <option value="">{t('audit.filter.everyone')}</option>
                {actors.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            </div>
            <div class="field-inline">
              <label for="audit-from">{t('audit.filter.from')}</label>
              <DateInput a11y={{ id: 'audit-from' }} value={from} onValue={setFrom} />
            </div>
            <div class="field-inline">
              <label for="audit-to">{t('audit.filter.to')}</label>
              <DateInput a11y={{ id: 'audit-to' }} value={to} onValue={setTo} />
            </div>
            {filtering && (
              <button
                type="button"
                class="btn btn-small"
                onClick={() => {
                  setAction('');
                  setActor('');
                  setFrom('');
                  setTo('');
                }}
              >
                {t('audit.filter.clear')}
              </button>
            )}
          </form>
          <p class="hint" role="status">
            {first.loading ? t('audit.looking') : filtering ? t('audit.loadedMatching', { count: items.length }) : t('audit.loaded', { count: items.length })}
            {list.hasMore && ` ${t('audit.moreLater')}`}
          </p>
          {filtered.length === 0 ? (
            <Empty>{t('audit.noMatch')}</Empty>
          ) : (
            <ScrollRegion label={t('audit.title')}>
              <DataTable columns={[t('audit.col.time'), t('audit.col.what')]} caption={t('audit.title')} hideCaption>
                {filtered.map((e) => (
                  <AuditRow key={e.id} e={e} name={nameOf(e.target)} />
                ))}
              </DataTable>
            </ScrollRegion>
          )}
          <LoadMore list={list} label={t('audit.loadLater')} />
        </>
      )}
    </section>
  );
}

function AuditRow({ e, name }: { e: AuditEntry; name: string | undefined }) {
  const key = ACTION_WORDS[e.action];
  const who = e.actor.email || e.actor.sub;
  const target = (
    <span class="audit-target" title={e.target}>
      {name ? (kindOf(e.target) === 'submission' ? t('audit.quoted', { name }) : name) : `${generic(e.target)} (${idOf(e.target).slice(0, 10)}…)`}
    </span>
  );
  const actor = (
    <span class="audit-actor" title={e.actor.sub}>
      {who}
    </span>
  );
  return (
    <tr>
      <td>
        <time dateTime={e.at}>{formatLocal(e.at)}</time>
      </td>
      <td>
        {key ? (
          tx(key, { actor, target })
        ) : (
          <>
            {actor} <code title={e.action}>{e.action}</code> {target}
          </>
        )}
        <Change before={e.before} after={e.after} />
      </td>
    </tr>
  );
}
