/**
 * Bounces, complaints and deliveries as SES reports them (issue 13 §4): SES publishes an event
 * record per sending event of the configuration set to an SNS topic (infra/mail.ts), SNS invokes
 * functions/lambda/mail-events.ts with the records, and this use case keeps one status per address
 * (domain/mail-status.ts). The mailer is wrapped (`suppressingMailer`) so that nothing is sent to a
 * suppressed address again: the send is skipped and counted, never retried.
 *
 * Both shapes SES uses are read: configuration-set event publishing (`eventType`) and identity
 * feedback notifications (`notificationType`). Records of other types (Send, Open, …) and records
 * that are not SES's are skipped with a warning: retrying them would never succeed.
 *
 * Locally, the outbox stands in for SES's mailbox simulator (adapters/mail/mailbox-simulator.ts):
 * mail to bounce@simulator.amazonses.com or complaint@simulator.amazonses.com produces the same
 * record, fed to the same use case.
 */
import { applyMailEvent, emptyMailStatus, isSuppressed, mailStatusBadge, normaliseAddress, type MailEvent, type MailStatus, type MailStatusBadge } from '../domain/mail-status.ts';
import type { Email } from '../domain/notification.ts';
import type { Clock, Mailer, MailHeldBack, MailStatusRepository, Ports } from './ports.ts';

export type MailStatusDeps = { mailStatus: MailStatusRepository; clock: Clock };
type Deps = MailStatusDeps;

const obj = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The SES records an SNS-invoked Lambda receives: each record's `Sns.Message`, parsed (unparseable ones skipped). */
export function sesRecordsOfSnsEvent(event: unknown): { records: unknown[]; skipped: number } {
  const records: unknown[] = [];
  let skipped = 0;
  for (const r of list(obj(event)?.Records)) {
    const message = str(obj(obj(r)?.Sns)?.Message);
    try {
      if (message === undefined) throw new Error('no message');
      records.push(JSON.parse(message));
    } catch {
      skipped++;
    }
  }
  return { records, skipped };
}

/** The per-address events in one SES record; empty for a type Podium does not track or a malformed record. */
export function mailEventsOf(record: unknown): MailEvent[] {
  const r = obj(record);
  const type = str(r?.eventType) ?? str(r?.notificationType);
  if (type === 'Bounce') {
    const b = obj(r!.bounce);
    const at = str(b?.timestamp);
    const bounceType = str(b?.bounceType);
    if (!b || !at || !bounceType) return [];
    return list(b.bouncedRecipients).flatMap((x) => {
      const address = str(obj(x)?.emailAddress);
      if (!address) return [];
      const diagnostic = str(obj(x)?.diagnosticCode);
      return [{ kind: 'bounce', address: normaliseAddress(address), at, type: bounceType, subType: str(b.bounceSubType) ?? 'General', ...(str(b.feedbackId) ? { feedbackId: str(b.feedbackId) } : {}), ...(diagnostic ? { diagnostic } : {}) } satisfies MailEvent];
    });
  }
  if (type === 'Complaint') {
    const c = obj(r!.complaint);
    const at = str(c?.timestamp);
    if (!c || !at) return [];
    return list(c.complainedRecipients).flatMap((x) => {
      const address = str(obj(x)?.emailAddress);
      if (!address) return [];
      const feedbackType = str(c.complaintFeedbackType);
      return [{ kind: 'complaint', address: normaliseAddress(address), at, ...(str(c.feedbackId) ? { feedbackId: str(c.feedbackId) } : {}), ...(feedbackType ? { feedbackType } : {}) } satisfies MailEvent];
    });
  }
  if (type === 'Delivery') {
    const d = obj(r!.delivery);
    const at = str(d?.timestamp);
    const messageId = str(obj(r!.mail)?.messageId);
    if (!d || !at) return [];
    return list(d.recipients).flatMap((x) => {
      const address = str(x);
      // A delivery has no feedback id: the message id and address identify it.
      return address ? [{ kind: 'delivery', address: normaliseAddress(address), at, ...(messageId ? { feedbackId: `delivery:${messageId}` } : {}) } satisfies MailEvent] : [];
    });
  }
  return [];
}

export const SAVE_ATTEMPTS = 8;

/**
 * Records events per address: read the status, apply the rules, write it back on the version read
 * (a concurrent notification for the same address makes one of them read again). Addresses are
 * done in parallel, each one's events in order. Returns what was newly suppressed.
 */
export async function recordMailEvents(ports: Deps, events: readonly MailEvent[]): Promise<{ recorded: number; suppressed: string[] }> {
  const byAddress = new Map<string, MailEvent[]>();
  for (const e of events) byAddress.set(e.address, [...(byAddress.get(e.address) ?? []), e]);
  const suppressed: string[] = [];
  let recorded = 0;
  await Promise.all(
    [...byAddress].map(async ([address, mine]) => {
      for (let attempt = 0; ; attempt++) {
        if (attempt >= SAVE_ATTEMPTS) throw new Error(`The mail status of an address kept changing (${SAVE_ATTEMPTS} attempts).`);
        const stored = await ports.mailStatus.get(address);
        const before = stored ?? emptyMailStatus(address);
        let next = before;
        for (const e of mine) next = applyMailEvent(next, e, ports.clock.now());
        if (next === before) return; // all seen already (SNS delivered them again)
        if (!(await ports.mailStatus.save(next, stored?.version ?? 0))) continue;
        recorded += mine.length;
        if (next.suppressed && !before.suppressed) suppressed.push(address);
        return;
      }
    }),
  );
  return { recorded, suppressed };
}

/** The SNS-invoked Lambda's work: every SES record in the event, recorded. */
export async function handleSnsMailEvents(ports: Deps, event: unknown): Promise<{ records: number; skipped: number; recorded: number; suppressed: number }> {
  const { records, skipped } = sesRecordsOfSnsEvent(event);
  const events = records.flatMap(mailEventsOf);
  const { recorded, suppressed } = await recordMailEvents(ports, events);
  return { records: records.length, skipped: skipped + records.filter((r) => mailEventsOf(r).length === 0).length, recorded, suppressed: suppressed.length };
}

/**
 * The mailer as every use case gets it: an address SES reported as bouncing for good, complaining
 * or bouncing again and again is not sent to; the skip is counted on its status (one ADD) and the
 * send resolves with why (`MailHeldBack`), so a job that mails thousands goes on, nothing retries
 * it, and an invitation says "Not sent" instead of "Sent". A transient suppression lapses
 * (domain/mail-status.ts): then mail is tried again.
 *
 * One send reads its address's status (GetItem); `forRecipients` reads a chunk's at once
 * (BatchGetItem, consistent) and answers its sends from that, reading only addresses outside it.
 */
export function suppressingMailer(inner: Mailer, ports: Deps): Mailer {
  const make = (known?: ReadonlyMap<string, MailStatus | undefined>): Mailer => ({
    async send(email: Email) {
      const address = normaliseAddress(email.to);
      const status = known?.has(address) ? known.get(address) : await ports.mailStatus.get(address);
      const now = ports.clock.now();
      if (status && isSuppressed(status, now)) {
        await ports.mailStatus.noteSuppressed(email.to, now.toISOString());
        return { heldBack: status.suppressed!.reason, ...(status.suppressed!.until ? { until: status.suppressed!.until } : {}) } satisfies MailHeldBack;
      }
      return inner.send(email);
    },
    async forRecipients(addresses) {
      const wanted = [...new Set(addresses.map(normaliseAddress))];
      if (wanted.length === 0) return make(known);
      const found = await ports.mailStatus.getMany(wanted, { consistent: true });
      return make(new Map(wanted.map((a) => [a, found.get(a)])));
    },
  });
  return make();
}

/** `mailer` for a chunk of recipients (their suppression read at once), or itself when it reads nothing. */
export async function mailerFor(mailer: Mailer, addresses: readonly string[]): Promise<Mailer> {
  return mailer.forRecipients ? mailer.forRecipients(addresses) : mailer;
}

/**
 * `rows` with what SES reported about each one's address (`mailStatus`: bounced, complained,
 * suppressed; absent when nothing was), for the lists organisers read (the outbox, invitations):
 * one BatchGetItem for the rows' distinct addresses, read eventually consistent (a view).
 */
export async function withMailStatus<T>(ports: Partial<Pick<Ports, 'mailStatus'>> & Pick<Ports, 'clock'>, rows: T[], addressOf: (row: T) => string | undefined): Promise<(T & { mailStatus?: MailStatusBadge })[]> {
  const addresses = [...new Set(rows.map(addressOf).filter((a): a is string => !!a).map(normaliseAddress))];
  if (addresses.length === 0 || !ports.mailStatus) return rows as (T & { mailStatus?: MailStatusBadge })[];
  const statuses = await ports.mailStatus.getMany(addresses);
  const now = ports.clock.now();
  return rows.map((r) => {
    const a = addressOf(r);
    const badge = a ? mailStatusBadge(statuses.get(normaliseAddress(a)), now) : undefined;
    return (badge ? { ...r, mailStatus: badge } : r) as T & { mailStatus?: MailStatusBadge };
  });
}
