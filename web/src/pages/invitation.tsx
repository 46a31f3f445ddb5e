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

const ROLE: Record<InvitationInfo['roundKind'], { as: string; does: string }> = {
  peer: { as: 'a peer reviewer', does: 'review' },
  investor: { as: 'an investor', does: 'review' },
  jury: { as: 'a jury member', does: 'review' },
  expo: { as: 'an expo judge', does: 'judge at the expo' },
};
const roleOf = (kind: InvitationInfo['roundKind']) => ROLE[kind];

export function InvitationPage({ id, token }: { id: string; token: string }) {
  const path = { competitionId: id, token };
  const [chosen, setChosen] = useState<string[]>([]);
  const [other, setOther] = useState('');
  return (
    <InvitationAccept<InvitationInfo>
      loadKey={`${id}/${token}`}
      load={() => api.GET('/api/invitations/{competitionId}/{token}', { params: { path } })}
      describe={(info) => ({
        kind: `Invitation · ${roundKindLabel(info.roundKind)}`,
        title: info.competitionTitle,
        lead: (
          <>
            You are invited to {roleOf(info.roundKind).does} as {roleOf(info.roundKind).as} in <strong>{info.roundName}</strong>.
          </>
        ),
        email: info.email,
        expiresAt: info.expiresAt,
        status: info.status,
        askWhom: 'the organiser',
        revoked: 'The organiser revoked this invitation. Ask them for a new one if you expected to take part.',
        opens: info.roundKind === 'expo' ? { href: `/competitions/${enc(info.competitionId)}`, label: 'Open the competition' } : { href: '/me/reviews', label: 'Open My reviews' },
      })}
      accept={async (info) => {
        const interests = [...new Set([...chosen, ...splitList(other)])];
        const joined = await api.POST('/api/invitations/{competitionId}/{token}/accept', { params: { path }, body: { interests } });
        // Expo judges have no assigned reviews: they go straight to the judging page.
        if (info.roundKind === 'expo') return { href: `/competitions/${enc(joined.competitionId)}/rounds/${enc(joined.roundId)}/judge` };
        return {
          href: '/me/reviews',
          flash: `Welcome! You joined “${info.roundName}” of ${info.competitionTitle}. Your reviews appear here once the organiser assigns them.`,
        };
      }}
      fieldLabels={{ interests: 'Sectors of interest' }}
      fields={(info, errors) => (
        <>
          {info.sectors.length > 0 && (
            <fieldset>
              <legend>Sectors you would like to review</legend>
              <p class="hint">You will mostly get submissions in these sectors.</p>
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
          <TagsField path="interests" label="Other interests" value={other} onValue={setOther} errors={errors} hint="Optional: value-chain areas or technologies, separated by commas." />
        </>
      )}
    />
  );
}
