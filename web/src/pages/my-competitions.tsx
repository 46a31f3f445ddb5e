import { api } from '../api.ts';
import { LoadMore, useLoadMore } from '../components/paged-list.tsx';
import { Empty, LoadError, Loading } from '../components/ui.tsx';
import { useResource, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { RequireSignIn, useSession } from '../session.tsx';
import type { MyCompetition } from '../types.ts';
import { CompetitionCard } from './competitions.tsx';
import { ROLE_LABELS } from './programmes.tsx';
import { t } from '../i18n.ts';

const PAGE = 50;

export function MyCompetitionsPage() {
  useTitle(t('myCompetitions.title'));
  return (
    <RequireSignIn what={t('myCompetitions.signInWhat')}>
      <MyCompetitions />
    </RequireSignIn>
  );
}

/**
 * What the caller is in a competition they organise or may open as programme staff: their
 * programme role (with the programme's name) when it is a call of one of their programmes, else
 * "Organiser". Observers read only, and the label says so.
 */
export function roleLabel(c: MyCompetition): string {
  if (c.programme) {
    const role = c.programme.myRole === 'observer' ? t('myCompetitions.readOnly', { role: ROLE_LABELS.observer }) : ROLE_LABELS[c.programme.myRole];
    return c.programme.name ? t('myCompetitions.roleIn', { role, programme: c.programme.name }) : role;
  }
  return t('myCompetitions.organiser');
}

/** Organised here, or readable as programme staff (the API answers entrants' and reviewers' competitions too: their own pages list those). */
const staffOf = (c: MyCompetition) => c.myRoles.includes('organiser') || c.myCapabilities.includes('read');

function MyCompetitions() {
  const { me } = useSession();
  const res = useResource(() => api.GET('/api/me/competitions', { params: { query: { limit: PAGE } } }), 'mine');
  const list = useLoadMore(res.data, (cursor) => api.GET('/api/me/competitions', { params: { query: { limit: PAGE, cursor } } }));
  const organising = list.items.filter(staffOf);
  return (
    <section>
      <div class="page-head">
        <h1>{t('myCompetitions.title')}</h1>
        {me?.canCreateCompetitions && (
          <Link href="/competitions/new" class="btn btn-primary">
            {t('myCompetitions.new')}
          </Link>
        )}
      </div>
      {res.loading && !res.data && <Loading />}
      {res.error !== undefined && <LoadError error={res.error} />}
      {res.data && organising.length === 0 && !list.hasMore && <Empty>{t('myCompetitions.empty')}</Empty>}
      {organising.length > 0 && (
        <ul class="cards" aria-label={t('myCompetitions.listLabel')}>
          {organising.map((c) => (
            <CompetitionCard key={c.id} c={c} role={roleLabel(c)} />
          ))}
        </ul>
      )}
      <LoadMore list={list} />
    </section>
  );
}
