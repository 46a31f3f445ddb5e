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
import { t, tMaybe, tx } from '../i18n.ts';
import { Link } from '../router.tsx';
import { RequireSignIn, useSession } from '../session.tsx';
import { InvitationActions, InvitationLink } from '../components/invitation-link.tsx';
import { MailNotSent, MailStatusBadge } from '../components/mail-status-badge.tsx';
import { allows, readOnlyNote } from '../capabilities.ts';

type Sent = components['schemas']['SentOrganiserInvitation'];

export function OrganisersPage({ id }: { id: string }) {
  return (
    <RequireSignIn what={t('programmeOrganisers.signInWhat')}>
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
  useTitle(comp.data ? t('programmeOrganisers.titleOf', { competition: comp.data.title }) : t('programmeOrganisers.title'));
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
      <h1>{t('programmeOrganisers.title')}</h1>
      {c.programmeId && (
        <p class="muted">
          {tx('programmeOrganisers.programmeNote', { link: (ch) => <Link href={`/programmes/${enc(c.programmeId!)}`}>{ch}</Link> })}
        </p>
      )}
      {readOnlyNote(c, 'invite-organisers') && <p class="muted">{readOnlyNote(c, 'invite-organisers')}</p>}
      <ErrorSummary error={error} labels={{ email: t('programmeOrganisers.email') }} />
      <section class="panel section" aria-labelledby="organisers-heading">
      <h2 id="organisers-heading">{t('programmeOrganisers.who')}</h2>
      {organisers.loading && !organisers.data && <Loading />}
      {organisers.error !== undefined && <LoadError error={organisers.error} />}
      {organisers.data && (
        <DataTable columns={[t('programmeOrganisers.col.organiser'), ...(manages ? [ACTIONS_COLUMN] : [])]} caption={t('programmeOrganisers.caption')} hideCaption>
          {organisers.data.items.map((o) => (
            <tr key={o.userSub}>
              <td class="break">
                {o.email || o.userSub}
                {o.email === claims?.email && <span class="muted">{t('programmeOrganisers.you')}</span>} <MailStatusBadge status={o.mailStatus} />
              </td>
              {manages && (
              <td>
                <button
                  type="button"
                  class="btn btn-small btn-danger-ghost"
                  disabled={busy !== ''}
                  onClick={async () => {
                    if (
                      !(await ask({
                        title: t('programmeOrganisers.takeOffTitle', { who: o.email || t('programmeOrganisers.thisPerson') }),
                        body: t('programmeOrganisers.takeOffBody'),
                        action: t('programmeOrganisers.takeOff'),
                        danger: true,
                      }))
                    )
                      return;
                    await step(o.userSub, () => api.DELETE('/api/competitions/{competitionId}/organisers/{userSub}', { params: { path: { ...path, userSub: o.userSub } } }));
                  }}
                >
                  {tx('programmeOrganisers.takeOffButton', { who: o.email || o.userSub, sr: (ch) => <span class="sr-only">{ch}</span> })}
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
        <h2 id="co-invite-heading">{t('programmeOrganisers.inviteHeading')}</h2>
        <p class="muted">{t('programmeOrganisers.inviteHint')}</p>
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
          <TextField path="email" label={t('programmeOrganisers.email')} type="email" required value={email} onValue={setEmail} errors={errors} autoComplete="off" />
          <button type="submit" class="btn btn-primary" disabled={busy !== ''}>
            {busy === 'invite' ? t('programmeOrganisers.inviting') : t('programmeOrganisers.send')}
          </button>
        </form>
        {sent && <InvitationLink key={sent.link} sent={sent} />}
        {pending.length > 0 && (
          <DataTable
            columns={[t('programmeOrganisers.col.email'), t('programmeOrganisers.col.status'), t('programmeOrganisers.col.sent'), t('programmeOrganisers.col.expires'), ACTIONS_COLUMN]}
            caption={t('programmeOrganisers.invitationsCaption')}
          >
            {pending.map((i) => (
              <tr key={i.id}>
                <td class="break">
                  {i.email} <MailStatusBadge status={i.mailStatus} />
                </td>
                <td>
                  <span class={`badge badge-invite-${i.status}`}>{tMaybe(`programme.invitation.${i.status}`) ?? i.status}</span>
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
        <LoadMore list={invitations} label={t('programmeOrganisers.moreInvitations')} />
      </section>
      )}
    </section>
  );
}
