/**
 * SES's mailbox simulator, for the outbox (the local mailer): SES answers mail to
 * bounce@simulator.amazonses.com with a hard bounce and mail to complaint@simulator.amazonses.com
 * with a complaint, published through the configuration set like any other. The outbox keeps the
 * mail and then hands the same event record SES would publish to `publish` — on AWS SES itself
 * does this, and the record reaches the same use case through SNS (functions/lambda/mail-events.ts).
 * Record shapes: "Examples of event data that Amazon SES publishes to Amazon SNS" (SES guide).
 */
import type { Mailer } from '../../use-cases/ports.ts';

export const SIMULATOR = {
  bounce: 'bounce@simulator.amazonses.com',
  complaint: 'complaint@simulator.amazonses.com',
} as const;

export function simulatorRecord(to: string, messageId: string, from: string, at: Date): Record<string, unknown> | undefined {
  const address = to.trim().toLowerCase();
  const sent = at.toISOString();
  const reported = new Date(at.getTime() + 1000).toISOString();
  const mail = { timestamp: sent, source: from, messageId, destination: [to], headersTruncated: false };
  if (address === SIMULATOR.bounce)
    return {
      eventType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: [{ emailAddress: to, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
        timestamp: reported,
        feedbackId: `${messageId}-bounce`,
        reportingMTA: 'dns; simulator.amazonses.com',
      },
      mail,
    };
  if (address === SIMULATOR.complaint)
    return {
      eventType: 'Complaint',
      complaint: {
        complainedRecipients: [{ emailAddress: to }],
        timestamp: reported,
        feedbackId: `${messageId}-complaint`,
        userAgent: 'Amazon SES Mailbox Simulator',
        complaintFeedbackType: 'abuse',
        arrivalDate: sent,
      },
      mail,
    };
  return undefined;
}

/** The outbox mailer, answering for the simulator's addresses as SES does (after the mail is kept). */
export function withMailboxSimulator(outbox: Mailer, publish: (record: Record<string, unknown>) => Promise<unknown>, o: { clock: { now(): Date }; ids: { next(): string }; from?: string }): Mailer {
  return {
    async send(email) {
      const held = await outbox.send(email);
      if (held) return held;
      const record = simulatorRecord(email.to, `local-${o.ids.next()}`, o.from ?? 'podium@localhost', o.clock.now());
      if (record) await publish(record);
    },
  };
}
