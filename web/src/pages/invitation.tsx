/**
 * An invitation link for an investor or jury member: what it is for, sign in with the invited
 * address, choose sectors of interest, accept — then on to My reviews (expo judges: the judging
 * page). The states are the shared accept page's (components/invitation-accept.tsx).
 */
import { useState } from 'preact/hooks';
import { api, enc } from '../api.ts';
import { InvitationAccept } from '../components/invitation-accept.tsx';
import { Checkbox, TagsField } from '../components/ui.tsx';
import { splitList } from '../format.ts';
import { roundKindLabel, type InvitationInfo } from '../types.ts';
import { t, tx, type MessageKey } from '../i18n.ts';

/** "You are invited to review as a jury member in <strong>round</strong>.", by the kind of round. */
const INVITED: Record<InvitationInfo['roundKind'], MessageKey> = {
  peer: 'invitation.lead.peer',
  investor: 'invitation.lead.investor',
  jury: 'invitation.lead.jury',
  expo: 'invitation.lead.expo',
};

export function InvitationPage({ id, token }: { id: string; token: string }) {
  const path = { competitionId: id, token };
  const [chosen, setChosen] = useState<string[]>([]);
  const [other, setOther] = useState('');
  return (
    <InvitationAccept<InvitationInfo>
      loadKey={`${id}/${token}`}
      load={() => api.GET('/api/invitations/{competitionId}/{token}', { params: { path } })}
      describe={(info) => ({
        kind: t('invitation.kind', { kind: roundKindLabel(info.roundKind) }),
        title: info.competitionTitle,
        lead: <>{tx(INVITED[info.roundKind], { round: info.roundName, strong: (chunks) => <strong>{chunks}</strong> })}</>,
        email: info.email,
        expiresAt: info.expiresAt,
        status: info.status,
        askWhom: t('invitation.askWhom'),
        revoked: t('invitation.revoked'),
        opens: info.roundKind === 'expo' ? { href: `/competitions/${enc(info.competitionId)}`, label: t('invitation.openCompetition') } : { href: '/me/reviews', label: t('invitation.openReviews') },
      })}
      accept={async (info) => {
        const interests = [...new Set([...chosen, ...splitList(other)])];
        const joined = await api.POST('/api/invitations/{competitionId}/{token}/accept', { params: { path }, body: { interests } });
        // Expo judges have no assigned reviews: they go straight to the judging page.
        if (info.roundKind === 'expo') return { href: `/competitions/${enc(joined.competitionId)}/rounds/${enc(joined.roundId)}/judge` };
        return {
          href: '/me/reviews',
          flash: t('invitation.welcome', { round: info.roundName, competition: info.competitionTitle }),
        };
      }}
      fieldLabels={{ interests: t('invitation.interests') }}
      fields={(info, errors) => (
        <>
          {info.sectors.length > 0 && (
            <fieldset>
              <legend>{t('invitation.sectors')}</legend>
              <p class="hint">{t('invitation.sectorsHint')}</p>
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
          <TagsField path="interests" label={t('invitation.otherInterests')} value={other} onValue={setOther} errors={errors} hint={t('invitation.otherInterestsHint')} />
        </>
      )}
    />
  );
}
