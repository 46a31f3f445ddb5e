/**
 * An impartial peer round's shortlist (Exact Dollar Partition): the groups' quotas and places,
 * and every entrant with whether it is selected and its chance. Organisers only.
 *
 *   <ImpartialShortlist competitionId={…} roundId={…} />
 */
import { useEffect, useState } from 'preact/hooks';
import { api, enc, type ApiAnswer } from '../api.ts';
import { Link } from '../router.tsx';
import { DataTable } from './data-table.tsx';
import { LoadError, Loading } from './ui.tsx';

type Shortlist = ApiAnswer<'/api/competitions/{competitionId}/rounds/{roundId}/impartial-shortlist', 'get'>;
type Entry = Shortlist['items'][number];

const pct = (x: number) => `${Math.round(x * 100)} %`;

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
      <h2 id={`impartial-heading-${roundId}`}>Impartial shortlist</h2>
      <p class="muted">
        The teams were split into groups; each reviewed only other groups. Each group’s places follow how highly the other groups rated it (rounded up or down by a fixed draw, so
        that exactly the number asked for are chosen), and go to its best-rated members. No team’s own reviews can change its own chance of being chosen.
      </p>
      {state.error !== undefined && <LoadError error={state.error} />}
      {!head && state.loading && <Loading label="Choosing the shortlist…" />}
      {head && (
        <>
          <p>
            {head.selectedCount} of {head.entrantCount} chosen, in {head.clusters} groups
            {head.ignoredReviews > 0 && ` · ${head.ignoredReviews} reviews did not count (own group or own submission)`}.
          </p>
          <DataTable columns={['Group', { label: 'Teams', num: true }, { label: 'Quota', num: true }, { label: 'Places', num: true }]} caption="Places per group" hideCaption>
            {head.clusterOutcomes.map((c) => (
              <tr key={c.cluster}>
                <td>Group {c.cluster}</td>
                <td class="num">{c.size}</td>
                <td class="num">{c.quota.toFixed(2)}</td>
                <td class="num">{c.places}</td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
      {rows.length > 0 && (
        <DataTable
          columns={['Submission', 'Group', { label: 'Place in group', num: true }, { label: 'Above reviewers’ average', num: true }, { label: 'Reviews', num: true }, 'Selected', { label: 'Chance', num: true }]}
          caption="Every entrant, selected or not"
          hideCaption
        >
          {rows.map((e) => (
            <tr key={e.submissionId}>
              <td>
                <Link href={`/competitions/${enc(competitionId)}/submissions/${enc(e.submissionId)}`}>{e.title || 'Untitled submission'}</Link>
                {e.organisationName && <span class="muted"> · {e.organisationName}</span>}
              </td>
              <td>Group {e.cluster}</td>
              <td class="num">{e.position}</td>
              <td class="num">{e.merit === null ? '—' : `${e.merit > 0 ? '+' : e.merit < 0 ? '−' : ''}${Math.abs(e.merit).toFixed(1)}`}</td>
              <td class="num">{e.reviews}</td>
              <td>{e.selected ? <strong>Yes</strong> : 'No'}</td>
              <td class="num">{pct(e.chance)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {next && (
        <button type="button" class="btn" disabled={state.loading} onClick={() => void load(next)}>
          More entrants
        </button>
      )}
    </section>
  );
}
