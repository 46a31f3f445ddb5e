/**
 * A team invitation link (issue 13 §3): sign in with the invited address, see which organisation's
 * team and as what, accept — then on to the team's submission. Only the person it was sent to can
 * open it (use-cases/teams.ts), so the page asks to sign in first and says so when the signed-in
 * account is someone else. The states are the shared accept page's (components/invitation-accept.tsx).
 */
import { api, enc, type ApiAnswer } from '../api.ts';
import { InvitationAccept } from '../components/invitation-accept.tsx';
import { TEAM_ROLE_LABELS } from '../components/team-panel.tsx';
import { t, tx } from '../i18n.ts';

type TeamInvitation = ApiAnswer<'/api/team-invitations/{competitionId}/{token}', 'get'>;

export function TeamInvitationPage({ id, token }: { id: string; token: string }) {
  const path = { competitionId: id, token };
  const submissionPage = (i: TeamInvitation) => `/competitions/${enc(i.competitionId)}/submission`;
  return (
    <InvitationAccept<TeamInvitation>
      signInToOpen={t('teamInvitation.signInToOpen')}
      loadKey={`${id}/${token}`}
      load={() => api.GET('/api/team-invitations/{competitionId}/{token}', { params: { path } })}
      describe={(i) => ({
        kind: t('teamInvitation.kind', { role: TEAM_ROLE_LABELS[i.role] }),
        title: t('teamInvitation.title', { organisation: i.organisationName }),
        lead: (
          <>
            {tx(i.role === 'editor' ? 'teamInvitation.lead.editor' : 'teamInvitation.lead.viewer', {
              organisation: i.organisationName,
              competition: i.competitionTitle,
              strong: (chunks) => <strong>{chunks}</strong>,
            })}
          </>
        ),
        email: i.email,
        expiresAt: i.expiresAt,
        status: i.status,
        askWhom: t('teamInvitation.askWhom'),
        revoked: t('teamInvitation.revoked'),
        opens: { href: submissionPage(i), label: t('teamInvitation.open') },
      })}
      acceptLabel={(i) => (i.role === 'editor' ? t('teamInvitation.joinEditor') : t('teamInvitation.joinViewer'))}
      accept={async (i) => {
        const joined = await api.POST('/api/team-invitations/{competitionId}/{token}/accept', { params: { path } });
        const welcome = joined.role === 'editor' ? 'teamInvitation.welcome.editor' : 'teamInvitation.welcome.viewer';
        return { href: submissionPage(i), flash: t(welcome, { organisation: i.organisationName, competition: i.competitionTitle }) };
      }}
    />
  );
}
