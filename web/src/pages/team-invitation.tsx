/**
 * A team invitation link (issue 13 §3): sign in with the invited address, see which organisation's
 * team and as what, accept — then on to the team's submission. Only the person it was sent to can
 * open it (use-cases/teams.ts), so the page says so instead of showing someone else's invitation.
 */
import { useState } from 'preact/hooks';
import { api, ApiError, enc } from '../api.ts';
import { TEAM_ROLE_LABELS } from '../components/team-panel.tsx';
import { ErrorSummary, LoadError, Loading, Notice } from '../components/ui.tsx';
import { setFlash } from '../flash.ts';
import { formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link, navigate } from '../router.tsx';
import { RequireSignIn, useSession } from '../session.tsx';

export function TeamInvitationPage({ id, token }: { id: string; token: string }) {
  useTitle('Team invitation');
  return (
    <RequireSignIn what="your team invitation (with the e-mail address it was sent to)">
      <TeamInvitationLoader id={id} token={token} />
    </RequireSignIn>
  );
}

function TeamInvitationLoader({ id, token }: { id: string; token: string }) {
  const path = { competitionId: id, token };
  const res = useResource(() => api.GET('/api/team-invitations/{competitionId}/{token}', { params: { path } }), `${id}/${token}`);
  const { claims } = useSession();
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState(false);
  useTitle(res.data ? `Team invitation — ${res.data.organisationName}` : 'Team invitation');
  if (res.loading && !res.data) return <Loading label="Opening the invitation…" />;
  if (!res.data) {
    const e = res.error as Partial<ApiError>;
    if (e.status === 404 || e.status === 400)
      return (
        <section class="panel center">
          <h1>Invitation not found</h1>
          <p>This invitation link is not valid. Check that you copied all of it, or ask the team owner for a new one.</p>
        </section>
      );
    if (e.status === 403)
      return (
        <section class="panel center">
          <h1>This invitation is for someone else</h1>
          <Notice kind="warning">{e.message}</Notice>
          <p class="muted">You are signed in as {claims?.email}.</p>
        </section>
      );
    return <LoadError error={res.error} />;
  }
  const info = res.data;
  const submissionPage = `/competitions/${enc(info.competitionId)}/submission`;

  async function accept() {
    setBusy(true);
    setError(undefined);
    try {
      const joined = await api.POST('/api/team-invitations/{competitionId}/{token}/accept', { params: { path } });
      setFlash(`Welcome to the ${info.organisationName} team! You are ${joined.role === 'editor' ? 'an editor' : 'a viewer'} of its entry in ${info.competitionTitle}.`);
      navigate(submissionPage);
    } catch (e) {
      setError(e as Error);
      setBusy(false);
    }
  }

  return (
    <section class="panel invitation">
      <p class="kind">Team invitation · {TEAM_ROLE_LABELS[info.role]}</p>
      <h1>Join the {info.organisationName} team</h1>
      <p class="lead">
        You are invited to the team of <strong>{info.organisationName}</strong> in <strong>{info.competitionTitle}</strong> as {info.role === 'editor' ? 'an editor' : 'a viewer'}:{' '}
        {info.role === 'editor' ? 'you can edit and submit the entry, upload the video pitch and review for the team.' : 'you can read the entry, watch its pitch and see its results.'}
      </p>
      <p class="muted">
        Invitation for <strong>{info.email}</strong> · {info.status === 'pending' ? `expires ${formatLocal(info.expiresAt)}` : info.status}
      </p>
      {info.status === 'accepted' ? (
        <Notice kind="info">
          You are in the team. <Link href={submissionPage}>Open the team’s submission</Link>.
        </Notice>
      ) : info.status === 'expired' ? (
        <Notice kind="error">This invitation expired {formatLocal(info.expiresAt)}. Ask the team owner to send it again.</Notice>
      ) : info.status === 'revoked' ? (
        <Notice kind="error">The team owner withdrew this invitation. Ask them for a new one.</Notice>
      ) : (
        <>
          <ErrorSummary error={error} />
          <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void accept()}>
            {busy ? 'Joining…' : `Join as ${info.role}`}
          </button>
        </>
      )}
    </section>
  );
}
