/**
 * What the entrants are told about the results: their outcome in a sentence, and — after an
 * amendment — a message to each member of the teams whose outcome changed. Only the jobs tell
 * (notifications-job.ts, publication-job.ts), so the API's results area carries none of the
 * messaging (templates, languages, the mailer).
 */
import { sayAwardLabel } from '../shared/award-labels.ts';
import { formatMoney } from '../domain/awards.ts';
import type { Competition } from '../domain/competition.ts';
import { resultsVisible, stateOf } from '../domain/lifecycle.ts';
import { trustedEmail, type Membership } from '../domain/membership.ts';
import type { MessageKind } from '../domain/messages.ts';
import type { ResultEntry, ResultsHeader } from '../domain/results.ts';
import { membersByTeam } from '../domain/team.ts';
import { SOURCE_LOCALE, type Locale } from '../shared/i18n/locales.ts';
import { serverText } from '../shared/i18n/server.ts';
import { allMembers } from './all-pages.ts';
import { inboxText, languageFor, sendMessage, templateCache, type MessageFields, type TemplateSource } from './messages.ts';
import type { Ports } from './ports.ts';

type Deps = Pick<Ports, 'memberships' | 'results' | 'clock' | 'ids' | 'notifications' | 'mailer'> & { webOrigin: string };

/**
 * The entrants who submitted (the only ones told an outcome): every current member of each one's
 * team — the owner, editors and viewers signed in with their own accounts (domain/team.ts), each
 * once — with their memberships. One paged read of the competition's members, whatever the number
 * of entrants; a registering account that left its team is no longer told.
 */
export async function submitterRecipients(ports: Pick<Ports, 'memberships'>, c: Competition, entries: ResultEntry[]) {
  const teams = membersByTeam(await allMembers(ports, c.id));
  return entries.flatMap((e) => (teams.get(e.ownerSub) ?? []).map((member) => ({ entry: e, member })));
}

/**
 * Tells one member of an entrant's team about `kind` (issue 13): the inbox entry and the e-mail
 * both rendered from the competition's template of that kind (use-cases/messages.ts), so an
 * organiser's wording reaches both.
 */
async function notify(ports: Deps, c: Competition, to: Membership, kind: MessageKind, path: string, fields: MessageFields, templates: TemplateSource) {
  const at = ports.clock.now().toISOString();
  // Issue 14: in the member's language (read once here, for both the inbox entry and the e-mail).
  const language = await languageFor(ports, { recipientSub: to.userSub });
  const message = { kind, competitionId: c.id, language, fields: { competition: c.title, link: `${ports.webOrigin}${path}`, ...fields } };
  const { subject, body } = await inboxText(ports, message, templates);
  await ports.notifications.add({ userSub: to.userSub, id: ports.ids.next(), at, competitionId: c.id, subject, body, link: path });
  // E-mail only an address the identity provider verified; the inbox entry reaches everyone.
  const email = trustedEmail(to);
  if (email) await sendMessage(ports, { ...message, to: email }, templates);
}

/** The entrant's outcome in a sentence, in `locale` (amounts as that language writes them). */
export function outcomeText(c: Competition, header: ResultsHeader, e: ResultEntry, locale: Locale = SOURCE_LOCALE): string {
  return e.total > 0
    ? serverText(locale, 'outcome.awarded', {
        amount: locale === SOURCE_LOCALE ? formatMoney(e.total, header.currency) : formatMoney(e.total, header.currency, locale),
        competition: c.title,
        awards: e.awards.map((a) => sayAwardLabel(a.displayLabel, (key, params) => serverText(locale, key, params))).join(', '),
      })
    : serverText(locale, 'outcome.thanks', { competition: c.title });
}

/**
 * After an amendment's snapshot is stored (publication-job.ts): the entrants whose outcome changed,
 * told if the results are visible. Returns how many changed.
 */
export async function tellAmended(ports: Deps, c: Competition, fromVersion: number, reason: string): Promise<{ changed: ResultEntry[]; before: Map<string, ResultEntry> }> {
  const version = c.resultsVersion!;
  const [header, previous, entries] = await Promise.all([ports.results.getHeader(c.id, version), ports.results.listEntries(c.id, fromVersion), ports.results.listEntries(c.id, version)]);
  const before = new Map(previous.map((e) => [e.submissionId, e]));
  const changed = entries.filter((e) => outcomeKey(before.get(e.submissionId)) !== outcomeKey(e));
  if (header && resultsVisible(stateOf(c, ports.clock.now()))) {
    const path = `/competitions/${c.id}/results`;
    const templates = templateCache(ports);
    for (const { entry, member } of await submitterRecipients(ports, c, changed))
      await notify(ports, c, member, 'results-amended', path, { title: entry.title, organisation: entry.organisationName, reason, outcome: (l: Locale) => outcomeText(c, header, entry, l) }, templates);
  }
  return { changed, before };
}

/** What an entrant is told: a change here is what makes an amendment affect them. */
const outcomeKey = (e: ResultEntry | undefined) => JSON.stringify(e ? { awards: e.awards, rank: e.ranked?.rank ?? null } : null);
