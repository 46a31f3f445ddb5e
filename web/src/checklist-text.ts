/**
 * The publication checklist's problems and warnings in the reader's language. The server sends
 * each with a stable code, its figures (`params`) and, where it applies, per-round figures
 * (functions/use-cases/results.ts `ChecklistItem`); the words are `awards.checklistItem.<CODE>`.
 * A code this page does not know yet is shown in the server's English.
 */
import { formatInZone, formatList } from './format.ts';
import { t, tMaybe } from './i18n.ts';
import { formatShare } from './money.ts';

export interface ChecklistItem {
  code: string;
  message: string;
  params: Record<string, string | number>;
  rounds?: { name: string; count: number; titles?: string[] }[];
}

/** `item` worded for the reader; instants in the competition's zone `timeZone`. */
export function checklistText(item: ChecklistItem, timeZone: string): string {
  const p = item.params;
  const when = (k: string) => (typeof p[k] === 'string' ? formatInZone(p[k] as string, timeZone) : '');
  const rounds = (item.rounds ?? []).map((r) =>
    r.titles
      ? t('awards.checklistItem.expoRound', { round: r.name, titles: formatList(r.titles.map((title) => title || t('awards.checklistItem.untitled')), 'unit') })
      : t('awards.checklistItem.perRound', { round: r.name, count: r.count }),
  );
  const params = {
    ...p,
    until: when('until'),
    at: when('at'),
    share: typeof p.share === 'number' ? formatShare(p.share) : '',
    min: typeof p.min === 'number' ? formatShare(p.min) : '',
    rounds: rounds.join(item.code === 'EXPO_UNSEEN' ? '; ' : ', '),
  };
  return tMaybe(`awards.checklistItem.${item.code}`, params) ?? item.message;
}
