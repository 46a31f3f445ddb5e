/**
 * Bounces and complaints (use-cases/mail-events.ts) against dynalite, fed the SNS event an
 * SES-subscribed Lambda receives, with the records shaped as in AWS's documentation ("Examples of
 * event data that Amazon SES publishes to Amazon SNS"; identity notifications: "Amazon SNS
 * notification examples for Amazon SES"). What is stored is read back; the mailer is the real one
 * the app uses (the outbox, wrapped by the suppression check), so "not sent" is an outbox without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sesMailer } from '../../functions/adapters/mail/ses-mailer.ts';
import { handleSnsMailEvents } from '../../functions/use-cases/mail-events.ts';
import { awsStandIn } from '../support/sigv4-reference.ts';
import { openCompetition, people, startHarness, type Harness } from '../support/api-harness.ts';

let h: Harness;
let cid: string;

/** An SNS-to-Lambda event carrying these SES records (one SNS record each). */
function snsEvent(...records: unknown[]) {
  return {
    Records: records.map((r, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:eu-west-1:123456789012:podium-mail-events:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55',
      Sns: {
        Type: 'Notification',
        MessageId: `95df01b4-ee98-5cb9-9903-4c221d41eb5e-${i}`,
        TopicArn: 'arn:aws:sns:eu-west-1:123456789012:podium-mail-events',
        Subject: null,
        Message: typeof r === 'string' ? r : JSON.stringify(r),
        Timestamp: '2027-01-01T12:00:00.000Z',
        SignatureVersion: '1',
        Signature: 'EXAMPLE',
        SigningCertUrl: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-EXAMPLE.pem',
        UnsubscribeUrl: 'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe',
        MessageAttributes: {},
      },
    })),
  };
}

const mail = (to: string) => ({
  timestamp: '2027-01-01T11:59:00.012Z',
  source: 'Podium <podium@example.org>',
  sourceArn: 'arn:aws:ses:eu-west-1:123456789012:identity/podium@example.org',
  sendingAccountId: '123456789012',
  messageId: `EXAMPLE7c191be45-e9aedb9a-${to}`,
  destination: [to],
  headersTruncated: false,
  tags: { 'ses:configuration-set': ['podium-mail'] },
});

/** Configuration-set event publishing: a Bounce record. */
function bounce(to: string, type: 'Permanent' | 'Transient', at: string, feedbackId: string) {
  return {
    eventType: 'Bounce',
    bounce: {
      bounceType: type,
      bounceSubType: type === 'Permanent' ? 'General' : 'MailboxFull',
      bouncedRecipients: [{ emailAddress: to, action: 'failed', status: type === 'Permanent' ? '5.1.1' : '4.2.2', diagnosticCode: type === 'Permanent' ? 'smtp; 550 5.1.1 user unknown' : 'smtp; 452 4.2.2 mailbox full' }],
      timestamp: at,
      feedbackId,
      reportingMTA: 'dsn; mta.example.com',
    },
    mail: mail(to),
  };
}

function complaint(to: string, at: string, feedbackId: string) {
  return {
    eventType: 'Complaint',
    complaint: {
      feedbackId,
      complaintSubType: null,
      complainedRecipients: [{ emailAddress: to }],
      timestamp: at,
      userAgent: 'Mozilla/5.0',
      complaintFeedbackType: 'abuse',
      arrivalDate: at,
    },
    mail: mail(to),
  };
}

const send = (to: string, subject: string) => h.deps.mailer.send({ competitionId: cid, to, subject, text: 'Hello.' });
const outboxTo = async (to: string) => (await h.deps.outbox.list(cid, 100)).filter((m) => m.to === to).map((m) => m.subject);

beforeAll(async () => {
  h = await startHarness('2027-01-01T12:00:00Z');
  cid = (await openCompetition(h, { title: 'Mail' })).id;
});
afterAll(() => h.stop());

describe('bounces and complaints', () => {
  it('a permanent bounce suppresses the address: later mail to it is skipped and counted, never sent', async () => {
    await send('gone@example.com', 'First');
    const r = await handleSnsMailEvents(h.deps, snsEvent(bounce('Gone@Example.com', 'Permanent', '2027-01-01T12:00:01.000Z', 'fb-1')));
    expect(r).toEqual({ records: 1, skipped: 0, recorded: 1, suppressed: 1 });
    expect(await h.deps.mailStatus.get('gone@example.com')).toMatchObject({
      address: 'gone@example.com',
      bounces: 1,
      lastBounce: { type: 'Permanent', subType: 'General', at: '2027-01-01T12:00:01.000Z', diagnostic: 'smtp; 550 5.1.1 user unknown' },
      suppressed: { reason: 'permanent-bounce', at: '2027-01-01T12:00:01.000Z' },
    });
    await send('gone@example.com', 'Second');
    await send('GONE@example.com ', 'Third');
    expect(await outboxTo('gone@example.com')).toEqual(['First']);
    expect((await h.deps.mailStatus.get('gone@example.com'))?.suppressedSends).toBe(2);
  });

  it('counts a notification SNS delivers twice once (its feedback id)', async () => {
    const e = snsEvent(bounce('twice@example.com', 'Transient', '2027-01-01T12:00:00.000Z', 'fb-dup'));
    await handleSnsMailEvents(h.deps, e);
    const again = await handleSnsMailEvents(h.deps, e);
    expect(again).toMatchObject({ recorded: 0 });
    expect((await h.deps.mailStatus.get('twice@example.com'))?.bounces).toBe(1);
  });

  it('transient bounces suppress after three within a week, not before, and not when spread wider', async () => {
    const a = 'full@example.com';
    await handleSnsMailEvents(h.deps, snsEvent(bounce(a, 'Transient', '2027-01-01T00:00:00.000Z', 't1'), bounce(a, 'Transient', '2027-01-03T00:00:00.000Z', 't2')));
    expect((await h.deps.mailStatus.get(a))?.suppressed).toBeUndefined();
    await send(a, 'Still sent');
    expect(await outboxTo(a)).toEqual(['Still sent']);
    await handleSnsMailEvents(h.deps, snsEvent(bounce(a, 'Transient', '2027-01-06T00:00:00.000Z', 't3')));
    expect(await h.deps.mailStatus.get(a)).toMatchObject({ bounces: 3, suppressed: { reason: 'transient-bounces' } });

    const b = 'sometimes@example.com';
    await handleSnsMailEvents(h.deps, snsEvent(bounce(b, 'Transient', '2026-12-01T00:00:00.000Z', 's1'), bounce(b, 'Transient', '2026-12-20T00:00:00.000Z', 's2'), bounce(b, 'Transient', '2027-01-01T00:00:00.000Z', 's3')));
    expect(await h.deps.mailStatus.get(b)).toMatchObject({ bounces: 3, transientAts: ['2027-01-01T00:00:00.000Z'] });
    expect((await h.deps.mailStatus.get(b))?.suppressed).toBeUndefined();
  });

  it('a complaint suppresses the address', async () => {
    await handleSnsMailEvents(h.deps, snsEvent(complaint('angry@example.com', '2027-01-01T12:00:00.000Z', 'c1')));
    expect(await h.deps.mailStatus.get('angry@example.com')).toMatchObject({ complaints: 1, lastComplaint: { feedbackType: 'abuse' }, suppressed: { reason: 'complaint' } });
    await send('angry@example.com', 'Not again');
    expect(await outboxTo('angry@example.com')).toEqual([]);
  });

  it('reads identity feedback notifications (notificationType) and deliveries too', async () => {
    const identityBounce = { notificationType: 'Bounce', bounce: { bounceType: 'Permanent', bounceSubType: 'NoEmail', bouncedRecipients: [{ emailAddress: 'noone@example.com' }], timestamp: '2027-01-01T12:00:00.000Z', feedbackId: 'n1' }, mail: mail('noone@example.com') };
    const delivery = { eventType: 'Delivery', mail: mail('fine@example.com'), delivery: { timestamp: '2027-01-01T12:00:02.000Z', processingTimeMillis: 546, recipients: ['fine@example.com'], smtpResponse: '250 ok', reportingMTA: 'a8-70.smtp-out.amazonses.com' } };
    const r = await handleSnsMailEvents(h.deps, snsEvent(identityBounce, delivery));
    expect(r).toMatchObject({ records: 2, recorded: 2, suppressed: 1 });
    expect(await h.deps.mailStatus.get('noone@example.com')).toMatchObject({ suppressed: { reason: 'permanent-bounce' }, lastBounce: { subType: 'NoEmail' } });
    expect(await h.deps.mailStatus.get('fine@example.com')).toMatchObject({ deliveries: 1, lastDeliveryAt: '2027-01-01T12:00:02.000Z' });
    expect((await h.deps.mailStatus.get('fine@example.com'))?.suppressed).toBeUndefined();
  });

  it('skips what is not an SES record it tracks (malformed JSON, a Send event, a bounce without recipients) without failing', async () => {
    const r = await handleSnsMailEvents(h.deps, snsEvent('not json {', { eventType: 'Send', mail: mail('x@example.com'), send: {} }, { eventType: 'Bounce', bounce: { bounceType: 'Permanent' } }));
    expect(r).toEqual({ records: 2, skipped: 3, recorded: 0, suppressed: 0 });
    expect(await handleSnsMailEvents(h.deps, { nothing: true })).toEqual({ records: 0, skipped: 0, recorded: 0, suppressed: 0 });
  });

  it('two notifications for one address at once are both counted (the version condition makes one read again)', async () => {
    const a = 'busy@example.com';
    await Promise.all([
      handleSnsMailEvents(h.deps, snsEvent(bounce(a, 'Transient', '2027-01-01T10:00:00.000Z', 'r1'))),
      handleSnsMailEvents(h.deps, snsEvent(bounce(a, 'Transient', '2027-01-01T10:00:01.000Z', 'r2'))),
      handleSnsMailEvents(h.deps, snsEvent(bounce(a, 'Transient', '2027-01-01T10:00:02.000Z', 'r3'))),
    ]);
    expect(await h.deps.mailStatus.get(a)).toMatchObject({ bounces: 3, suppressed: { reason: 'transient-bounces' } });
  });
});

describe("the outbox stands in for SES's mailbox simulator", () => {
  it('mail to bounce@simulator.amazonses.com is kept, then bounces (the same record, the same use case); the next is not sent', async () => {
    await send('bounce@simulator.amazonses.com', 'To the simulator');
    expect(await h.deps.mailStatus.get('bounce@simulator.amazonses.com')).toMatchObject({ bounces: 1, suppressed: { reason: 'permanent-bounce' } });
    await send('bounce@simulator.amazonses.com', 'Again');
    expect(await outboxTo('bounce@simulator.amazonses.com')).toEqual(['To the simulator']);
    await send('complaint@simulator.amazonses.com', 'Complain');
    expect(await h.deps.mailStatus.get('complaint@simulator.amazonses.com')).toMatchObject({ complaints: 1, suppressed: { reason: 'complaint' } });
  });

  it("shows organisers the address's status next to each e-mail in the outbox", async () => {
    await send('ok@example.com', 'Fine');
    const r = await h.call('GET', `/api/dev/outbox?competitionId=${cid}`, people.organiser);
    expect(r.status).toBe(200);
    const byTo = new Map<string, string | undefined>(r.json.items.map((m: { to: string; mailStatus?: string }) => [m.to, m.mailStatus]));
    expect(byTo.get('bounce@simulator.amazonses.com')).toBe('suppressed');
    expect(byTo.get('full@example.com')).toBe('suppressed');
    expect(byTo.get('ok@example.com')).toBeUndefined();
    expect(r.json.items.find((m: { to: string }) => m.to === 'ok@example.com')).not.toHaveProperty('mailStatus');
  });
});

describe('the SES mailer', () => {
  it('names the configuration set, so that SES publishes the message\'s bounces and complaints', async () => {
    const ses = awsStandIn([200, '{"MessageId":"m-1"}'], () => ({ 'content-type': 'application/json' }));
    await ses.start();
    try {
      const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
      await sesMailer({ region: 'eu-west-1', endpoint: ses.endpoint, credentials: () => credentials }, 'podium@example.org', 'podium-mail').send({ competitionId: 'c', to: 'a@example.com', subject: 'S', text: 'T' });
      await sesMailer({ region: 'eu-west-1', endpoint: ses.endpoint, credentials: () => credentials }, 'podium@example.org').send({ competitionId: 'c', to: 'a@example.com', subject: 'S', text: 'T' });
      expect(JSON.parse(ses.received[0]!.body)).toMatchObject({ ConfigurationSetName: 'podium-mail', Destination: { ToAddresses: ['a@example.com'] } });
      expect(JSON.parse(ses.received[1]!.body)).not.toHaveProperty('ConfigurationSetName');
    } finally {
      await ses.stop();
    }
  });
});
