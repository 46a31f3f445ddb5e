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
import { formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import type { AuditEntry } from '../types.ts';
import { CompetitionLoadError } from './not-found.tsx';

export function AuditPage({ id }: { id: string }) {
  return (
    <RequireSignIn what="the audit trail">
      <Audit id={id} />
    </RequireSignIn>
  );
}

const PAGE = 100;

/** How an action reads: "<actor> <verb> <target> <tail>"; `noTarget` when the verb says it all. */
interface Words {
  verb: string;
  tail?: string;
  noTarget?: boolean;
}

export const ACTION_WORDS: Record<string, Words> = {
  'competition.created': { verb: 'created the competition', noTarget: true },
  'competition.updated': { verb: 'changed the competition', noTarget: true },
  'competition.published': { verb: 'published the competition', noTarget: true },
  'competition.closed-early': { verb: 'closed submissions early', noTarget: true },
  'competition.archived': { verb: 'archived the competition', noTarget: true },
  'entrant.registered': { verb: 'registered', tail: 'as an entrant' },
  'submission.created': { verb: 'started the submission' },
  'submission.updated': { verb: 'edited the submission' },
  'submission.submitted': { verb: 'submitted' },
  'submission.withdrawn': { verb: 'withdrew' },
  'pitch.upload-started': { verb: 'started uploading a video pitch for' },
  'pitch.upload-completed': { verb: 'finished uploading a video pitch for' },
  'pitch.upload-cancelled': { verb: 'cancelled a video pitch upload for' },
  'pitch.ready': { verb: 'verified the video pitch of' },
  'pitch.rejected': { verb: 'rejected the video pitch of' },
  'pitch.transcoding': { verb: 'started converting the video pitch of' },
  'pitch.captions-added': { verb: 'added captions to the video pitch of' },
  'pitch.captions-replaced': { verb: 'replaced the captions of the video pitch of' },
  'pitch.captions-deleted': { verb: 'deleted the captions of the video pitch of' },
  'round.created': { verb: 'created the round' },
  'round.updated': { verb: 'changed the round' },
  'reviewers.invited': { verb: 'invited reviewers to' },
  'reviewer.joined': { verb: 'joined', tail: 'as a reviewer' },
  // Message templates and invitation e-mails (H5).
  'invitation.resent': { verb: 'sent a new invitation link for' },
  'invitation.revoked': { verb: 'revoked an invitation to' },
  'message-template.saved': { verb: 'edited the message' },
  'message-template.reset': { verb: 'reset to the default the message' },
  'reviewer.dropped': { verb: 'removed a reviewer from' },
  'assignment.run': { verb: 'assigned reviewers in' },
  'assignment.pinned': { verb: 'pinned a reviewer to' },
  'conflict.entered': { verb: 'recorded a conflict of interest on' },
  'conflict.declared': { verb: 'declared a conflict of interest with' },
  'review.saved': { verb: 'saved a draft review of' },
  'review.submitted': { verb: 'submitted a review of' },
  'review.revised': { verb: 'revised a review of' },
  'review.excluded': { verb: 'left out of the ranking a review of' },
  'review.restored': { verb: 'counted again a review of' },
  'review.extra-assigned': { verb: 'asked for an extra review of' },
  'prize-plan.saved': { verb: 'saved the prize plan', noTarget: true },
  'award.confirmed': { verb: 'confirmed an award for' },
  'award.withdrawn': { verb: 'withdrew an award from' },
  'results.scheduled': { verb: 'scheduled the publication of the results', noTarget: true },
  'results.published': { verb: 'published the results', noTarget: true },
  'feedback.released': { verb: 'released the feedback', noTarget: true },
  'results.amendment-opened': { verb: 'started an amendment of the results', noTarget: true },
  'results.amended': { verb: 'published amended results', noTarget: true },
  'expo.tables.updated': { verb: 'placed teams at tables in' },
  'expo.tables.numbered': { verb: 'numbered the tables in' },
  'expo.team.absent': { verb: 'marked', tail: 'absent from its expo table' },
  'expo.team.present': { verb: 'marked', tail: 'back at its expo table' },
  'audience-vote.configured': { verb: 'set up the audience vote', noTarget: true },
  'audience-vote.ballot-voided': { verb: 'voided' },
  'audience-vote.ballot-restored': { verb: 'counted again' },
  // Programmes and co-organisers (H1); programme-wide entries are in the programme's own trail.
  'programme.created': { verb: 'created the programme', noTarget: true },
  'programme.updated': { verb: 'changed the programme', noTarget: true },
  'programme.invitation-sent': { verb: 'invited someone into the programme', noTarget: true },
  'programme.invitation-resent': { verb: 'sent a programme invitation again', noTarget: true },
  'programme.invitation-revoked': { verb: 'revoked a programme invitation', noTarget: true },
  'programme.member-joined': { verb: 'joined the programme', noTarget: true },
  'programme.member-role-changed': { verb: 'changed the programme role of' },
  'programme.member-removed': { verb: 'removed', tail: 'from the programme' },
  'programme.member-left': { verb: 'left the programme', noTarget: true },
  'programme.call-created': { verb: 'opened the call' },
  'programme.call-attached': { verb: 'made a call of the programme:' },
  'programme.call-organiser-assigned': { verb: 'assigned an organiser to the call' },
  // The cross-call ledger (H3): the programme's limits and its non-SME spending.
  'programme.limits-changed': { verb: 'changed the programme’s budget, cap or SME share', noTarget: true },
  'programme.spending-added': { verb: 'added non-SME spending', noTarget: true },
  'programme.spending-changed': { verb: 'changed a non-SME spending line', noTarget: true },
  'programme.spending-removed': { verb: 'removed a non-SME spending line', noTarget: true },
  'competition.joined-programme': { verb: 'made the competition a call of a programme', noTarget: true },
  'organiser.invited': { verb: 'invited a co-organiser', noTarget: true },
  'organiser.invitation-resent': { verb: 'sent a co-organiser invitation again', noTarget: true },
  'organiser.invitation-revoked': { verb: 'revoked a co-organiser invitation', noTarget: true },
  'organiser.joined': { verb: 'joined as an organiser', noTarget: true },
  'organiser.assigned': { verb: 'made', tail: 'an organiser' },
  'organiser.removed': { verb: 'took', tail: 'off the organisers' },
  // Entrant teams (H4): the target is the team's organisation.
  'team.invited': { verb: 'invited someone into the team of' },
  'team.invitation-resent': { verb: 'sent a team invitation again for' },
  'team.invitation-revoked': { verb: 'withdrew a team invitation for' },
  'team.joined': { verb: 'joined the team of' },
  'team.ownership-transferred': { verb: 'handed on the ownership of the team of' },
  'team.left': { verb: 'left the team of' },
  'team.member-removed': { verb: 'removed a member from the team of' },
  // Scheduled reminders (H6): the target is the reminder kind.
  'reminder.enabled': { verb: 'switched on' },
  'reminder.disabled': { verb: 'switched off' },
  // Issue 13: an address SES reported as bouncing or complaining, mailed again.
  'mail.suppression-cleared': { verb: 'allowed mail again to', tail: '(it had bounced or complained)' },
  // Personal data (issue 14 §2).
  'privacy.updated': { verb: 'changed the privacy purposes and retention periods', noTarget: true },
  'personal-data.erased': { verb: 'had their personal data erased:', tail: '(now a pseudonym)' },
  'personal-data.retention-notice': { verb: 'told the organisers that applicants’ personal data will be erased when its retention ends', noTarget: true },
  'personal-data.retention-erased': { verb: 'erased the personal data of the applicants not awarded, their retention having ended', noTarget: true },
};

const GENERIC: Record<string, string> = { submission: 'a submission', round: 'a round', entrant: 'an organisation', competition: 'the competition', ballot: 'an audience-vote ballot', message: 'a message template', person: 'a person', reminder: 'a reminder', address: 'an e-mail address' };

const kindOf = (target: string) => target.slice(0, Math.max(0, target.indexOf(':')));
const idOf = (target: string) => target.slice(target.indexOf(':') + 1);

/** "published the competition", "submitted a submission": the action without its target (the filter's options). */
export function actionLabel(action: string, target = ''): string {
  const w = ACTION_WORDS[action];
  if (!w) return action;
  if (w.noTarget) return w.verb;
  return [w.verb, GENERIC[kindOf(target)] ?? 'something', w.tail].filter(Boolean).join(' ');
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
      <summary>{both ? 'What changed' : before !== undefined ? 'What it was' : 'Details'}</summary>
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
      for (const s of page?.items ?? []) byId.set(`submission:${s.id}`, s.title || 'Untitled submission');
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
    ...(from ? { from: new Date(`${from}T00:00`).toISOString() } : {}),
    ...(to ? { to: new Date(`${to}T23:59:59.999`).toISOString() } : {}),
  };
  const first = useResource(() => api.GET('/api/competitions/{competitionId}/audit', { params: { path, query: { limit: PAGE, ...filter } } }), `${id}|${JSON.stringify(filter)}`);
  const list = useLoadMore<AuditEntry>(first.data, (cursor) =>
    api.GET('/api/competitions/{competitionId}/audit', { params: { path, query: { limit: PAGE, cursor, ...filter } } }),
  );
  useTitle(comp.data ? `Audit trail — ${comp.data.title}` : 'Audit trail');
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
        <Link href={`/competitions/${enc(id)}`}>{comp.data?.title ?? 'Competition'}</Link> ›
      </p>
      <h1>Audit trail</h1>
      <p class="lead">Everything that was done in this competition, oldest first. Hover over a name to see the recorded id.</p>
      <p class="actions">
        <DownloadButton downloads={downloads} file="audit.csv" label="Download the whole trail (CSV)" />
      </p>
      <DownloadStatus downloads={downloads} />
      {first.loading && !first.data && <Loading label="Loading the audit trail…" />}
      {first.error !== undefined && <LoadError error={first.error} />}
      {first.data && items.length === 0 && !filtering && <Empty>Nothing recorded yet.</Empty>}
      {(items.length > 0 || filtering) && (
        <>
          <form class="audit-filters" aria-label="Filter the audit trail" onSubmit={(e) => e.preventDefault()}>
            <div class="field-inline">
              <label for="audit-action">Action</label>
              <select id="audit-action" value={action} onChange={(e) => setAction(e.currentTarget.value)}>
                <option value="">All actions</option>
                {actions.map(([code, label]) => (
                  <option key={code} value={code}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <div class="field-inline">
              <label for="audit-person">Person</label>
              <select id="audit-person" value={actor} onChange={(e) => setActor(e.currentTarget.value)}>
                <option value="">Everyone</option>
                {actors.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            </div>
            <div class="field-inline">
              <label for="audit-from">From</label>
              <input id="audit-from" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
            </div>
            <div class="field-inline">
              <label for="audit-to">To</label>
              <input id="audit-to" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
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
                Clear filters
              </button>
            )}
          </form>
          <p class="hint" role="status">
            {first.loading ? 'Looking…' : filtering ? `${items.length} matching ${items.length === 1 ? 'entry' : 'entries'} loaded.` : `${items.length} entries loaded.`}
            {list.hasMore && ' Later entries are not loaded yet.'}
          </p>
          {filtered.length === 0 ? (
            <Empty>No entry matches these filters.</Empty>
          ) : (
            <ScrollRegion label="Audit trail">
              <DataTable columns={['Time', 'What happened']} caption="Audit trail" hideCaption>
                {filtered.map((e) => (
                  <AuditRow key={e.id} e={e} name={nameOf(e.target)} />
                ))}
              </DataTable>
            </ScrollRegion>
          )}
          <LoadMore list={list} label="Load later entries" />
        </>
      )}
    </section>
  );
}

function AuditRow({ e, name }: { e: AuditEntry; name: string | undefined }) {
  const w = ACTION_WORDS[e.action];
  const who = e.actor.email || e.actor.sub;
  const target = (
    <span class="audit-target" title={e.target}>
      {name ? (kindOf(e.target) === 'submission' ? `“${name}”` : name) : `${GENERIC[kindOf(e.target)] ?? 'something'} (${idOf(e.target).slice(0, 10)}…)`}
    </span>
  );
  return (
    <tr>
      <td>
        <time dateTime={e.at}>{formatLocal(e.at)}</time>
      </td>
      <td>
        <span class="audit-actor" title={e.actor.sub}>
          {who}
        </span>{' '}
        {w ? (
          <>
            {w.noTarget ? <span title={e.target}>{w.verb}</span> : w.verb}
            {!w.noTarget && <> {target}</>}
            {w.tail && ` ${w.tail}`}
          </>
        ) : (
          <>
            <code title={e.action}>{e.action}</code> {target}
          </>
        )}
        <Change before={e.before} after={e.after} />
      </td>
    </tr>
  );
}
