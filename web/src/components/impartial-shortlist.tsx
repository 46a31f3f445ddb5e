/**
 * An impartial peer round's shortlist (Exact Dollar Partition): the groups' quotas and places,
 * and every entrant with whether it is selected and its chance. Organisers only.
 *
 *   <ImpartialShortlist competitionId={…} roundId={…} />
 */
import { useEffect, useState } from 'preact/hooks';
import { api, enc, type ApiAnswer } from '../api.ts';
import { formatNumber } from '../format.ts';
import { t } from '../i18n.ts';
import { Link } from '../router.tsx';
import { DataTable } from './data-table.tsx';
import { LoadError, Loading } from './ui.tsx';

type Shortlist = ApiAnswer<'/api/competitions/{competitionId}/rounds/{roundId}/impartial-shortlist', 'get'>;
type Entry = Shortlist['items'][number];

const pct = (x: number) => t('rankingChart.pct', { pct: Math.round(x * 100) });
const fixed = (x: number, digits: number) => formatNumber(x, { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function ImpartialShortlist({ competitionId, roundId }: { competitionId: string; roundId: string }) {
  const [head, setHead] = useState<Omit<Shortlist, 'items' | 'nextCursor'>>();
  const [rows, setRows] = useState<Entry[]>([]);
  const [next, setNext] = useState<string>();
  const [state, setState] = useState<{ loading: boolean; error?: unknown }>({ loading: true });
  const load = async (cursor?: string) => {
    setState({ loading: true });
    try {
      const { items, nextCursor, ...rest } = await api.GET('/api/competitions/{competitionId}/rounds/{roundId}/impartial-shortlist', { params: { path: { competitionId, roundId }, query: { limit: 100, cursor } } });
      setHead(rest);
      setRows((r) => (cursor ? [...r, ...items] : items));
      setNext(nextCursor);
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
    <section class="panel section" aria-labelledby={`impartial-heading-${roundId}`}>
      <h2 id={`impartial-heading-${roundId}`}>{t('impartialShortlist.heading')}</h2>
      <p class="muted">
        {t('impartialShortlist.intro')}
      </p>
      {state.error !== undefined && <LoadError error={state.error} />}
      {!head && state.loading && <Loading label={t('impartialShortlist.loading')} />}
      {head && (
        <>
          <p>
            {head.ignoredReviews > 0
              ? t('impartialShortlist.summaryIgnored', { selected: head.selectedCount, entrants: head.entrantCount, groups: head.clusters, ignored: head.ignoredReviews })
              : t('impartialShortlist.summary', { selected: head.selectedCount, entrants: head.entrantCount, groups: head.clusters })}
          </p>
          <DataTable
            columns={[t('impartialShortlist.col.group'), { label: t('impartialShortlist.col.teams'), num: true }, { label: t('impartialShortlist.col.quota'), num: true }, { label: t('impartialShortlist.col.places'), num: true }]}
            caption={t('impartialShortlist.groupsCaption')}
            hideCaption
          >
            {head.clusterOutcomes.map((c) => (
              <tr key={c.cluster}>
                <td>{t('impartialShortlist.group', { n: c.cluster })}</td>
                <td class="num">{c.size}</td>
                <td class="num">{fixed(c.quota, 2)}</td>
                <td class="num">{c.places}</td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
      {rows.length > 0 && (
        <DataTable
          columns={[
            t('impartialShortlist.col.submission'),
            t('impartialShortlist.col.group'),
            { label: t('impartialShortlist.col.place'), num: true },
            { label: t('impartialShortlist.col.merit'), num: true },
            { label: t('impartialShortlist.col.reviews'), num: true },
            t('impartialShortlist.col.selected'),
            { label: t('impartialShortlist.col.chance'), num: true },
          ]}
          caption={t('impartialShortlist.entrantsCaption')}
          hideCaption
        >
          {rows.map((e) => (
            <tr key={e.submissionId}>
              <td>
                <Link href={`/competitions/${enc(competitionId)}/submissions/${enc(e.submissionId)}`}>{e.title || t('impartialShortlist.untitled')}</Link>
                {e.organisationName && <span class="muted"> · {e.organisationName}</span>}
              </td>
              <td>{t('impartialShortlist.group', { n: e.cluster })}</td>
              <td class="num">{e.position}</td>
              <td class="num">{e.merit === null ? '—' : `${e.merit > 0 ? '+' : e.merit < 0 ? '−' : ''}${fixed(Math.abs(e.merit), 1)}`}</td>
              <td class="num">{e.reviews}</td>
              <td>{e.selected ? <strong>{t('impartialShortlist.yes')}</strong> : t('impartialShortlist.no')}</td>
              <td class="num">{pct(e.chance)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {next && (
        <button type="button" class="btn" disabled={state.loading} onClick={() => void load(next)}>
          {t('impartialShortlist.more')}
        </button>
      )}
    </section>
  );
}
