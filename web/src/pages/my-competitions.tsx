import { api } from '../api.ts';
import { Empty, LoadError, Loading } from '../components/ui.tsx';
import { useResource, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { RequireSignIn, useSession } from '../session.tsx';
import { CompetitionCard } from './competitions.tsx';

export function MyCompetitionsPage() {
  useTitle('My competitions');
  return (
    <RequireSignIn what="your competitions">
      <MyCompetitions />
    </RequireSignIn>
  );
}

function MyCompetitions() {
  const { me } = useSession();
  const res = useResource(() => api.GET('/api/me/competitions'), 'mine');
  const organising = res.data?.items.filter((c) => c.myRoles.includes('organiser')) ?? [];
  return (
    <section>
      <div class="page-head">
        <h1>My competitions</h1>
        {me?.canCreateCompetitions && (
          <Link href="/competitions/new" class="btn btn-primary">
            New competition
          </Link>
        )}
      </div>
      {res.loading && !res.data && <Loading />}
      {res.error !== undefined && <LoadError error={res.error} />}
      {res.data && organising.length === 0 && <Empty>You are not organising any competition yet.</Empty>}
      {organising.length > 0 && (
        <ul class="cards" aria-label="Competitions I organise">
          {organising.map((c) => (
            <CompetitionCard key={c.id} c={c} />
          ))}
        </ul>
      )}
    </section>
  );
}
