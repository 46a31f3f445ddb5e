/**
 * Accepting an invitation link — one page for every kind (reviewer/investor/jury/expo, programme
 * role, co-organiser, team member), so they all go through the same states: loading; not found
 * (a bad or truncated link); sent to someone else; expired or revoked; sign in first (as the
 * invited address); the accept form; accepted → on to what the invitation opens. Each route
 * (pages/invitation.tsx, programme-invitation.tsx, team-invitation.tsx) says only how to load and
 * describe its invitation and what accepting calls and opens.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../api.ts';
import { setFlash } from '../flash.ts';
import { formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link, navigate } from '../router.tsx';
import { RequireSignIn, SignInButton, useSession } from '../session.tsx';
import { ErrorSummary, LoadError, Loading, Notice } from './ui.tsx';
import { t, tx, type MessageKey } from '../i18n.ts';

export type InvitationStatus = 'pending' | 'accepted' | 'expired' | 'revoked';

const STATUS_WORDS: Record<Exclude<InvitationStatus, 'pending'>, MessageKey> = {
  accepted: 'invitationAccept.status.accepted',
  expired: 'invitationAccept.status.expired',
  revoked: 'invitationAccept.status.revoked',
};

/** What the page shows of one invitation. */
export interface InvitationFacts {
  /** The small line above the title: "Programme invitation", "Team invitation · Editor". */
  kind: string;
  /** The heading: the programme's or competition's name, "Join the … team". */
  title: string;
  /** What accepting makes of the invitee. */
  lead: ComponentChildren;
  email: string;
  expiresAt: string;
  status: InvitationStatus;
  /** Whom to ask for a new link: "the organiser", "the team owner". */
  askWhom: string;
  /** Why a revoked invitation is revoked, in the words that fit its kind. */
  revoked: string;
  /** Where an accepted invitation leads. */
  opens: { href: string; label: string };
}

export interface InvitationAcceptProps<T> {
  /** Reads the invitation (a 404/400 means the link is not valid; 403 that it was sent to someone else). */
  load: () => Promise<T>;
  /** Changes when the link does (reloads). */
  loadKey: string;
  describe: (info: T) => InvitationFacts;
  /** Accepts; answers where to go next and the welcome to show there. */
  accept: (info: T) => Promise<{ href: string; flash?: string }>;
  /** The accept button: "Accept invitation" unless said. */
  acceptLabel?: (info: T) => string;
  /** Extra fields of the accept form (an investor's sectors of interest), with the refusal's field errors. */
  fields?: (info: T, errors: Record<string, string>) => ComponentChildren;
  /** Labels of those fields for the error summary. */
  fieldLabels?: Record<string, string>;
  /** Set when the invitation can be read only signed in (team invitations): what to say then. */
  signInToOpen?: string;
}

export function InvitationAccept<T>(props: InvitationAcceptProps<T>) {
  const { claims } = useSession();
  if (props.signInToOpen && !claims) return <SignInToOpen what={props.signInToOpen} />;
  return <InvitationLoader {...props} />;
}

/** The signed-out prompt of RequireSignIn, under the invitation's page title. */
function SignInToOpen({ what }: { what: string }) {
  useTitle(t('invitationAccept.title'));
  return <RequireSignIn what={what}>{null}</RequireSignIn>;
}

function InvitationLoader<T>(props: InvitationAcceptProps<T>) {
  const { claims } = useSession();
  const res = useResource(props.load, props.loadKey);
  const facts = res.data === undefined ? undefined : props.describe(res.data);
  useTitle(facts ? t('invitationAccept.titleOf', { title: facts.title }) : t('invitationAccept.title'));
  if (res.loading && res.data === undefined) return <Loading label={t('invitationAccept.loading')} />;
  if (res.data === undefined || !facts) {
    const e = res.error as Partial<ApiError>;
    if (e.status === 404 || e.status === 400)
      return (
        <section class="panel center">
          <h1>{t('invitationAccept.notFound')}</h1>
          <p>{t('invitationAccept.notFoundBody')}</p>
        </section>
      );
    if (e.status === 403)
      return (
        <section class="panel center">
          <h1>{t('invitationAccept.someoneElse')}</h1>
          <Notice kind="warning">{e.message}</Notice>
          {claims && <p class="muted">{t('invitationAccept.signedInAs', { email: claims.email ?? '' })}</p>}
        </section>
      );
    return <LoadError error={res.error} />;
  }
  return <InvitationView {...props} info={res.data} facts={facts} />;
}

function InvitationView<T>({ info, facts, accept, acceptLabel, fields, fieldLabels }: InvitationAcceptProps<T> & { info: T; facts: InvitationFacts }) {
  const { claims } = useSession();
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState(false);
  const errors = (error instanceof ApiError ? error.fields : undefined) ?? {};
  const wrongAccount = !!claims?.email && claims.email.toLowerCase() !== facts.email.toLowerCase();

  async function go() {
    setBusy(true);
    setError(undefined);
    try {
      const next = await accept(info);
      if (next.flash) setFlash(next.flash);
      navigate(next.href);
    } catch (e) {
      const err = e as ApiError;
      // A 409 is the invitation's state changing under the page (expired, used, replaced).
      if (err.status === 409) setError(new ApiError(409, err.code, `${err.message} ${t('invitationAccept.askNew', { whom: facts.askWhom })}`));
      else if (err.status === 403) setError(new ApiError(403, err.code, err.message || t('invitationAccept.sentTo', { email: facts.email })));
      else setError(err);
      setBusy(false);
    }
  }

  return (
    <section class="panel invitation">
      <p class="kind">{facts.kind}</p>
      <h1>{facts.title}</h1>
      <p class="lead">{facts.lead}</p>
      <p class="muted">
        {tx('invitationAccept.for', { email: facts.email, strong: (chunks) => <strong>{chunks}</strong> })} ·{' '}
        {facts.status === 'pending' ? t('invitationAccept.expires', { at: formatLocal(facts.expiresAt) }) : t(STATUS_WORDS[facts.status])}
      </p>
      {facts.status === 'expired' ? (
        <Notice kind="error">
          {t('invitationAccept.expired', { at: formatLocal(facts.expiresAt), whom: facts.askWhom })}
        </Notice>
      ) : facts.status === 'revoked' ? (
        <Notice kind="error">{facts.revoked}</Notice>
      ) : facts.status === 'accepted' ? (
        <Notice kind="info">
          {t('invitationAccept.accepted')} {claims ? <Link href={facts.opens.href}>{facts.opens.label}</Link> : t('invitationAccept.signInToOpen')}
        </Notice>
      ) : !claims ? (
        <div class="invitation-signin">
          <p>{tx('invitationAccept.signInToAccept', { email: facts.email, strong: (chunks) => <strong>{chunks}</strong> })}</p>
          <SignInButton label={t('invitationAccept.signInAs', { email: facts.email })} />
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
              {t('invitationAccept.wrongAccount', { current: claims.email ?? '', email: facts.email })}
            </Notice>
          )}
          <ErrorSummary error={error} labels={fieldLabels} />
          {fields?.(info, errors)}
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={busy}>
              {busy ? t('invitationAccept.accepting') : (acceptLabel?.(info) ?? t('invitationAccept.accept'))}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
