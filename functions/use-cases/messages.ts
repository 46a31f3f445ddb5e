/**
 * Sending a message of one of Podium's kinds (domain/messages.ts) to one address: the
 * competition's own template where its organisers wrote one, else the default; the mailer sends
 * it (SES on AWS, the outbox locally). Every invitation, reminder and announcement goes through here.
 */
import { DEFAULT_TEMPLATES, render, type MessageKind } from '../domain/messages.ts';
import type { Ports } from './ports.ts';

export interface OutgoingMessage {
  kind: MessageKind;
  /** The competition the message is about (its outbox and templates); programme mail names the programme. */
  competitionId: string;
  to: string;
  fields: Readonly<Record<string, string>>;
}

export async function sendMessage(ports: Pick<Ports, 'mailer'>, m: OutgoingMessage): Promise<void> {
  const { subject, text, missing } = render(DEFAULT_TEMPLATES[m.kind], m.fields);
  if (missing.length > 0) throw new Error(`The ${m.kind} message lacks ${missing.join(', ')}.`);
  await ports.mailer.send({ competitionId: m.competitionId, to: m.to, subject, text });
}
