/**
 * The entrant team on the submission page (issue 13 §3): who is in it and as what; for the owner an
 * invite form (e-mail + editor or viewer), the invitations with resend / withdraw and the link to
 * copy when an e-mail does not arrive, handing ownership to an editor and removing members; for
 * everyone else "Leave the team". The server decides everything again (use-cases/teams.ts).
 */
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api.ts';
import { formatLocal } from '../format.ts';
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

export const TEAM_ROLE_LABELS: Record<Member['role'], string> = { owner: 'Owner', editor: 'Editor', viewer: 'Viewer' };
const ROLE_HINTS = {
  editor: 'Editors edit and submit the entry, upload the pitch and review for the team.',
  viewer: 'Viewers read the entry, its pitch and its results; they change nothing.',
};

export function TeamPanel({ competitionId, team, loading, error, onChange }: { competitionId: string; team?: TeamView; loading: boolean; error?: unknown; onChange: () => void }) {
  return (
    <section class="panel section team-panel" aria-labelledby="team-heading">
      <h2 id="team-heading">Team</h2>
      {loading && !team && <Loading label="Loading your team…" />}
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
    if (!(await ask({ title: `Make ${m.name || m.email} the owner of the team?`, body: ['They can then invite and remove members and hand ownership on. You stay in the team as an editor.'], action: 'Hand over ownership' }))) return;
    await run(`transfer-${m.sub}`, () => api.POST('/api/competitions/{competitionId}/team/transfer', { params: { path }, body: { memberSub: m.sub } }));
  };
  const remove = async (m: Member) => {
    if (!(await ask({ title: `Remove ${m.name || m.email} from the team?`, body: 'They can no longer see or change the entry. You can invite them again later.', action: 'Remove from the team', danger: true }))) return;
    await run(`remove-${m.sub}`, () => api.DELETE('/api/competitions/{competitionId}/team/members/{memberSub}', { params: { path: { competitionId, memberSub: m.sub } } }));
  };
  const leave = async () => {
    if (!(await ask({ title: 'Leave the team?', body: 'You will no longer see or change this entry. The owner can invite you again.', action: 'Leave the team', danger: true }))) return;
    setActing('leave');
    setError(undefined);
    try {
      await api.POST('/api/competitions/{competitionId}/team/leave', { params: { path } });
      setFlash(`You left the ${team.organisationName} team.`);
      navigate(`/competitions/${encodeURIComponent(competitionId)}`);
    } catch (e) {
      setError(e as Error);
      setActing('');
    }
  };
  const resend = (i: Invitation) =>
    run(`resend-${i.id}`, async () => setSent(await api.POST('/api/competitions/{competitionId}/team/invitations/{invitationId}/resend', { params: { path: { competitionId, invitationId: i.id } } })));
  const revoke = async (i: Invitation) => {
    if (!(await ask({ title: `Withdraw the invitation of ${i.email}?`, body: 'The link in their e-mail stops working. You can invite them again later.', action: 'Withdraw invitation', danger: true }))) return;
    await run(`revoke-${i.id}`, () => api.DELETE('/api/competitions/{competitionId}/team/invitations/{invitationId}', { params: { path: { competitionId, invitationId: i.id } } }));
  };

  return (
    <>
      {dialog}
      <p class="muted">
        {owner
          ? 'Invite the people you work with: each signs in with their own account. ' + ROLE_HINTS.editor + ' ' + ROLE_HINTS.viewer
          : `You are ${team.myRole === 'editor' ? 'an editor' : 'a viewer'} of the ${team.organisationName} team. ${ROLE_HINTS[team.myRole === 'editor' ? 'editor' : 'viewer']}`}
      </p>
      <ErrorSummary error={error} />
      <DataTable columns={['Member', 'Role', 'Since', ACTIONS_COLUMN]} caption="Team members" hideCaption>
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
              {m.you && <span class="muted"> (you)</span>} <MailStatusBadge status={m.mailStatus} />
            </td>
            <td>{TEAM_ROLE_LABELS[m.role]}</td>
            <td>{formatLocal(m.since)}</td>
            <td>
              <div class="row-actions">
                {owner && m.role === 'editor' && (
                  <button type="button" class="btn btn-small" disabled={!!acting} onClick={() => void transfer(m)} aria-label={`Make ${m.name || m.email} the owner`}>
                    Make owner
                  </button>
                )}
                {owner && !m.you && (
                  <button type="button" class="btn btn-small btn-danger-ghost" disabled={!!acting} onClick={() => void remove(m)} aria-label={`Remove ${m.name || m.email}`}>
                    Remove
                  </button>
                )}
                {!owner && m.you && (
                  <button type="button" class="btn btn-small btn-danger-ghost" disabled={!!acting} onClick={() => void leave()}>
                    {acting === 'leave' ? 'Leaving…' : 'Leave the team'}
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
            <DataTable columns={['Invited', 'Role', 'Status', ACTIONS_COLUMN]} caption="Invitations" hideCaption>
              {team.invitations.map((i) => (
                <tr key={i.id}>
                  <td>
                    {i.email} <MailStatusBadge status={i.mailStatus} />
                  </td>
                  <td>{TEAM_ROLE_LABELS[i.role]}</td>
                  <td>
                    {i.status === 'pending' ? `Pending · expires ${formatLocal(i.expiresAt)}` : `Expired ${formatLocal(i.expiresAt)}`} <MailNotSent mailState={i.mailState} mailError={i.mailError} />
                  </td>
                  <td>
                    <div class="row-actions">
                      <button type="button" class="btn btn-small" disabled={!!acting} onClick={() => void resend(i)} aria-label={`Send the invitation of ${i.email} again`}>
                        {acting === `resend-${i.id}` ? 'Sending…' : 'Resend'}
                      </button>
                      <button type="button" class="btn btn-small btn-danger-ghost" disabled={!!acting} onClick={() => void revoke(i)} aria-label={`Withdraw the invitation of ${i.email}`}>
                        Withdraw
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
      aria-label="Invite a team member"
      onSubmit={(e) => {
        e.preventDefault();
        void invite();
      }}
    >
      <h3>Invite a team member</h3>
      <ErrorSummary error={error} labels={{ email: 'E-mail address', role: 'Role' }} />
      <div class="grid-2">
        <TextField path="email" label="E-mail address" type="email" autocomplete="off" required value={email} onValue={setEmail} errors={errors} />
        <Field path="role" label="Role" errors={errors} hint={ROLE_HINTS[role]}>
          {(a11y) => (
            <select {...a11y} value={role} onChange={(e) => setRole(e.currentTarget.value as 'editor' | 'viewer')}>
              <option value="editor">Editor</option>
              <option value="viewer">Viewer</option>
            </select>
          )}
        </Field>
      </div>
      {full && <Notice kind="warning">The team is full: remove someone or withdraw an invitation first.</Notice>}
      <button type="submit" class="btn btn-primary" disabled={busy || full}>
        {busy ? 'Inviting…' : 'Send invitation'}
      </button>
    </form>
  );
}
