/**
 * An invitation link for an investor or jury member: what it is for, sign in with the invited
 * address, choose sectors of interest, accept — then on to My reviews.
 */
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api.ts';
import { Checkbox, ErrorSummary, LoadError, Loading, Notice, TagsField } from '../components/ui.tsx';
import { setFlash } from '../flash.ts';
import { formatLocal, splitList } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link, navigate } from '../router.tsx';
import { SignInButton, useSession } from '../session.tsx';
import { roundKindLabel, type InvitationInfo } from '../types.ts';

export function InvitationPage({ id, token }: { id: string; token: string }) {
  const path = { competitionId: id, token };
  const res = useResource(() => api.GET('/api/invitations/{competitionId}/{token}', { params: { path } }), `${id}/${token}`);
  useTitle(res.data ? `Invitation — ${res.data.competitionTitle}` : 'Invitation');
  if (res.loading && !res.data) return <Loading label="Opening the invitation…" />;
  if (!res.data) {
    const e = res.error as Partial<ApiError>;
    if (e.status === 404 || e.status === 400)
      return (
        <section class="panel center">
          <h1>Invitation not found</h1>
          <p>This invitation link is not valid. Check that you copied all of it, or ask the organiser for a new one.</p>
        </section>
      );
    return <LoadError error={res.error} />;
  }
  return <Invitation info={res.data} path={path} />;
}

function Invitation({ info, path }: { info: InvitationInfo; path: { competitionId: string; token: string } }) {
  const { claims } = useSession();
  const [chosen, setChosen] = useState<string[]>([]);
  const [other, setOther] = useState('');
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState(false);
  const errors = (error instanceof ApiError ? error.fields : undefined) ?? {};
  const role = info.roundKind === 'jury' ? 'jury member' : info.roundKind === 'expo' ? 'expo judge' : 'investor';
  const wrongAccount = !!claims?.email && claims.email.toLowerCase() !== info.email.toLowerCase();

  async function accept() {
    setBusy(true);
    setError(undefined);
    try {
      const interests = [...new Set([...chosen, ...splitList(other)])];
      const joined = await api.POST('/api/invitations/{competitionId}/{token}/accept', { params: { path }, body: { interests } });
      if (info.roundKind === 'expo') {
        // Expo judges have no assigned reviews: they go straight to the judging page.
        navigate(`/competitions/${encodeURIComponent(joined.competitionId)}/rounds/${encodeURIComponent(joined.roundId)}/judge`);
        return;
      }
      setFlash(`Welcome! You joined “${info.roundName}” of ${info.competitionTitle}. Your reviews appear here once the organiser assigns them.`);
      navigate('/me/reviews');
    } catch (e) {
      const err = e as ApiError;
      if (err.status === 409)
        setError(new ApiError(409, err.code, 'This invitation has expired or was already used by someone else. Ask the organiser for a new one.'));
      else if (err.status === 403) setError(new ApiError(403, err.code, err.message || `This invitation was sent to ${info.email}; sign in with that address to accept it.`));
      else setError(err);
      setBusy(false);
    }
  }

  return (
    <section class="panel invitation">
      <p class="kind">
        Invitation · {roundKindLabel(info.roundKind)}
      </p>
      <h1>{info.competitionTitle}</h1>
      <p class="lead">
        You are invited to {role === 'expo judge' ? 'judge at the expo' : 'review'} as {role === 'investor' ? 'an investor' : role === 'expo judge' ? 'an expo judge' : 'a jury member'} in <strong>{info.roundName}</strong>.
      </p>
      <p class="muted">
        Invitation for <strong>{info.email}</strong> · {info.status === 'pending' ? `expires ${formatLocal(info.expiresAt)}` : info.status}
      </p>

      {info.status === 'expired' ? (
        <Notice kind="error">This invitation expired {formatLocal(info.expiresAt)}. Ask the organiser for a new one.</Notice>
      ) : info.status === 'revoked' ? (
        <Notice kind="error">The organiser revoked this invitation. Ask them for a new one if you expected to take part.</Notice>
      ) : info.status === 'accepted' ? (
        <Notice kind="info">
          This invitation has already been accepted.{' '}
          {claims ? (
            <>
              If that was you, your reviews are in <Link href="/me/reviews">My reviews</Link>.
            </>
          ) : (
            'Sign in to see your reviews.'
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
            void accept();
          }}
        >
          {wrongAccount && (
            <Notice kind="warning">
              You are signed in as {claims.email}, but this invitation was sent to {info.email}. Sign out and sign in with {info.email} to accept it.
            </Notice>
          )}
          <ErrorSummary error={error} labels={{ interests: 'Sectors of interest' }} />
          {info.sectors.length > 0 && (
            <fieldset>
              <legend>Sectors you would like to review</legend>
              <p class="hint">You will mostly get submissions in these sectors.</p>
              <div class="check-row">
                {info.sectors.map((s) => (
                  <Checkbox
                    key={s}
                    path={`interest.${s}`}
                    label={s}
                    checked={chosen.includes(s)}
                    onChecked={(on) => setChosen(on ? [...chosen, s] : chosen.filter((x) => x !== s))}
                  />
                ))}
              </div>
            </fieldset>
          )}
          <TagsField path="interests" label="Other interests" value={other} onValue={setOther} errors={errors} hint="Optional: value-chain areas or technologies, separated by commas." />
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
