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
import { DataTable } from './data-table.tsx';
import { LoadError, Loading } from './ui.tsx';

type ConsensusList = ApiAnswer<'/api/competitions/{competitionId}/rounds/{roundId}/reviewer-consensus', 'get'>;
type ConsensusRow = ConsensusList['items'][number];

const signed = (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(1)}`);
const plain = (v: number | null) => (v === null ? '—' : v.toFixed(1));

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
      <h2 id={`consensus-heading-${roundId}`}>Reviewers and the consensus</h2>
      <p class="muted">
        For each reviewer: how far their scores sit from the other reviewers’ mean on the same submissions, in points of 100 (negative: harsher than the others), furthest first.
        {far !== undefined && ` “Far” means ${far} points or more.`} Nothing is done about it automatically: a reviewer can be right where the others are not.
      </p>
      {state.error !== undefined && <LoadError error={state.error} />}
      {rows.length === 0 && state.loading && <Loading label="Comparing reviewers…" />}
      {rows.length === 0 && !state.loading && state.error === undefined && <p class="muted">No submitted reviews yet.</p>}
      {rows.length > 0 && (
        <DataTable
          columns={['Reviewer', { label: 'Reviews', num: true }, { label: 'Compared', num: true }, { label: 'Mean distance', num: true }, { label: 'Mean absolute distance', num: true }, 'Flags']}
          caption="Distance from the consensus per reviewer"
          hideCaption
        >
          {rows.map((r) => (
            <tr key={r.reviewerSub}>
              <td>{r.reviewerEmail || r.reviewerSub}</td>
              <td class="num">{r.reviews}</td>
              <td class="num">{r.n}</td>
              <td class="num">{signed(r.meanSigned)}</td>
              <td class="num">{plain(r.meanAbsolute)}</td>
              <td>{r.flags.length === 0 ? <span class="muted">—</span> : r.flags.map((f) => <div key={f}>{f}</div>)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {next && (
        <button type="button" class="btn" disabled={state.loading} onClick={() => void load(next)}>
          More reviewers
        </button>
      )}
    </section>
  );
}
