import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.ts';
import { useHeaderRefresh } from './header-refresh.ts';
import { signOut } from './auth.ts';
import { LanguagePicker } from './components/language-picker.tsx';
import { currentLocale, onLocaleChange, t } from './i18n.ts';
import { Link, match, useLocation } from './router.tsx';
import { SessionProvider, SignInButton, useSession } from './session.tsx';
import { ApiDocsPage } from './pages/api-docs.tsx';
import { AuditPage } from './pages/audit.tsx';
import { AudienceVotePage } from './pages/audience-vote.tsx';
import { AudienceVoteReviewPage } from './pages/audience-vote-review.tsx';
import { AwardsPage } from './pages/awards.tsx';
import { CallbackPage } from './pages/callback.tsx';
import { CompetitionPage } from './pages/competition.tsx';
import { CompetitionsPage } from './pages/competitions.tsx';
import { DashboardPage } from './pages/dashboard.tsx';
import { ProgrammeDashboardPage } from './pages/programme-dashboard.tsx'; // H3
import { EditCompetitionPage } from './pages/edit-competition.tsx';
import { ExpoJudgePage } from './pages/expo-judge.tsx';
import { ExpoLivePage } from './pages/expo-live.tsx';
import { FeedbackPage, SubmissionFeedbackPage } from './pages/feedback.tsx';
import { INBOX_CHANGED, InboxPage } from './pages/inbox.tsx';
import { InvitationPage } from './pages/invitation.tsx';
import { MyReviewsPage } from './pages/my-reviews.tsx';
import { RankingPage } from './pages/ranking.tsx';
import { ReviewPage } from './pages/review.tsx';
import { RoundPage } from './pages/round.tsx';
import { RoundFormPage, RoundsPage } from './pages/rounds.tsx';
import { MyCompetitionsPage } from './pages/my-competitions.tsx';
import { MySubmissionsPage } from './pages/my-submissions.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { OutboxPage } from './pages/outbox.tsx';
// Programmes (H1).
import { ProgrammePage } from './pages/programme.tsx';
import { OrganisersPage } from './pages/programme-organisers.tsx';
import { OrganiserInvitationPage, ProgrammeInvitationPage } from './pages/programme-invitation.tsx';
import { ProgrammeFormPage, ProgrammesPage } from './pages/programmes.tsx';
import { MessagesPage } from './pages/messages.tsx';
import { RegisterPage } from './pages/register.tsx';
import { RemindersPage } from './pages/reminders.tsx'; // H6
import { ResultsPage } from './pages/results.tsx';
import { SubmissionPage } from './pages/submission.tsx';
import { SubmissionViewPage } from './pages/submission-view.tsx';
import { SubmissionsPage } from './pages/submissions.tsx';
import { TeamInvitationPage } from './pages/team-invitation.tsx';
// GDPR (issue 14 §2).
import { PrivacyBanner, PrivacyPage } from './pages/privacy.tsx';
import { CompetitionPrivacyPage, RecordsOfProcessingPage } from './pages/records-of-processing.tsx';
import { YourDataPage } from './pages/your-data.tsx';
// Accessibility statement (issue 14 §5).
import { AccessibilityPage } from './pages/accessibility.tsx';
import { TranslationsPage } from './pages/translations.tsx';

type Page = (params: Record<string, string>) => preact.JSX.Element;

// Order matters: "/competitions/new" before "/competitions/:id".
const ROUTES: [string, Page][] = [
  ['/', () => <CompetitionsPage />],
  ['/competitions', () => <CompetitionsPage />],
  ['/competitions/new', () => <EditCompetitionPage />],
  ['/competitions/:id', (p) => <CompetitionPage id={p.id!} />],
  ['/competitions/:id/edit', (p) => <EditCompetitionPage id={p.id!} />],
  ['/competitions/:id/register', (p) => <RegisterPage id={p.id!} />],
  ['/competitions/:id/submission', (p) => <SubmissionPage id={p.id!} />],
  ['/competitions/:id/submissions', (p) => <SubmissionsPage id={p.id!} />],
  ['/competitions/:id/submissions/:submissionId', (p) => <SubmissionViewPage id={p.id!} submissionId={p.submissionId!} />],
  ['/competitions/:id/submissions/:submissionId/feedback', (p) => <SubmissionFeedbackPage id={p.id!} submissionId={p.submissionId!} />],
  ['/competitions/:id/audit', (p) => <AuditPage id={p.id!} />],
  // Co-organisers (H1).
  ['/competitions/:id/organisers', (p) => <OrganisersPage id={p.id!} />],
  ['/competitions/:id/reminders', (p) => <RemindersPage id={p.id!} />], // H6
  // Message templates (H5).
  ['/competitions/:id/messages', (p) => <MessagesPage id={p.id!} />],
  // The organiser dashboard (H7).
  ['/competitions/:id/dashboard', (p) => <DashboardPage id={p.id!} />],
  // The programme dashboard (H3).
  ['/programmes/:id/dashboard', (p) => <ProgrammeDashboardPage id={p.id!} />],
  ['/competitions/:id/rounds', (p) => <RoundsPage id={p.id!} />],
  ['/competitions/:id/rounds/new', (p) => <RoundFormPage id={p.id!} />],
  ['/competitions/:id/rounds/:roundId', (p) => <RoundPage id={p.id!} roundId={p.roundId!} />],
  ['/competitions/:id/rounds/:roundId/edit', (p) => <RoundFormPage id={p.id!} roundId={p.roundId!} />],
  ['/competitions/:id/rounds/:roundId/judge', (p) => <ExpoJudgePage id={p.id!} roundId={p.roundId!} />],
  ['/competitions/:id/rounds/:roundId/expo', (p) => <ExpoLivePage id={p.id!} roundId={p.roundId!} />],
  ['/competitions/:id/rounds/:roundId/reviews/:submissionId', (p) => <ReviewPage id={p.id!} roundId={p.roundId!} submissionId={p.submissionId!} />],
  ['/competitions/:id/ranking', (p) => <RankingPage id={p.id!} />],
  ['/competitions/:id/awards', (p) => <AwardsPage id={p.id!} />],
  ['/competitions/:id/results', (p) => <ResultsPage id={p.id!} />],
  ['/competitions/:id/feedback', (p) => <FeedbackPage id={p.id!} />],
  ['/competitions/:id/vote', (p) => <AudienceVotePage id={p.id!} />],
  ['/competitions/:id/vote/review', (p) => <AudienceVoteReviewPage id={p.id!} />],
  ['/invitations/:id/:token', (p) => <InvitationPage id={p.id!} token={p.token!} />],
  // Team invitations (H4).
  ['/team-invitations/:id/:token', (p) => <TeamInvitationPage id={p.id!} token={p.token!} />],
  // Programmes (H1): "/programmes/new" before "/programmes/:id"; the dashboard is H3's.
  ['/programmes', () => <ProgrammesPage />],
  ['/programmes/new', () => <ProgrammeFormPage />],
  ['/programmes/:id', (p) => <ProgrammePage id={p.id!} />],
  ['/programmes/:id/edit', (p) => <ProgrammeFormPage id={p.id!} />],
  ['/programme-invitations/:programmeId/:token', (p) => <ProgrammeInvitationPage programmeId={p.programmeId!} token={p.token!} />],
  ['/organiser-invitations/:competitionId/:token', (p) => <OrganiserInvitationPage competitionId={p.competitionId!} token={p.token!} />],
  ['/me/submissions', () => <MySubmissionsPage />],
  ['/me/reviews', () => <MyReviewsPage />],
  ['/me/competitions', () => <MyCompetitionsPage />],
  ['/me/inbox', () => <InboxPage />],
  // GDPR (issue 14 §2): the notice, your data, the records of processing, a competition's privacy settings.
  ['/privacy', () => <PrivacyPage />],
  ['/me/data', () => <YourDataPage />],
  ['/records-of-processing', () => <RecordsOfProcessingPage />],
  ['/competitions/:id/privacy', (p) => <CompetitionPrivacyPage id={p.id!} />],
  // A competition's texts in other languages (issue 14 §1).
  ['/competitions/:id/translations', (p) => <TranslationsPage id={p.id!} />],
  ['/dev/outbox', () => <OutboxPage />],
  ['/api-docs', () => <ApiDocsPage />],
  ['/accessibility', () => <AccessibilityPage />],
  ['/auth/callback', () => <CallbackPage />],
];

export function App() {
  // A new language re-renders every page in it (their state reloads, as after a navigation).
  const [locale, setLocaleState] = useState(currentLocale);
  useEffect(() => onLocaleChange(setLocaleState), []);
  return (
    <SessionProvider>
      <Shell key={locale} />
    </SessionProvider>
  );
}

function Shell() {
  const { path, query } = useLocation();
  const { claims } = useSession();
  // Read once for the header's links and the footer's (programme staff read their calls' mail too).
  const inProgramme = useInProgramme(Boolean(claims), path);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // Move focus to the new page so screen readers announce it (not on first load).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
  }, [path]);

  let page: preact.JSX.Element | undefined;
  for (const [pattern, render] of ROUTES) {
    const params = match(pattern, path);
    if (params) {
      page = render(params);
      break;
    }
  }
  return (
    <>
      <a class="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <Header path={path} inProgramme={inProgramme} />
      <SessionExpired />
      <PrivacyBanner path={path} />
      <main id="main" ref={main} tabIndex={-1} class="container" key={path + '?' + query.toString()}>
        {page ?? <NotFoundPage />}
      </main>
      <Footer staff={inProgramme} />
    </>
  );
}

/** `staff`: the person has a role in a programme, so reads their calls' mail too (use-cases/outbox.ts). */
function Footer({ staff }: { staff: boolean }) {
  const { claims, me } = useSession();
  return (
    <footer class="site-footer">
      <div class="container footer-inner">
        <span>{t('shell.footer.tagline')}</span>
        <Link href="/privacy">{t('shell.footer.privacy')}</Link>
        <Link href="/accessibility">{t('shell.footer.accessibility')}</Link>
        {claims && <Link href="/me/data">{t('shell.footer.yourData')}</Link>}
        {claims && (me?.canCreateCompetitions || staff) && <Link href="/records-of-processing">{t('shell.footer.recordsOfProcessing')}</Link>}
        {claims && (me?.canCreateCompetitions || staff) && <Link href="/dev/outbox">{t('shell.footer.outbox')}</Link>}
      </div>
    </footer>
  );
}

/** Unread messages in the signed-in user's inbox; read again when the header's data is (header-refresh.ts) and when one is read. */
function useUnreadCount(signedIn: boolean, path: string): number | undefined {
  const refresh = useHeaderRefresh(signedIn, path);
  const [count, setCount] = useState<number>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const bump = () => setTick((t) => t + 1);
    window.addEventListener(INBOX_CHANGED, bump);
    return () => window.removeEventListener(INBOX_CHANGED, bump);
  }, []);
  useEffect(() => {
    if (!signedIn) {
      setCount(undefined);
      return;
    }
    let live = true;
    api.GET('/api/me/notifications').then(
      (r) => live && setCount(r.items.filter((n) => !n.readAt).length),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [signedIn, refresh, tick]);
  return count;
}

/** Reviewing roles: a person with one of these in any competition has a review queue. */
const REVIEWER_ROLES = new Set(['peer-reviewer', 'investor', 'jury']);

/**
 * The signed-in user's roles over all competitions (from /api/me/competitions; an entrant with
 * peer reviews to do counts as a reviewer), so the header shows each person what they use. Read
 * again at once after registering or accepting an invitation, and after a while on a page change
 * (header-refresh.ts); the last answer stays while the next one loads.
 */
function useMyRoles(signedIn: boolean, path: string): Set<string> | undefined {
  const refresh = useHeaderRefresh(signedIn, path);
  const [roles, setRoles] = useState<Set<string>>();
  useEffect(() => {
    if (!signedIn) {
      setRoles(undefined);
      return;
    }
    let live = true;
    (async () => {
      const roles = new Set<string>((await api.GET('/api/me/competitions')).items.flatMap((c) => c.myRoles));
      // Entrants review each other in peer rounds without a role of their own: their queue says.
      if (roles.has('entrant') && ![...roles].some((r) => REVIEWER_ROLES.has(r)) && (await api.GET('/api/me/reviews')).items.length > 0) roles.add('peer-reviewer');
      if (live) setRoles(roles);
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, [signedIn, refresh]);
  return roles;
}

/** Whether the signed-in user has a role in any programme (H1), read again like the roles (accepting an invitation adds one). */
function useInProgramme(signedIn: boolean, path: string): boolean {
  const refresh = useHeaderRefresh(signedIn, path);
  const [inProgramme, setInProgramme] = useState(false);
  useEffect(() => {
    if (!signedIn) {
      setInProgramme(false);
      return;
    }
    let live = true;
    api.GET('/api/programmes').then(
      (r) => live && setInProgramme(r.items.length > 0),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [signedIn, refresh]);
  return inProgramme;
}

/** The header's links for this person: "My submissions" only for entrants, "My reviews" only for reviewers. */
export function navFor(signedIn: boolean, roles: ReadonlySet<string> | undefined, canCreate: boolean, path: string, inProgramme = false): string[] {
  const nav = ['/'];
  if (!signedIn) return [...nav, '/api-docs'];
  const has = (role: string) => roles?.has(role) ?? false;
  // The page one is on stays listed, whatever the roles say.
  if (has('entrant') || path.startsWith('/me/submissions')) nav.push('/me/submissions');
  if ([...(roles ?? [])].some((r) => REVIEWER_ROLES.has(r)) || path.startsWith('/me/reviews')) nav.push('/me/reviews');
  // Programme staff open their programmes' calls from there too.
  if (canCreate || has('organiser') || inProgramme || path.startsWith('/me/competitions')) nav.push('/me/competitions');
  // Programmes (H1): for people with a role in one.
  if (inProgramme || path.startsWith('/programmes')) nav.push('/programmes');
  return [...nav, '/me/inbox', '/api-docs'];
}

function Header({ path, inProgramme }: { path: string; inProgramme: boolean }) {
  const { claims, me } = useSession();
  const unread = useUnreadCount(Boolean(claims), path);
  const roles = useMyRoles(Boolean(claims), path);
  const [menuOpen, setMenuOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  // A new page closes the phone menu.
  useEffect(() => setMenuOpen(false), [path]);
  const labels: Record<string, preact.ComponentChildren> = {
    '/': t('shell.nav.competitions'),
    '/me/submissions': t('shell.nav.mySubmissions'),
    '/me/reviews': t('shell.nav.myReviews'),
    '/me/competitions': t('shell.nav.myCompetitions'),
    '/programmes': t('shell.nav.programmes'),
    '/me/inbox': (
      <>
        <svg class="bell" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z" fill="currentColor" />
        </svg>
        {unread ? t('shell.nav.inboxUnread', { unread }) : t('shell.nav.inbox')}
      </>
    ),
    '/api-docs': t('shell.nav.apiDocs'),
  };
  const nav = navFor(Boolean(claims), roles, Boolean(me?.canCreateCompetitions), path, inProgramme);
  const current = (href: string) =>
    href === '/' ? path === '/' || (path.startsWith('/competitions') && !path.endsWith('/new')) : path.startsWith(href);
  return (
    <header
      class="site-header"
      onKeyDown={(e) => {
        // Esc closes the phone menu and puts the focus back on its button.
        if (e.key === 'Escape' && menuOpen) {
          setMenuOpen(false);
          toggle.current?.focus();
        }
      }}
    >
      <div class="container header-inner">
        <Link href="/" class="brand" aria-label={t('shell.home')}>
          <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
            <rect width="32" height="32" rx="7" fill="currentColor" />
            <path d="M6 24h6v-7H6zm7 0h6V9h-6zm7 0h6v-11h-6z" fill="#fff" />
          </svg>
          <span>Podium</span>
        </Link>
        <button
          ref={toggle}
          type="button"
          class="btn btn-ghost btn-small menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
            <path d={menuOpen ? 'M6 6l12 12M18 6L6 18' : 'M4 7h16M4 12h16M4 17h16'} stroke="currentColor" stroke-width="2" stroke-linecap="round" fill="none" />
          </svg>
          {t('shell.menu')}
        </button>
        <nav id="main-nav" aria-label={t('shell.nav.label')} class={menuOpen ? 'open' : undefined}>
          <ul>
            {nav.map((href) => (
              <li key={href}>
                <Link href={href} aria-current={current(href) ? 'page' : undefined}>
                  {labels[href]}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="user">
          <LanguagePicker />
          {claims ? (
            <>
              <span class="user-name" title={claims.email}>
                {claims.name || claims.email || t('shell.signedIn')}
              </span>
              <button type="button" class="btn btn-ghost btn-small" onClick={() => void signOut()}>
                {t('shell.signOut')}
              </button>
            </>
          ) : (
            path !== '/auth/callback' && <SignInButton class="btn btn-primary btn-small" />
          )}
        </div>
      </div>
    </header>
  );
}

function SessionExpired() {
  const { expired, claims } = useSession();
  if (!expired || claims) return null;
  return (
    <div class="container">
      <div class="notice notice-warning session-expired" role="alert">
        <span>{t('shell.sessionEnded')}</span> <SignInButton label={t('shell.signInAgain')} class="btn btn-primary btn-small" />
      </div>
    </div>
  );
}
