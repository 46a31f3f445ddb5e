/**
 * Invitation links into a programme role (/programme-invitations/:programmeId/:token) and to
 * co-organise one competition (/organiser-invitations/:competitionId/:token): what the invitation
 * is for, sign in with the invited address, accept — then on to the programme or the competition.
 * The states are the shared accept page's (components/invitation-accept.tsx).
 */
import { api, enc, type ApiAnswer } from '../api.ts';
import { InvitationAccept } from '../components/invitation-accept.tsx';

type ProgrammeInvitation = ApiAnswer<'/api/programme-invitations/{programmeId}/{token}', 'get'>;
type OrganiserInvitation = ApiAnswer<'/api/organiser-invitations/{competitionId}/{token}', 'get'>;

const REVOKED = 'This invitation was withdrawn or replaced by a newer one. Use the latest link you were sent.';

export function ProgrammeInvitationPage({ programmeId, token }: { programmeId: string; token: string }) {
  const path = { programmeId, token };
  const home = `/programmes/${enc(programmeId)}`;
  return (
    <InvitationAccept<ProgrammeInvitation>
      loadKey={`${programmeId}/${token}`}
      load={() => api.GET('/api/programme-invitations/{programmeId}/{token}', { params: { path } })}
      describe={(i) => ({
        kind: 'Programme invitation',
        title: i.programmeName,
        lead: `${i.invitedBy} invites you to join as ${i.roleLabel}${i.partnerName ? ` for ${i.partnerName}` : ''}.`,
        email: i.email,
        expiresAt: i.expiresAt,
        status: i.status,
        askWhom: 'the programme’s coordinator',
        revoked: REVOKED,
        opens: { href: home, label: 'Open the programme' },
      })}
      accept={async (i) => {
        await api.POST('/api/programme-invitations/{programmeId}/{token}/accept', { params: { path } });
        return { href: home, flash: `Welcome to ${i.programmeName}.` };
      }}
    />
  );
}

export function OrganiserInvitationPage({ competitionId, token }: { competitionId: string; token: string }) {
  const path = { competitionId, token };
  const home = `/competitions/${enc(competitionId)}`;
  return (
    <InvitationAccept<OrganiserInvitation>
      loadKey={`${competitionId}/${token}`}
      load={() => api.GET('/api/organiser-invitations/{competitionId}/{token}', { params: { path } })}
      describe={(i) => ({
        kind: 'Co-organiser invitation',
        title: i.competitionTitle,
        lead: `${i.invitedBy} invites you to join as a co-organiser.`,
        email: i.email,
        expiresAt: i.expiresAt,
        status: i.status,
        askWhom: 'the competition’s organisers',
        revoked: REVOKED,
        opens: { href: home, label: 'Open the competition' },
      })}
      accept={async (i) => {
        await api.POST('/api/organiser-invitations/{competitionId}/{token}/accept', { params: { path } });
        return { href: home, flash: `You now organise ${i.competitionTitle}.` };
      }}
    />
  );
}
