/**
 * The entrant team on the submission page (issue 13 §3): who is in it and as what; for the owner an
 * invite form (e-mail + editor or viewer), the invitations with resend / withdraw and the link to
 * copy when an e-mail does not arrive, handing ownership to an editor and removing members; for
 * everyone else "Leave the team". The server decides everything again (use-cases/teams.ts).
 */
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api.ts';
import { formatLocal } from '../format.ts';
import { t, tx, type MessageKey } from '../i18n.ts';
import { navigate } from '../router.tsx';
import { setFlash } from '../flash.ts';
import { useConfirm } from './confirm-step.tsx';
import { ACTIONS_COLUMN, DataTable } from './data-table.tsx';
import { ErrorSummary, Field, LoadError, Loading, Notice, TextField } from './ui.tsx';
import type { ApiAnswer } from '../api.ts';
// The programme pages' copy-the-link block (H1), the same for every invitation that was just sent.
import { InvitationLink } from './invitation-link.tsx';
import { MailNotSent, MailStatusBadge } from './mail-status-badge.tsx';

export type TeamView = ApiAnswer<'/api/competitions/{competitionId}/team', 'get'>;
type Member = TeamView['members'][number];
type Invitation = TeamView['invitations'][number];
type Sent = ApiAnswer<'/api/competitions/{competitionId}/team/invitations', 'post'>;

const TEAM_ROLE_KEYS: Record<Member['role'], MessageKey> = { owner: 'teamPanel.role.owner', editor: 'teamPanel.role.editor', viewer: 'teamPanel.role.viewer' };
/** The team roles' names in the reader's language (each a getter: the language can change). */
export const TEAM_ROLE_LABELS: Readonly<Record<Member['role'], string>> = Object.defineProperties(
  {} as Record<Member['role'], string>,
  Object.fromEntries(Object.entries(TEAM_ROLE_KEYS).map(([role, key]) => [role, { get: () => t(key), enumerable: true }])),
);
const ROLE_HINT_KEYS: Record<'editor' | 'viewer', MessageKey> = { editor: 'teamPanel.hint.editor', viewer: 'teamPanel.hint.viewer' };
const roleHint = (role: 'editor' | 'viewer') => t(ROLE_HINT_KEYS[role]);

export function TeamPanel({ competitionId, team, loading, error, onChange }: { competitionId: string; team?: TeamView; loading: boolean; error?: unknown; onChange: () => void }) {
  return (
    <section class="panel section team-panel" aria-labelledby="team-heading">
      <h2 id="team-heading">{t('teamPanel.heading')}</h2>
      {loading && !team && <Loading label={t('teamPanel.loading')} />}
      {!team && error !== undefined && <LoadError error={error} />}
      {team && <Team competitionId={competitionId} team={team} onChange={onChange} />}
    </section>
  );
}

function Team({ competitionId, team, onChange }: { competitionId: string; team: TeamView; onChange: () => void }) {
  const owner = team.myRole === 'owner';
  const [dialog, ask] = useConfirm();
  const [error, setError] = useState<ApiError | Error>();
  const [acting, setActing] = useState('');
  const [sent, setSent] = useState<Sent>();
  const path = { competitionId };

  async function run(key: string, action: () => Promise<unknown>, after?: () => void) {
    setActing(key);
    setError(undefined);
    try {
      await action();
      after?.();
      onChange();
    } catch (e) {
      setError(e as Error);
    } finally {
      setActing('');
    }
  }

  const transfer = async (m: Member) => {
    if (!(await ask({ title: t('teamPanel.transfer.title', { who: m.name || m.email }), body: [t('teamPanel.transfer.body')], action: t('teamPanel.transfer.action') }))) return;
    await run(`transfer-${m.sub}`, () => api.POST('/api/competitions/{competitionId}/team/transfer', { params: { path }, body: { memberSub: m.sub } }));
  };
  const remove = async (m: Member) => {
    if (!(await ask({ title: t('teamPanel.remove.title', { who: m.name || m.email }), body: t('teamPanel.remove.body'), action: t('teamPanel.remove.action'), danger: true }))) return;
    await run(`remove-${m.sub}`, () => api.DELETE('/api/competitions/{competitionId}/team/members/{memberSub}', { params: { path: { competitionId, memberSub: m.sub } } }));
  };
  const leave = async () => {
    if (!(await ask({ title: t('teamPanel.leave.title'), body: t('teamPanel.leave.body'), action: t('teamPanel.leave.action'), danger: true }))) return;
    setActing('leave');
    setError(undefined);
    try {
      await api.POST('/api/competitions/{competitionId}/team/leave', { params: { path } });
      setFlash(t('teamPanel.leave.done', { organisation: team.organisationName }));
      navigate(`/competitions/${encodeURIComponent(competitionId)}`);
    } catch (e) {
      setError(e as Error);
      setActing('');
    }
  };
  const resend = (i: Invitation) =>
    run(`resend-${i.id}`, async () => setSent(await api.POST('/api/competitions/{competitionId}/team/invitations/{invitationId}/resend', { params: { path: { competitionId, invitationId: i.id } } })));
  const revoke = async (i: Invitation) => {
    if (!(await ask({ title: t('teamPanel.revoke.title', { email: i.email }), body: t('teamPanel.revoke.body'), action: t('teamPanel.revoke.action'), danger: true }))) return;
    await run(`revoke-${i.id}`, () => api.DELETE('/api/competitions/{competitionId}/team/invitations/{invitationId}', { params: { path: { competitionId, invitationId: i.id } } }));
  };

  return (
    <>
      {dialog}
      <p class="muted">
        {owner
          ? `${t('teamPanel.intro.owner')} ${roleHint('editor')} ${roleHint('viewer')}`
          : `${t('teamPanel.intro.member', { role: team.myRole === 'editor' ? 'editor' : 'viewer', organisation: team.organisationName })} ${roleHint(team.myRole === 'editor' ? 'editor' : 'viewer')}`}
      </p>
      <ErrorSummary error={error} />
      <DataTable columns={[t('teamPanel.col.member'), t('teamPanel.col.role'), t('teamPanel.col.since'), ACTIONS_COLUMN]} caption={t('teamPanel.membersCaption')} hideCaption>
        {team.members.map((m) => (
          <tr key={m.sub}>
            <td>
              {m.name ? (
                <>
                  {m.name} <span class="muted">{m.email}</span>
                </>
              ) : (
                m.email
              )}
              {m.you && <span class="muted">{t('teamPanel.you')}</span>} <MailStatusBadge status={m.mailStatus} />
            </td>
            <td>{TEAM_ROLE_LABELS[m.role]}</td>
            <td>{formatLocal(m.since)}</td>
            <td>
              <div class="row-actions">
                {owner && m.role === 'editor' && (
                  <button type="button" class="btn btn-small" disabled={!!acting} onClick={() => void transfer(m)} >
                    {tx('teamPanel.makeOwner', { who: m.name || m.email, sr: (c) => <span class="sr-only">{c}</span> })}
                  </button>
                )}
                {owner && !m.you && (
                  <button type="button" class="btn btn-small btn-danger-ghost" disabled={!!acting} onClick={() => void remove(m)} aria-label={t('teamPanel.removeLabel', { who: m.name || m.email })}>
                    {t('teamPanel.remove')}
                  </button>
                )}
                {!owner && m.you && (
                  <button type="button" class="btn btn-small btn-danger-ghost" disabled={!!acting} onClick={() => void leave()}>
                    {acting === 'leave' ? t('teamPanel.leaving') : t('teamPanel.leave.action')}
                  </button>
                )}
              </div>
            </td>
          </tr>
        ))}
      </DataTable>
      {owner && (
        <>
          <InviteForm competitionId={competitionId} full={team.seats.used >= team.seats.max} onSent={(s) => (setSent(s), onChange())} />
          {sent && <InvitationLink sent={{ ...sent, email: sent.invitation.email, expiresAt: sent.invitation.expiresAt }} />}
          {team.invitations.length > 0 && (
            <DataTable columns={[t('teamPanel.col.invited'), t('teamPanel.col.role'), t('teamPanel.col.status'), ACTIONS_COLUMN]} caption={t('teamPanel.invitationsCaption')} hideCaption>
              {team.invitations.map((i) => (
                <tr key={i.id}>
                  <td>
                    {i.email} <MailStatusBadge status={i.mailStatus} />
                  </td>
                  <td>{TEAM_ROLE_LABELS[i.role]}</td>
                  <td>
                    {i.status === 'pending' ? t('teamPanel.pendingExpires', { when: formatLocal(i.expiresAt) }) : t('teamPanel.expired', { when: formatLocal(i.expiresAt) })} <MailNotSent mailState={i.mailState} mailError={i.mailError} />
                  </td>
                  <td>
                    <div class="row-actions">
                      <button type="button" class="btn btn-small" disabled={!!acting} onClick={() => void resend(i)} >
                        {acting === `resend-${i.id}` ? t('teamPanel.sending') : tx('teamPanel.sendAgain', { email: i.email, sr: (c) => <span class="sr-only">{c}</span> })}
                      </button>
                      <button type="button" class="btn btn-small btn-danger-ghost" disabled={!!acting} onClick={() => void revoke(i)} aria-label={t('teamPanel.withdrawLabel', { email: i.email })}>
                        {t('teamPanel.withdraw')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </>
      )}
    </>
  );
}

function InviteForm({ competitionId, full, onSent }: { competitionId: string; full: boolean; onSent: (s: Sent) => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'editor' | 'viewer'>('editor');
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState(false);
  const errors = (error instanceof ApiError ? error.fields : undefined) ?? {};

  async function invite() {
    setBusy(true);
    setError(undefined);
    try {
      const s = await api.POST('/api/competitions/{competitionId}/team/invitations', { params: { path: { competitionId } }, body: { email: email.trim(), role } });
      setEmail('');
      onSent(s);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      class="team-invite"
      noValidate
      aria-label={t('teamPanel.invite.heading')}
      onSubmit={(e) => {
        e.preventDefault();
        void invite();
      }}
    >
      <h3>{t('teamPanel.invite.heading')}</h3>
      <ErrorSummary error={error} labels={{ email: t('teamPanel.invite.email'), role: t('teamPanel.col.role') }} />
      <div class="grid-2">
        <TextField path="email" label={t('teamPanel.invite.email')} type="email" autocomplete="off" required value={email} onValue={setEmail} errors={errors} />
        <Field path="role" label={t('teamPanel.col.role')} errors={errors} hint={roleHint(role)}>
          {(a11y) => (
            <select {...a11y} value={role} onChange={(e) => setRole(e.currentTarget.value as 'editor' | 'viewer')}>
              <option value="editor">{t('teamPanel.role.editor')}</option>
              <option value="viewer">{t('teamPanel.role.viewer')}</option>
            </select>
          )}
        </Field>
      </div>
      {full && <Notice kind="warning">{t('teamPanel.full')}</Notice>}
      <button type="submit" class="btn btn-primary" disabled={busy || full}>
        {busy ? t('teamPanel.inviting') : t('teamPanel.send')}
      </button>
    </form>
  );
}
