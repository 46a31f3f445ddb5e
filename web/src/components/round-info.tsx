/** How a round is described wherever it appears: its kind and phase, its window, its shortlist. */
import { formatInZone } from '../format.ts';
import { roundKindLabel, type Round, type RoundPhase } from '../types.ts';
import { PhaseBadge } from './ui.tsx';
import { t } from '../i18n.ts';

/** "1 Dec 2026, 09:00 – 20 Dec 2026, 18:00 Europe/Brussels" */
export function windowText(r: Pick<Round, 'opensAt' | 'closesAt'>, tz: string): string {
  return `${formatInZone(r.opensAt, tz).replace(` ${tz}`, '')} – ${formatInZone(r.closesAt, tz)}`;
}

/** The round's review window, in the competition's time zone. */
export function RoundWindow({ round: r, tz }: { round: Pick<Round, 'opensAt' | 'closesAt'>; tz: string }) {
  return <time dateTime={r.opensAt}>{windowText(r, tz)}</time>;
}

/** "Peer review" and the phase badge, then "Blind" for a blind round. */
export function RoundBadges({ kind, phase, blind }: { kind: string; phase: RoundPhase; blind?: boolean }) {
  return (
    <>
      <span class="kind">{roundKindLabel(kind)}</span> <PhaseBadge phase={phase} />
      {blind && <span class="badge">{t('roundInfo.blind')}</span>}
    </>
  );
}

/** "Top 10 of “Peer review”": which submissions a shortlisting round reviews. */
export function ShortlistText({ shortlist, rounds }: { shortlist: NonNullable<Round['shortlist']>; rounds: Pick<Round, 'id' | 'name'>[] }) {
  return (
    <>{t('roundInfo.shortlist', { topN: shortlist.topN, round: rounds.find((x) => x.id === shortlist.fromRoundId)?.name ?? t('roundInfo.earlierRound') })}</>
  );
}
