/**
 * A team invitation link (issue 13 §3): sign in with the invited address, see which organisation's
 * team and as what, accept — then on to the team's submission. Only the person it was sent to can
 * open it (use-cases/teams.ts), so the page asks to sign in first and says so when the signed-in
 * account is someone else. The states are the shared accept page's (components/invitation-accept.tsx).
 */
import { api, enc, type ApiAnswer } from '../api.ts';
import { InvitationAccept } from '../components/invitation-accept.tsx';
import { TEAM_ROLE_LABELS } from '../components/team-panel.tsx';

type TeamInvitation = ApiAnswer<'/api/team-invitations/{competitionId}/{token}', 'get'>;

export function TeamInvitationPage({ id, token }: { id: string; token: string }) {
  const path = { competitionId: id, token };
  const submissionPage = (i: TeamInvitation) => `/competitions/${enc(i.competitionId)}/submission`;
  const as = (role: TeamInvitation['role']) => (role === 'editor' ? 'an editor' : 'a viewer');
  return (
    <InvitationAccept<TeamInvitation>
      signInToOpen="your team invitation (with the e-mail address it was sent to)"
      loadKey={`${id}/${token}`}
      load={() => api.GET('/api/team-invitations/{competitionId}/{token}', { params: { path } })}
      describe={(i) => ({
        kind: `Team invitation · ${TEAM_ROLE_LABELS[i.role]}`,
        title: `Join the ${i.organisationName} team`,
        lead: (
          <>
            You are invited to the team of <strong>{i.organisationName}</strong> in <strong>{i.competitionTitle}</strong> as {as(i.role)}:{' '}
            {i.role === 'editor' ? 'you can edit and submit the entry, upload the video pitch and review for the team.' : 'you can read the entry, watch its pitch and see its results.'}
          </>
        ),
        email: i.email,
        expiresAt: i.expiresAt,
        status: i.status,
        askWhom: 'the team owner',
        revoked: 'The team owner withdrew this invitation. Ask them for a new one.',
        opens: { href: submissionPage(i), label: 'Open the team’s submission' },
      })}
      acceptLabel={(i) => `Join as ${i.role}`}
      accept={async (i) => {
        const joined = await api.POST('/api/team-invitations/{competitionId}/{token}/accept', { params: { path } });
        return { href: submissionPage(i), flash: `Welcome to the ${i.organisationName} team! You are ${as(joined.role)} of its entry in ${i.competitionTitle}.` };
      }}
    />
  );
}
