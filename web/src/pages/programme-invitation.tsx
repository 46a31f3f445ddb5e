/**
 * Invitation links into a programme role (/programme-invitations/:programmeId/:token) and to
 * co-organise one competition (/organiser-invitations/:competitionId/:token): what the invitation
 * is for, sign in with the invited address, accept — then on to the programme or the competition.
 */
import { useState } from 'preact/hooks';
import { api, ApiError, enc } from '../api.ts';
import { ErrorSummary, LoadError, Loading, Notice } from '../components/ui.tsx';
import { setFlash } from '../flash.ts';
import { formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { navigate } from '../router.tsx';
import { SignInButton, useSession } from '../session.tsx';

interface Described {
  /** "GreenChain — INNOSUP-1 cluster project" or the competition's title. */
  what: string;
  /** "as partner organiser for Pôle Sud", "as a co-organiser". */
  as: string;
  email: string;
  invitedBy: string;
  expiresAt: string;
  status: 'pending' | 'accepted' | 'expired' | 'revoked';
}

export function ProgrammeInvitationPage({ programmeId, token }: { programmeId: string; token: string }) {
  const path = { programmeId, token };
  const res = useResource(async (): Promise<Described> => {
    const i = await api.GET('/api/programme-invitations/{programmeId}/{token}', { params: { path } });
    return { what: i.programmeName, as: `as ${i.roleLabel}${i.partnerName ? ` for ${i.partnerName}` : ''}`, email: i.email, invitedBy: i.invitedBy, expiresAt: i.expiresAt, status: i.status };
  }, `${programmeId}/${token}`);
  return (
    <InvitationShell
      res={res}
      kind="Programme invitation"
      accept={async () => {
        await api.POST('/api/programme-invitations/{programmeId}/{token}/accept', { params: { path } });
        setFlash(`Welcome to ${res.data?.what ?? 'the programme'}.`);
        navigate(`/programmes/${enc(programmeId)}`);
      }}
      onAccepted={() => navigate(`/programmes/${enc(programmeId)}`)}
      place="the programme"
    />
  );
}

export function OrganiserInvitationPage({ competitionId, token }: { competitionId: string; token: string }) {
  const path = { competitionId, token };
  const res = useResource(async (): Promise<Described> => {
    const i = await api.GET('/api/organiser-invitations/{competitionId}/{token}', { params: { path } });
    return { what: i.competitionTitle, as: 'as a co-organiser', email: i.email, invitedBy: i.invitedBy, expiresAt: i.expiresAt, status: i.status };
  }, `${competitionId}/${token}`);
  return (
    <InvitationShell
      res={res}
      kind="Co-organiser invitation"
      accept={async () => {
        await api.POST('/api/organiser-invitations/{competitionId}/{token}/accept', { params: { path } });
        setFlash(`You now organise ${res.data?.what ?? 'the competition'}.`);
        navigate(`/competitions/${enc(competitionId)}`);
      }}
      onAccepted={() => navigate(`/competitions/${enc(competitionId)}`)}
      place="the competition"
    />
  );
}

function InvitationShell({
  res,
  kind,
  accept,
  onAccepted,
  place,
}: {
  res: { data?: Described; error: unknown; loading: boolean };
  kind: string;
  accept: () => Promise<void>;
  onAccepted: () => void;
  place: string;
}) {
  useTitle(res.data ? `Invitation — ${res.data.what}` : 'Invitation');
  const { claims } = useSession();
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState(false);
  if (res.loading && !res.data) return <Loading label="Opening the invitation…" />;
  if (!res.data) {
    const e = res.error as Partial<ApiError>;
    if (e.status === 404 || e.status === 400)
      return (
        <section class="panel center">
          <h1>Invitation not found</h1>
          <p>This invitation link is not valid. Check that you copied all of it, or ask for a new one.</p>
        </section>
      );
    return <LoadError error={res.error} />;
  }
  const info = res.data;
  const wrongAccount = !!claims?.email && claims.email.toLowerCase() !== info.email.toLowerCase();

  async function go() {
    setBusy(true);
    setError(undefined);
    try {
      await accept();
    } catch (e) {
      setError(e as Error);
      setBusy(false);
    }
  }

  return (
    <section class="panel invitation">
      <p class="kind">{kind}</p>
      <h1>{info.what}</h1>
      <p class="lead">
        {info.invitedBy} invites you to join {info.as}.
      </p>
      <p class="muted">
        Invitation for <strong>{info.email}</strong> · {info.status === 'pending' ? `expires ${formatLocal(info.expiresAt)}` : info.status}
      </p>
      {info.status === 'expired' ? (
        <Notice kind="error">This invitation expired {formatLocal(info.expiresAt)}. Ask for a new one.</Notice>
      ) : info.status === 'revoked' ? (
        <Notice kind="error">This invitation was withdrawn or replaced by a newer one. Use the latest link you were sent.</Notice>
      ) : info.status === 'accepted' ? (
        <Notice kind="info">
          This invitation has already been accepted.{' '}
          {claims ? (
            <button type="button" class="btn btn-small" onClick={onAccepted}>
              Open {place}
            </button>
          ) : (
            'Sign in to open it.'
          )}
        </Notice>
      ) : !claims ? (
        <div class="invitation-signin">
          <p>
            Sign in as <strong>{info.email}</strong> to accept.
          </p>
          <SignInButton label={`Sign in as ${info.email}`} />
        </div>
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void go();
          }}
        >
          {wrongAccount && (
            <Notice kind="warning">
              You are signed in as {claims.email}, but this invitation was sent to {info.email}. Sign out and sign in with {info.email} to accept it.
            </Notice>
          )}
          <ErrorSummary error={error} />
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={busy}>
              {busy ? 'Accepting…' : 'Accept invitation'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
