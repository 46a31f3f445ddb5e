/**
 * The organisers of one competition (/competitions/:id/organisers): who organises it, inviting a
 * co-organiser by e-mail (the link shown to copy as a fallback), resending or revoking pending
 * invitations, and taking an organiser off — never the last one (the server refuses with a
 * sentence, shown here). For a call of a programme, its coordinators count as organisers too.
 */
import { useState } from 'preact/hooks';
import { api, ApiError, enc } from '../api.ts';
import { useConfirm } from '../components/confirm-step.tsx';
import { ACTIONS_COLUMN, DataTable } from '../components/data-table.tsx';
import { LoadMore, useLoadMore } from '../components/paged-list.tsx';
import { ErrorSummary, LoadError, Loading, TextField } from '../components/ui.tsx';
import type { components } from '../../generated/api.d.ts';
import { formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { RequireSignIn, useSession } from '../session.tsx';
import { InvitationActions, InvitationLink } from '../components/invitation-link.tsx';
import { MailNotSent, MailStatusBadge } from '../components/mail-status-badge.tsx';
import { allows, readOnlyNote } from '../capabilities.ts';

type Sent = components['schemas']['SentOrganiserInvitation'];

export function OrganisersPage({ id }: { id: string }) {
  return (
    <RequireSignIn what="the organisers">
      <Organisers id={id} />
    </RequireSignIn>
  );
}

function Organisers({ id }: { id: string }) {
  const { claims } = useSession();
  const path = { competitionId: id };
  const comp = useResource(() => api.GET('/api/competitions/{competitionId}', { params: { path } }), id);
  const [tick, setTick] = useState(0);
  const organisers = useResource(() => api.GET('/api/competitions/{competitionId}/organisers', { params: { path } }), `${id}/${tick}`);
  const first = useResource(() => api.GET('/api/competitions/{competitionId}/organiser-invitations', { params: { path, query: { limit: 100 } } }), `${id}/inv/${tick}`);
  const invitations = useLoadMore(first.data, (cursor) => api.GET('/api/competitions/{competitionId}/organiser-invitations', { params: { path, query: { limit: 100, cursor } } }));
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState<Sent>();
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState('');
  const [dialog, ask] = useConfirm();
  useTitle(comp.data ? `Organisers — ${comp.data.title}` : 'Organisers');
  const errors = (error instanceof ApiError ? error.fields : undefined) ?? {};

  async function step(what: string, run: () => Promise<Sent | undefined | unknown>) {
    setBusy(what);
    setError(undefined);
    try {
      const r = await run();
      if (r && typeof r === 'object' && 'link' in r) setSent(r as Sent);
      setTick((t) => t + 1);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy('');
    }
  }

  if (comp.loading && !comp.data) return <Loading />;
  if (!comp.data) return <LoadError error={comp.error} />;
  const c = comp.data;
  // Programme staff who read the call see who organises it; inviting and taking off is the organisers'.
  const manages = allows(c, 'invite-organisers');
  const pending = invitations.items.filter((i) => i.status === 'pending' || i.status === 'expired');
  return (
    <section>
      {dialog}
      <p class="breadcrumbs">
        <Link href={`/competitions/${enc(c.id)}`}>{c.title}</Link> ›
      </p>
      <h1>Organisers</h1>
      {c.programmeId && (
        <p class="muted">
          This competition is a call of a <Link href={`/programmes/${enc(c.programmeId)}`}>programme</Link>: its coordinators may do everything an organiser may.
        </p>
      )}
      {readOnlyNote(c, 'invite-organisers') && <p class="muted">{readOnlyNote(c, 'invite-organisers')}</p>}
      <ErrorSummary error={error} labels={{ email: 'E-mail address' }} />
      <section class="panel section" aria-labelledby="organisers-heading">
      <h2 id="organisers-heading">Who organises it</h2>
      {organisers.loading && !organisers.data && <Loading />}
      {organisers.error !== undefined && <LoadError error={organisers.error} />}
      {organisers.data && (
        <DataTable columns={['Organiser', ...(manages ? [ACTIONS_COLUMN] : [])]} caption="Organisers of this competition" hideCaption>
          {organisers.data.items.map((o) => (
            <tr key={o.userSub}>
              <td class="break">
                {o.email || o.userSub}
                {o.email === claims?.email && <span class="muted"> (you)</span>} <MailStatusBadge status={o.mailStatus} />
              </td>
              {manages && (
              <td>
                <button
                  type="button"
                  class="btn btn-small btn-danger-ghost"
                  disabled={busy !== ''}
                  aria-label={`Take ${o.email || o.userSub} off the organisers`}
                  onClick={async () => {
                    if (!(await ask({ title: `Take ${o.email || 'this person'} off the organisers?`, body: 'They can no longer open the organiser pages of this competition. You can invite them again.', action: 'Take off', danger: true }))) return;
                    await step(o.userSub, () => api.DELETE('/api/competitions/{competitionId}/organisers/{userSub}', { params: { path: { ...path, userSub: o.userSub } } }));
                  }}
                >
                  Take off
                </button>
              </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
      </section>

      {manages && (
      <section class="panel section" aria-labelledby="co-invite-heading">
        <h2 id="co-invite-heading">Invite a co-organiser</h2>
        <p class="muted">They get an e-mail with a personal link that expires after 14 days; whoever signs in with that address and accepts organises this competition with you.</p>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void step('invite', async () => {
              const r = await api.POST('/api/competitions/{competitionId}/organiser-invitations', { params: { path }, body: { email: email.trim() } });
              setEmail('');
              return r;
            });
          }}
        >
          <TextField path="email" label="E-mail address" type="email" required value={email} onValue={setEmail} errors={errors} autoComplete="off" />
          <button type="submit" class="btn btn-primary" disabled={busy !== ''}>
            {busy === 'invite' ? 'Inviting…' : 'Send invitation'}
          </button>
        </form>
        {sent && <InvitationLink key={sent.link} sent={sent} />}
        {pending.length > 0 && (
          <DataTable columns={['E-mail', 'Status', 'Sent', 'Expires', ACTIONS_COLUMN]} caption="Invitations not accepted">
            {pending.map((i) => (
              <tr key={i.id}>
                <td class="break">
                  {i.email} <MailStatusBadge status={i.mailStatus} />
                </td>
                <td>
                  <span class={`badge badge-invite-${i.status}`}>{i.status}</span>
                </td>
                <td>
                  {formatLocal(i.createdAt)} <MailNotSent mailState={i.mailState} mailError={i.mailError} />
                </td>
                <td>{formatLocal(i.expiresAt)}</td>
                <td>
                  <InvitationActions
                    id={i.id}
                    email={i.email}
                    busy={busy}
                    ask={ask}
                    onResend={() => step(i.id, () => api.POST('/api/competitions/{competitionId}/organiser-invitations/{invitationId}/resend', { params: { path: { ...path, invitationId: i.id } } }))}
                    onRevoke={() => step(i.id, () => api.DELETE('/api/competitions/{competitionId}/organiser-invitations/{invitationId}', { params: { path: { ...path, invitationId: i.id } } }))}
                  />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <LoadMore list={invitations} label="More invitations" />
      </section>
      )}
    </section>
  );
}
