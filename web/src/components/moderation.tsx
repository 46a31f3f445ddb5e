/**
 * Moderation for organisers (API: use-cases/moderation.ts): how much the reviewers of each
 * submission disagree (the spread), leaving a review out of the ranking with a written reason and
 * counting it again, and asking for one extra review of a contested submission. And, for the
 * reviewer whose review was left out, the "not counted" notice with the organisers' reason.
 *
 *   <SubmissionModeration competitionId={…} submissionId={…} />   the submission page (organisers)
 *   <RoundSpread competitionId={…} roundId={…} />                   the round page: most contested first
 *   <NotCounted exclusion={review.exclusion} />                    the reviewer's review page
 */
import { useEffect, useState } from 'preact/hooks';
import { api, enc, type ApiAnswer } from '../api.ts';
import { loadRoundReviews } from '../pages/round.tsx';
import { loadRounds } from '../pages/rounds.tsx';
import { useResource } from '../hooks.ts';
import { whoMay } from '../capabilities.ts';
import { Link } from '../router.tsx';
import type { Round, RoundReview } from '../types.ts';
import { DataTable } from './data-table.tsx';
import { ReasonDialog } from './reason-dialog.tsx';
import { Checkbox, LoadError, Loading, Notice, ReviewStatusBadge } from './ui.tsx';
import { formatNumber } from '../format.ts';
import { t, tx, type MessageKey } from '../i18n.ts';

type SpreadList = ApiAnswer<'/api/competitions/{competitionId}/rounds/{roundId}/spread', 'get'>;
type SpreadRow = SpreadList['items'][number];
type SpreadSort = SpreadList['sort'];
type Exclusion = NonNullable<RoundReview['exclusion']>;

const fmt = (v: number | null) => (v === null ? '—' : formatNumber(v, { minimumFractionDigits: 1, maximumFractionDigits: 1 }));

/** "SD 12.4 · 40.0–90.0 · 3 reviews counted (1 excluded)", in words for a row or a line. */
function spreadText(s: SpreadRow): string {
  const counted = t('moderation.counted', { count: s.reviews });
  const extra = [s.excluded > 0 ? t('moderation.excludedCount', { count: s.excluded }) : '', s.pending > 0 ? t('moderation.pendingCount', { count: s.pending }) : ''].filter(Boolean).join(', ');
  const figures =
    s.reviews === 0 ? t('moderation.noScores') : s.sd === null ? t('moderation.oneReview', { mean: fmt(s.mean) }) : t('moderation.sd', { sd: fmt(s.sd), min: fmt(s.min), max: fmt(s.max) });
  return `${figures} · ${counted}${extra ? ` (${extra})` : ''}`;
}

// ——— The reviewer's notice ———

/** Shown to the reviewer whose review the organisers left out of the ranking. */
export function NotCounted({ exclusion }: { exclusion?: { reason: string; dutyDone: boolean } }) {
  if (!exclusion) return null;
  return (
    <Notice kind="warning">
      {tx('moderation.notCounted', { reason: exclusion.reason, strong: (chunks) => <strong>{chunks}</strong> })}
      {` ${exclusion.dutyDone ? t('moderation.dutyCounts') : t('moderation.dutyNotCounts')}`}
    </Notice>
  );
}

// ——— The round page: spread per submission ———

const SORTS: { value: SpreadSort; label: MessageKey }[] = [
  { value: 'sd', label: 'moderation.sort.sd' },
  { value: 'range', label: 'moderation.sort.range' },
  { value: 'reviews', label: 'moderation.sort.reviews' },
  { value: 'submission', label: 'moderation.sort.submission' },
];

async function spreadPage(competitionId: string, roundId: string, sort: SpreadSort, cursor?: string, submissionId?: string): Promise<SpreadList> {
  return api.GET('/api/competitions/{competitionId}/rounds/{roundId}/spread', { params: { path: { competitionId, roundId }, query: { sort, limit: 50, cursor, submissionId } } });
}

/** The round's submissions by how much their reviewers disagree, most contested first; each links to its moderation. */
export function RoundSpread({ competitionId, roundId }: { competitionId: string; roundId: string }) {
  const [sort, setSort] = useState<SpreadSort>('sd');
  const [rows, setRows] = useState<SpreadRow[]>([]);
  const [next, setNext] = useState<string>();
  const [state, setState] = useState<{ loading: boolean; error?: unknown }>({ loading: true });
  const load = async (cursor?: string) => {
    setState({ loading: true });
    try {
      const page = await spreadPage(competitionId, roundId, sort, cursor);
      setRows((r) => (cursor ? [...r, ...page.items] : page.items));
      setNext(page.nextCursor);
      setState({ loading: false });
    } catch (error) {
      setState({ loading: false, error });
    }
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [competitionId, roundId, sort]);
  const selectId = `spread-sort-${roundId}`;
  return (
    <section class="panel section moderation-spread" aria-labelledby={`spread-heading-${roundId}`}>
      <h2 id={`spread-heading-${roundId}`}>{t('moderation.spreadHeading')}</h2>
      <p class="muted">
        {t('moderation.spreadIntro')}
      </p>
      <div class="field">
        <label for={selectId}>{t('moderation.sortBy')}</label>
        <select id={selectId} value={sort} onChange={(e) => setSort(e.currentTarget.value as SpreadSort)}>
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {t(s.label)}
            </option>
          ))}
        </select>
      </div>
      {state.error !== undefined && <LoadError error={state.error} />}
      {rows.length === 0 && state.loading && <Loading label={t('moderation.loadingSpread')} />}
      {rows.length === 0 && !state.loading && state.error === undefined && <p class="muted">{t('moderation.noReviews')}</p>}
      {rows.length > 0 && (
        <DataTable
          columns={[
            t('moderation.col.submission'),
            { label: t('moderation.col.counted'), num: true },
            { label: t('moderation.col.sd'), num: true },
            { label: t('moderation.col.lowest'), num: true },
            { label: t('moderation.col.highest'), num: true },
            { label: t('moderation.col.mean'), num: true },
          ]}
          caption={t('moderation.spreadCaption')}
          hideCaption
        >
          {rows.map((s) => (
            <tr key={s.submissionId}>
              <td>
                <Link href={`/competitions/${enc(competitionId)}/submissions/${enc(s.submissionId)}`}>{s.title || t('moderation.untitledSubmission')}</Link>
                {s.excluded > 0 && <span class="muted"> · {t('moderation.excludedCount', { count: s.excluded })}</span>}
              </td>
              <td class="num">{s.reviews}</td>
              <td class="num">{fmt(s.sd)}</td>
              <td class="num">{fmt(s.min)}</td>
              <td class="num">{fmt(s.max)}</td>
              <td class="num">{fmt(s.mean)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {next && (
        <button type="button" class="btn" disabled={state.loading} onClick={() => void load(next)}>
          {state.loading ? t('common.loading') : t('moderation.moreSubmissions')}
        </button>
      )}
    </section>
  );
}

// ——— The submission page: moderation of its reviews ———

interface RoundModeration {
  round: Round;
  reviews: RoundReview[];
  spread?: SpreadRow;
}

/**
 * Organisers: per round, the spread of this submission's reviews, each review counted or not
 * (exclude / restore), and an extra review. `moderates` false (programme staff without `evaluate`,
 * capabilities.ts): the same facts, no actions.
 */
export function SubmissionModeration({ competitionId, submissionId, moderates }: { competitionId: string; submissionId: string; moderates: boolean }) {
  const res = useResource(async (): Promise<RoundModeration[]> => {
    const rounds = await loadRounds(competitionId);
    const per = await Promise.all(
      rounds.map(async (round) => {
        const [reviews, spread] = await Promise.all([loadRoundReviews(competitionId, round.id, submissionId), spreadPage(competitionId, round.id, 'submission', undefined, submissionId)]);
        return { round, reviews: reviews.filter((r) => r.submissionId === submissionId), spread: spread.items[0] };
      }),
    );
    return per.filter((x) => x.reviews.length > 0);
  }, `${competitionId}/${submissionId}/moderation`);
  if (res.loading && !res.data) return <Loading label={t('moderation.loading')} />;
  if (!res.data) return res.error !== undefined ? <LoadError error={res.error} /> : null;
  if (res.data.length === 0) return null;
  return (
    <section class="submission-moderation" aria-labelledby="moderation-heading">
      <h2 id="moderation-heading">{t('moderation.heading')}</h2>
      {moderates ? (
        <p class="muted">
          {t('moderation.intro')}
        </p>
      ) : (
        <p class="muted">{t('moderation.readOnly', { who: whoMay('moderate-reviews') })}</p>
      )}
      {res.data.map((m) => (
        <RoundModerationPanel key={m.round.id} competitionId={competitionId} submissionId={submissionId} data={m} moderates={moderates} onChange={res.reload} />
      ))}
    </section>
  );
}

function RoundModerationPanel({
  competitionId,
  submissionId,
  data,
  moderates,
  onChange,
}: {
  competitionId: string;
  submissionId: string;
  data: RoundModeration;
  moderates: boolean;
  onChange: () => void;
}) {
  const { round, reviews, spread } = data;
  const [excluding, setExcluding] = useState<RoundReview>();
  const [busy, setBusy] = useState<string>();
  const [msg, setMsg] = useState<{ kind: 'success' | 'error'; text: string }>();
  const path = { competitionId, roundId: round.id, submissionId };

  async function restore(r: RoundReview) {
    setBusy(`restore:${r.reviewerSub}`);
    setMsg(undefined);
    try {
      await api.DELETE('/api/competitions/{competitionId}/rounds/{roundId}/reviews/{submissionId}/reviewers/{reviewerSub}/exclusion', { params: { path: { ...path, reviewerSub: r.reviewerSub } } });
      setMsg({ kind: 'success', text: t('moderation.countsAgain', { email: r.reviewerEmail }) });
      onChange();
    } catch (e) {
      setMsg({ kind: 'error', text: (e as Error).message });
    } finally {
      setBusy(undefined);
    }
  }

  async function exclude(r: RoundReview, reason: string, dutyDone: boolean): Promise<Record<string, string> | undefined> {
    try {
      await api.PUT('/api/competitions/{competitionId}/rounds/{roundId}/reviews/{submissionId}/reviewers/{reviewerSub}/exclusion', {
        params: { path: { ...path, reviewerSub: r.reviewerSub } },
        body: { reason, dutyDone, version: r.version },
      });
      setExcluding(undefined);
      setMsg({ kind: 'success', text: t('moderation.leftOut', { email: r.reviewerEmail }) });
      onChange();
      return undefined;
    } catch (e) {
      const fields = (e as { fields?: Record<string, string> }).fields;
      return fields && Object.keys(fields).length > 0 ? fields : { reason: (e as Error).message };
    }
  }

  async function extra() {
    setBusy('extra');
    setMsg(undefined);
    try {
      const added = await api.POST('/api/competitions/{competitionId}/rounds/{roundId}/submissions/{submissionId}/extra-review', { params: { path } });
      setMsg({ kind: 'success', text: t('moderation.extraAsked', { email: added.review.reviewerEmail, load: added.load }) });
      onChange();
    } catch (e) {
      setMsg({ kind: 'error', text: (e as Error).message });
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <div class="round-moderation">
      <h3>{round.name}</h3>
      {spread && <p class="spread-line">{spreadText(spread)}</p>}
      <DataTable
        columns={[t('moderation.col.reviewer'), t('moderation.col.status'), t('moderation.col.inRanking'), ...(moderates ? [{ label: t('moderation.col.actions'), hidden: true }] : [])]}
        caption={t('moderation.caption', { round: round.name })}
        hideCaption
      >
        {reviews.map((r) => (
          <tr key={r.reviewerSub}>
            <td class="break">
              {r.reviewerEmail}
              {r.origin === 'extra' && <span class="badge">{t('moderation.extraReview')}</span>}
            </td>
            <td>
              <ReviewStatusBadge status={r.status} />
            </td>
            <td>{r.exclusion ? <ExclusionText exclusion={r.exclusion} /> : r.status === 'submitted' ? t('moderation.countedStatus') : <span class="muted">{t('moderation.notSubmitted')}</span>}</td>
            {moderates && (
              <td>
                {r.exclusion ? (
                  <button type="button" class="btn btn-small" disabled={!!busy} onClick={() => void restore(r)} >
                    {busy === `restore:${r.reviewerSub}` ? t('moderation.restoring') : tx('moderation.countAgain', { email: r.reviewerEmail, sr: (chunks) => <span class="sr-only">{chunks}</span> })}
                  </button>
                ) : (
                  <button type="button" class="btn btn-small" disabled={!!busy} onClick={() => setExcluding(r)} aria-label={t('moderation.excludeLabel', { email: r.reviewerEmail })}>
                    {t('moderation.exclude')}
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </DataTable>
      {moderates && (
        <div class="actions">
          <button type="button" class="btn" disabled={!!busy} onClick={() => void extra()}>
            {busy === 'extra' ? t('moderation.asking') : t('moderation.askExtra')}
          </button>
          <span class="muted">{t('moderation.extraHint')}</span>
        </div>
      )}
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      {excluding && <ExcludeDialog review={excluding} peer={round.kind === 'peer'} onCancel={() => setExcluding(undefined)} onExclude={(reason, duty) => exclude(excluding, reason, duty)} />}
    </div>
  );
}

function ExclusionText({ exclusion }: { exclusion: Exclusion }) {
  return (
    <span>
      {tx('moderation.exclusion', {
        reason: exclusion.reason,
        by: exclusion.by.email,
        duty: exclusion.dutyDone ? 'done' : 'notDone',
        strong: (chunks) => <strong>{chunks}</strong>,
        muted: (chunks) => <span class="muted">{chunks}</span>,
      })}
    </span>
  );
}

/** The reason dialog: a modal with the reason (required) and the duty choice; Escape or Cancel closes it, focus returns to the button. */
function ExcludeDialog({
  review,
  peer,
  onCancel,
  onExclude,
}: {
  review: RoundReview;
  peer: boolean;
  onCancel: () => void;
  onExclude: (reason: string, dutyDone: boolean) => Promise<Record<string, string> | undefined>;
}) {
  const [dutyDone, setDutyDone] = useState(review.status === 'submitted');
  return (
    <ReasonDialog
      id="exclude-dialog-title"
      title={t('moderation.dialog.title', { email: review.reviewerEmail })}
      intro={<p>{t('moderation.dialog.intro')}</p>}
      missing={t('moderation.dialog.missing')}
      action={t('moderation.dialog.action')}
      busy={t('moderation.dialog.busy')}
      extra={(errors) => (
        <Checkbox
          path="dutyDone"
          label={peer ? t('moderation.dialog.dutyPeer') : t('moderation.dialog.duty')}
          checked={dutyDone}
          onChecked={setDutyDone}
          errors={errors}
        />
      )}
      onCancel={onCancel}
      onSubmit={(reason) => onExclude(reason, dutyDone)}
    />
  );
}
