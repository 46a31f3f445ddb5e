/**
 * Invitation links into a programme role (/programme-invitations/:programmeId/:token) and to
 * co-organise one competition (/organiser-invitations/:competitionId/:token): what the invitation
 * is for, sign in with the invited address, accept — then on to the programme or the competition.
 * The states are the shared accept page's (components/invitation-accept.tsx).
 */
import { api, enc, type ApiAnswer } from '../api.ts';
import { InvitationAccept } from '../components/invitation-accept.tsx';
import { t } from '../i18n.ts';
import { roleInSentence } from './programmes.tsx';

type ProgrammeInvitation = ApiAnswer<'/api/programme-invitations/{programmeId}/{token}', 'get'>;
type OrganiserInvitation = ApiAnswer<'/api/organiser-invitations/{competitionId}/{token}', 'get'>;


export function ProgrammeInvitationPage({ programmeId, token }: { programmeId: string; token: string }) {
  const path = { programmeId, token };
  const home = `/programmes/${enc(programmeId)}`;
  return (
    <InvitationAccept<ProgrammeInvitation>
      loadKey={`${programmeId}/${token}`}
      load={() => api.GET('/api/programme-invitations/{programmeId}/{token}', { params: { path } })}
      describe={(i) => ({
        kind: t('programmeInvitation.kind'),
        title: i.programmeName,
        lead: i.partnerName
          ? t('programmeInvitation.leadPartner', { invitedBy: i.invitedBy, role: roleInSentence(i.role), partner: i.partnerName })
          : t('programmeInvitation.lead', { invitedBy: i.invitedBy, role: roleInSentence(i.role) }),
        email: i.email,
        expiresAt: i.expiresAt,
        status: i.status,
        askWhom: t('programmeInvitation.askWhom'),
        revoked: t('programmeInvitation.revoked'),
        opens: { href: home, label: t('programmeInvitation.open') },
      })}
      accept={async (i) => {
        await api.POST('/api/programme-invitations/{programmeId}/{token}/accept', { params: { path } });
        return { href: home, flash: t('programmeInvitation.welcome', { programme: i.programmeName }) };
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
        kind: t('programmeInvitation.organiserKind'),
        title: i.competitionTitle,
        lead: t('programmeInvitation.organiserLead', { invitedBy: i.invitedBy }),
        email: i.email,
        expiresAt: i.expiresAt,
        status: i.status,
        askWhom: t('programmeInvitation.organiserAskWhom'),
        revoked: t('programmeInvitation.revoked'),
        opens: { href: home, label: t('programmeInvitation.openCompetition') },
      })}
      accept={async (i) => {
        await api.POST('/api/organiser-invitations/{competitionId}/{token}/accept', { params: { path } });
        return { href: home, flash: t('programmeInvitation.organiserWelcome', { competition: i.competitionTitle }) };
      }}
    />
  );
}
