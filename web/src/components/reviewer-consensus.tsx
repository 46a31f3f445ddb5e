/**
 * The round page's table of each reviewer's distance from the consensus: the mean signed and
 * absolute distance of their scores from the other reviewers' mean on the same submissions (on the
 * ranking's 0–100 scale), how many were compared, and flags in words. Shown to organisers only;
 * nothing is done about a reviewer automatically.
 *
 *   <ReviewerConsensus competitionId={…} roundId={…} />
 */
import { useEffect, useState } from 'preact/hooks';
import { api, type ApiAnswer } from '../api.ts';
import { formatNumber } from '../format.ts';
import { t } from '../i18n.ts';
import { DataTable } from './data-table.tsx';
import { LoadError, Loading } from './ui.tsx';

type ConsensusList = ApiAnswer<'/api/competitions/{competitionId}/rounds/{roundId}/reviewer-consensus', 'get'>;
type ConsensusRow = ConsensusList['items'][number];

/** A flag in the reader's language, from its code (the server's English words where the code is new). */
function flagText(row: ConsensusRow, i: number, far: number | undefined): string {
  const code = row.flagCodes?.[i];
  const english = row.flags[i] ?? '';
  if (code === 'all-minimum') return t('reviewerConsensus.flag.allMinimum', { count: row.reviews });
  if (code === 'all-maximum') return t('reviewerConsensus.flag.allMaximum', { count: row.reviews });
  if (code === 'same-score') return t('reviewerConsensus.flag.sameScore', { count: row.reviews });
  if (code === 'far-below' && far !== undefined) return t('reviewerConsensus.flag.farBelow', { far, count: row.n });
  if (code === 'far-above' && far !== undefined) return t('reviewerConsensus.flag.farAbove', { far, count: row.n });
  return english;
}

const one = (v: number) => formatNumber(v, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const signed = (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : v < 0 ? '−' : ''}${one(Math.abs(v))}`);
const plain = (v: number | null) => (v === null ? '—' : one(v));

export function ReviewerConsensus({ competitionId, roundId }: { competitionId: string; roundId: string }) {
  const [rows, setRows] = useState<ConsensusRow[]>([]);
  const [far, setFar] = useState<number>();
  const [next, setNext] = useState<string>();
  const [state, setState] = useState<{ loading: boolean; error?: unknown }>({ loading: true });
  const load = async (cursor?: string) => {
    setState({ loading: true });
    try {
      const page = await api.GET('/api/competitions/{competitionId}/rounds/{roundId}/reviewer-consensus', { params: { path: { competitionId, roundId }, query: { limit: 50, cursor } } });
      setRows((r) => (cursor ? [...r, ...page.items] : page.items));
      setFar(page.farFromConsensus);
      setNext(page.nextCursor);
      setState({ loading: false });
    } catch (error) {
      setState({ loading: false, error });
    }
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [competitionId, roundId]);
  return (
    <section class="panel section" aria-labelledby={`consensus-heading-${roundId}`}>
      <h2 id={`consensus-heading-${roundId}`}>{t('reviewerConsensus.heading')}</h2>
      <p class="muted">
        {t('reviewerConsensus.intro')}
        {far !== undefined && ` ${t('reviewerConsensus.far', { far })}`} {t('reviewerConsensus.nothingAutomatic')}
      </p>
      {state.error !== undefined && <LoadError error={state.error} />}
      {rows.length === 0 && state.loading && <Loading label={t('reviewerConsensus.loading')} />}
      {rows.length === 0 && !state.loading && state.error === undefined && <p class="muted">{t('reviewerConsensus.empty')}</p>}
      {rows.length > 0 && (
        <DataTable
          columns={[
            t('reviewerConsensus.col.reviewer'),
            { label: t('reviewerConsensus.col.reviews'), num: true },
            { label: t('reviewerConsensus.col.compared'), num: true },
            { label: t('reviewerConsensus.col.mean'), num: true },
            { label: t('reviewerConsensus.col.meanAbs'), num: true },
            t('reviewerConsensus.col.flags'),
          ]}
          caption={t('reviewerConsensus.caption')}
          hideCaption
        >
          {rows.map((r) => (
            <tr key={r.reviewerSub}>
              <td>{r.reviewerEmail || r.reviewerSub}</td>
              <td class="num">{r.reviews}</td>
              <td class="num">{r.n}</td>
              <td class="num">{signed(r.meanSigned)}</td>
              <td class="num">{plain(r.meanAbsolute)}</td>
              <td>{r.flags.length === 0 ? <span class="muted">—</span> : r.flags.map((f, i) => <div key={f}>{flagText(r, i, far)}</div>)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {next && (
        <button type="button" class="btn" disabled={state.loading} onClick={() => void load(next)}>
          {t('reviewerConsensus.more')}
        </button>
      )}
    </section>
  );
}
