/**
 * The organisers' side of the audience vote (/competitions/:id/vote/review): its settings (window,
 * how many choices, live counts), the count so far, and the review of the ballots — flagged ones
 * first with the flagged-only filter, voiding a ballot with a written reason (audited; its votes
 * leave the count) and restoring it.
 */
import { useState } from 'preact/hooks';
import { api, ApiError, enc, query, type ApiAnswer, type FieldErrors } from '../api.ts';
import { DataTable, ACTIONS_COLUMN } from '../components/data-table.tsx';
import { PagedList } from '../components/paged-list.tsx';
import { ReasonDialog } from '../components/reason-dialog.tsx';
import { ScrollRegion } from '../components/scroll-region.tsx';
import { Checkbox, ErrorSummary, Field, LoadError, Loading, Notice } from '../components/ui.tsx';
import { DateInput } from '../components/date-input.tsx';
import { formatInZone, formatLocal, toWallClock } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { navigate, useLocation } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import type { Competition } from '../types.ts';
import { type Candidate, unlessMissing, type VoteView, VoteCount, VotePageHead } from './audience-vote.tsx';
import { allows, can, whoMay } from '../capabilities.ts';
import { localised } from '../content.ts';
import { t, type MessageKey } from '../i18n.ts';

type Ballot = ApiAnswer<'/api/competitions/{competitionId}/audience-vote/ballots', 'get'>['items'][number];

/** What each flag means, in the organisers' words. */
const FLAG_TEXT: Record<string, { title: MessageKey; meaning: MessageKey }> = {
  burst: { title: 'audienceVoteReview.flag.burst.title', meaning: 'audienceVoteReview.flag.burst.meaning' },
  'new-account-cluster': { title: 'audienceVoteReview.flag.newAccountCluster.title', meaning: 'audienceVoteReview.flag.newAccountCluster.meaning' },
};

export function AudienceVoteReviewPage({ id }: { id: string }) {
  return (
    <RequireSignIn what={t('audienceVoteReview.signInWhat')}>
      <Review id={id} />
    </RequireSignIn>
  );
}

function Review({ id }: { id: string }) {
  const params = { path: { competitionId: id } };
  const res = useResource(async () => {
    const [competition, vote] = await Promise.all([api.GET('/api/competitions/{competitionId}', { params }).then(localised), unlessMissing(api.GET('/api/competitions/{competitionId}/audience-vote', { params }))]);
    return { competition, vote };
  }, id);
  const [tick, setTick] = useState(0);
  useTitle(res.data ? t('audienceVote.titleOf', { title: res.data.competition.title }) : t('audienceVote.title'));
  if (res.loading && !res.data) return <Loading label={t('audienceVote.loading')} />;
  if (!res.data) return <LoadError error={res.error} />;
  const { competition: c, vote } = res.data;
  if (!can(c, 'read')) return <Notice kind="error">{t('audienceVoteReview.organisersOnly')}</Notice>;
  return (
    <article class="audience-vote-review">
      <VotePageHead competition={c} vote={vote} link={vote ? { href: `/competitions/${enc(id)}/vote`, label: t('audienceVoteReview.publicPage') } : undefined} />
      <SettingsForm c={c} vote={vote} onSaved={() => res.reload()} />
      {vote && (
        <>
          <Count competitionId={id} tick={tick} />
          <Ballots c={c} onChange={() => setTick((t) => t + 1)} />
        </>
      )}
    </article>
  );
}

/** The instant a wall-clock "2026-12-01T17:00" stands for in `tz` (the API takes ISO instants). */
export function instantOf(wall: string, tz: string): string {
  const utc = (w: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(w);
    return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])) : NaN;
  };
  const wanted = utc(wall);
  if (Number.isNaN(wanted)) return wall;
  // Start from the wall clock read as UTC and correct by the zone's offset there (twice, for DST edges).
  let t = wanted;
  for (let i = 0; i < 2; i++) t += wanted - utc(toWallClock(new Date(t).toISOString(), tz));
  return new Date(t).toISOString();
}

interface SettingsState {
  opensAt: string;
  closesAt: string;
  maxChoices: string;
  liveCounts: boolean;
}

const settingsLabels = (): Record<string, string> => ({
  opensAt: t('audienceVoteReview.settings.opensAt'),
  closesAt: t('audienceVoteReview.settings.closesAt'),
  maxChoices: t('audienceVoteReview.settings.maxChoices'),
  liveCounts: t('audienceVoteReview.settings.liveCountsShort'),
});

function SettingsForm({ c, vote, onSaved }: { c: Competition; vote: VoteView | undefined; onSaved: () => void }) {
  const tz = c.schedule.timeZone;
  const [form, setForm] = useState<SettingsState>(() => ({
    opensAt: toWallClock(vote?.opensAt ?? c.schedule.submissionsClose, tz),
    closesAt: toWallClock(vote?.closesAt ?? c.schedule.resultsDate, tz),
    maxChoices: String(vote?.maxChoices ?? 3),
    liveCounts: vote?.liveCounts ?? false,
  }));
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const errors = error?.fields ?? {};
  const locked = Boolean(vote?.finalisedAt);
  const mayChange = allows(c, 'audience-vote-settings');
  const set = (patch: Partial<SettingsState>) => {
    setSaved(false);
    setForm((f) => ({ ...f, ...patch }));
  };

  async function save(e: Event) {
    e.preventDefault();
    const local: FieldErrors = {};
    const max = Number(form.maxChoices);
    if (!Number.isInteger(max) || max < 1 || max > 10) local.maxChoices = t('audienceVoteReview.settings.maxChoicesInvalid');
    if (!form.opensAt) local.opensAt = t('audienceVoteReview.settings.required');
    if (!form.closesAt) local.closesAt = t('audienceVoteReview.settings.required');
    if (Object.keys(local).length) return setError(new ApiError(400, 'VALIDATION_FAILED', t('audienceVoteReview.settings.attention'), local));
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      await api.PUT('/api/competitions/{competitionId}/audience-vote', {
        params: { path: { competitionId: c.id } },
        body: { opensAt: instantOf(form.opensAt, tz), closesAt: instantOf(form.closesAt, tz), maxChoices: max, liveCounts: form.liveCounts, ...(vote?.version !== undefined ? { version: vote.version } : {}) },
      });
      setSaved(true);
      onSaved();
    } catch (err) {
      const a = err as ApiError;
      setError(a.code === 'VERSION_CONFLICT' ? new ApiError(a.status, a.code, t('audienceVoteReview.settings.versionConflict')) : a);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="section" aria-labelledby="vote-settings-heading">
      <h2 id="vote-settings-heading">{t('audienceVoteReview.settings.heading')}</h2>
      {!vote && mayChange && <p class="hint">{t('audienceVoteReview.settings.noneYet')}</p>}
      {!vote && !mayChange && <p class="hint">{t('audienceVoteReview.settings.noneNotYours', { who: whoMay('audience-vote-settings') })}</p>}
      {vote && !mayChange && <p class="muted">{t('audienceVoteReview.settings.notYours', { who: whoMay('audience-vote-settings') })}</p>}
      {saved && <Notice kind="success">{t('audienceVoteReview.settings.saved')}</Notice>}
      {(vote || mayChange) && (
        <form class="form vote-settings" noValidate onSubmit={(e) => void save(e)} aria-labelledby="vote-settings-heading">
          <ErrorSummary error={error} labels={settingsLabels()} />
          {locked && <p class="locked-reason">{t('audienceVoteReview.settings.locked', { at: formatInZone(vote?.finalisedAt, tz) })}</p>}
          <fieldset class="plain-fieldset" disabled={locked || !mayChange}>
            <div class="grid-auto grid-wide">
              <Field path="opensAt" label={t('audienceVoteReview.settings.opensAt')} hint={t('audienceVoteReview.settings.inZone', { zone: tz })} errors={errors} required>
                {(a11y) => <DateInput a11y={a11y} kind="dateTime" value={form.opensAt} onValue={(v) => set({ opensAt: v })} />}
              </Field>
              <Field path="closesAt" label={t('audienceVoteReview.settings.closesAt')} hint={t('audienceVoteReview.settings.inZone', { zone: tz })} errors={errors} required>
                {(a11y) => <DateInput a11y={a11y} kind="dateTime" value={form.closesAt} onValue={(v) => set({ closesAt: v })} />}
              </Field>
              <Field path="maxChoices" label={t('audienceVoteReview.settings.maxChoices')} hint={t('audienceVoteReview.settings.maxChoicesHint')} errors={errors} required>
                {(a11y) => <input type="number" min={1} max={10} step={1} inputMode="numeric" {...a11y} value={form.maxChoices} onInput={(e) => set({ maxChoices: e.currentTarget.value })} />}
              </Field>
            </div>
            <Checkbox path="liveCounts" label={t('audienceVoteReview.settings.liveCounts')} checked={form.liveCounts} onChecked={(v) => set({ liveCounts: v })} errors={errors} />
          </fieldset>
          {mayChange && (
            <div class="form-actions">
              <button type="submit" class="btn btn-primary" disabled={busy || locked}>
                {busy ? t('common.saving') : vote ? t('audienceVoteReview.settings.save') : t('audienceVoteReview.settings.setUp')}
              </button>
            </div>
          )}
        </form>
      )}
    </section>
  );
}

function Count({ competitionId, tick }: { competitionId: string; tick: number }) {
  const res = useResource(() => api.GET('/api/competitions/{competitionId}/audience-vote/results', { params: { path: { competitionId } } }), `${competitionId}:${tick}`);
  return (
    <section class="section" aria-labelledby="vote-count-heading">
      <h2 id="vote-count-heading">{t('audienceVoteReview.count')}</h2>
      {res.loading && !res.data && <Loading label={t('audienceVote.results.counting')} />}
      {res.error !== undefined && <LoadError error={res.error} />}
      {res.data && <VoteCount results={res.data} />}
    </section>
  );
}

/** Every candidate's title by id (a few pages at most), to name a ballot's choices. */
async function candidateTitles(competitionId: string): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page = await api.GET('/api/competitions/{competitionId}/audience-vote/candidates', { params: { path: { competitionId }, query: { limit: 100, ...(cursor ? { cursor } : {}) } } });
    for (const x of page.items as Candidate[]) titles.set(x.submissionId, x.title);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return titles;
}

function Ballots({ c, onChange }: { c: Competition; onChange: () => void }) {
  const { query: q } = useLocation();
  const flagged = q.get('flagged') === 'true';
  const cursor = q.get('cursor') ?? '';
  const here = `/competitions/${enc(c.id)}/vote/review`;
  const path = { competitionId: c.id };
  const [tick, setTick] = useState(0);
  const list = useResource(
    () => api.GET('/api/competitions/{competitionId}/audience-vote/ballots', { params: { path, query: { ...(flagged ? { flagged: 'true' as const } : {}), limit: 25, ...(cursor ? { cursor } : {}) } } }),
    JSON.stringify([c.id, flagged, cursor, tick]),
  );
  const titles = useResource(() => candidateTitles(c.id), c.id);
  const [voiding, setVoiding] = useState<Ballot>();
  const [busy, setBusy] = useState<string>();
  const [msg, setMsg] = useState<{ kind: 'success' | 'error'; text: string }>();
  const name = (sid: string) => titles.data?.get(sid) ?? sid;
  const changed = (text: string) => {
    setMsg({ kind: 'success', text });
    setTick((t) => t + 1);
    onChange();
  };

  async function restore(b: Ballot) {
    setBusy(b.ballotId);
    setMsg(undefined);
    try {
      await api.POST('/api/competitions/{competitionId}/audience-vote/ballots/{ballotId}/restore', { params: { path: { ...path, ballotId: b.ballotId } } });
      changed(t('audienceVoteReview.ballots.restored', { voter: b.voter }));
    } catch (e) {
      setMsg({ kind: 'error', text: (e as Error).message });
    } finally {
      setBusy(undefined);
    }
  }

  async function voidBallot(b: Ballot, reason: string): Promise<FieldErrors | undefined> {
    try {
      await api.POST('/api/competitions/{competitionId}/audience-vote/ballots/{ballotId}/void', { params: { path: { ...path, ballotId: b.ballotId } }, body: { reason } });
      setVoiding(undefined);
      changed(t('audienceVoteReview.ballots.voided', { voter: b.voter }));
      return undefined;
    } catch (e) {
      const fields = (e as { fields?: FieldErrors }).fields;
      return fields && Object.keys(fields).length > 0 ? fields : { reason: (e as Error).message };
    }
  }

  return (
    <section class="section" aria-labelledby="ballots-heading">
      <h2 id="ballots-heading">{t('audienceVoteReview.ballots.heading')}</h2>
      <p class="hint">{t('audienceVoteReview.ballots.lead')}</p>
      <div class="check-row vote-filter">
        <div class="field field-check">
          <input type="checkbox" id="ballots-flagged" checked={flagged} onChange={(e) => navigate(here + query({ flagged: e.currentTarget.checked ? 'true' : '' }))} />
          <label for="ballots-flagged">{t('audienceVoteReview.ballots.flaggedOnly')}</label>
        </div>
      </div>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      <PagedList
        list={list}
        cursor={cursor}
        pageHref={(next) => here + query({ flagged: flagged ? 'true' : '', cursor: next })}
        firstLabel={t('audienceVoteReview.ballots.firstPage')}
        loadingLabel={t('audienceVoteReview.ballots.loading')}
        empty={flagged ? t('audienceVoteReview.ballots.noFlagged') : t('audienceVoteReview.ballots.none')}
      >
        {(items) => (
          <ScrollRegion label={t('audienceVoteReview.ballots.heading')}>
            <DataTable
              columns={[t('audienceVoteReview.col.voter'), t('audienceVoteReview.col.choices'), t('audienceVoteReview.col.cast'), t('audienceVoteReview.col.changed'), t('audienceVoteReview.col.flags'), t('audienceVoteReview.col.status'), ACTIONS_COLUMN]}
              caption={t('audienceVoteReview.ballots.heading')}
              hideCaption class="ballots-table">
              {items.map((b) => (
                <tr key={b.ballotId} class={b.voided ? 'ballot-voided' : undefined}>
                  <td class="ballot-voter">{b.voter}</td>
                  <td class="ballot-choices">{b.choices.map(name).join(', ')}</td>
                  <td class="ballot-when">{formatLocal(b.createdAt)}</td>
                  <td class="ballot-when">{b.updatedAt !== b.createdAt ? formatLocal(b.updatedAt) : '—'}</td>
                  <td>
                    {b.flags.length === 0 ? (
                      <span class="muted">{t('audienceVoteReview.ballots.noFlags')}</span>
                    ) : (
                      <ul class="plain">
                        {b.flags.map((f) => (
                          <li key={f}>
                            <span class="badge badge-flag" title={FLAG_TEXT[f] ? t(FLAG_TEXT[f].title) : undefined}>
                              {f}
                            </span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td class="ballot-status">
                    {b.voided ? (
                      <span>
                        <strong>{t('audienceVoteReview.ballots.voidedWord')}</strong> — {t('audit.quoted', { name: b.voided.reason })} <span class="muted">({formatInZone(b.voided.at, c.schedule.timeZone)})</span>
                      </span>
                    ) : (
                      t('audienceVoteReview.ballots.counted')
                    )}
                  </td>
                  <td>
                    {!allows(c, 'moderate-ballots') ? null : b.voided ? (
                      <button type="button" class="btn btn-small" disabled={!!busy} onClick={() => void restore(b)} aria-label={t('audienceVoteReview.ballots.restoreLabel', { voter: b.voter })}>
                        {busy === b.ballotId ? t('audienceVoteReview.ballots.restoring') : t('audienceVoteReview.ballots.restore')}
                      </button>
                    ) : (
                      <button type="button" class="btn btn-small btn-danger-ghost" disabled={!!busy} onClick={() => setVoiding(b)} aria-label={t('audienceVoteReview.ballots.voidLabel', { voter: b.voter })}>
                        {t('audienceVoteReview.ballots.void')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          </ScrollRegion>
        )}
      </PagedList>
      <p class="hint vote-flags-legend">
        {Object.entries(FLAG_TEXT).map(([k, v]) => (
          <span key={k}>
            <strong>{k}</strong>: {t(v.meaning)}.{' '}
          </span>
        ))}
      </p>
      {voiding && <VoidDialog ballot={voiding} choices={voiding.choices.map(name)} onCancel={() => setVoiding(undefined)} onVoid={(reason) => voidBallot(voiding, reason)} />}
    </section>
  );
}

/** The reason dialog: a modal with the written reason (required); Escape or Cancel closes it and the focus goes back to the button. */
function VoidDialog({ ballot, choices, onCancel, onVoid }: { ballot: Ballot; choices: string[]; onCancel: () => void; onVoid: (reason: string) => Promise<FieldErrors | undefined> }) {
  return (
    <ReasonDialog
      id="void-dialog-title"
      title={<>{t('audienceVoteReview.dialog.title', { voter: ballot.voter })}</>}
      intro={
        <p>
          {t('audienceVoteReview.dialog.intro', { count: choices.length, choices: choices.join(', ') })}
        </p>
      }
      missing={t('audienceVoteReview.dialog.missing')}
      action={t('audienceVoteReview.dialog.action')}
      busy={t('audienceVoteReview.dialog.busy')}
      onCancel={onCancel}
      onSubmit={onVoid}
    />
  );
}
