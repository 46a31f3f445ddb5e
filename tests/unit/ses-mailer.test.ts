/**
 * The SES mailer sends SendEmail as one request it signs itself (aws4fetch). The SDK is the
 * reference: the SESv2 client's request for the same message (captured before it leaves) has the
 * same method, path and JSON body, and the SDK's SigV4 signer computes the signature ours carries.
 * A fake SES on loopback records what arrives and answers as SES does.
 */
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sesMailer } from '../../functions/adapters/mail/ses-mailer.ts';
import { awsStandIn, referenceSignature, signatureIn } from '../support/sigv4-reference.ts';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session+token/=' };
const FROM = 'programme@cluster.example';
const email = { competitionId: 'c-1', to: 'founder@sme.example', subject: 'Results of “Green Manufacturing” — you won', text: 'Dear team,\n\nCongratulations: 1st prize (€50,000).\n' };

const aws = awsStandIn([200, '{"MessageId":"m-1"}'], () => ({ 'content-type': 'application/json' }));
const { received, answers } = aws;
let endpoint: string;

beforeAll(async () => {
  await aws.start();
  endpoint = aws.endpoint;
});
afterAll(() => aws.stop());

/** The HTTP request the SDK's SESv2 client makes for the same message (never sent). */
async function sdkRequest() {
  let captured: { method: string; path: string; body: string | Uint8Array } | undefined;
  const ses = new SESv2Client({
    region: 'eu-west-1',
    credentials,
    requestHandler: {
      handle: async (req: { method: string; path: string; body: string | Uint8Array }) => {
        captured = req;
        return { response: { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Readable.from(['{"MessageId":"sdk"}']) } };
      },
    },
  });
  await ses.send(new SendEmailCommand({ FromEmailAddress: FROM, Destination: { ToAddresses: [email.to] }, Content: { Simple: { Subject: { Data: email.subject }, Body: { Text: { Data: email.text } } } } }));
  const { method, path, body } = captured!;
  return { method, path, body: typeof body === 'string' ? body : new TextDecoder().decode(body) };
}

describe('SES mailer', () => {
  it('sends the request the SDK sends, signed as the SDK signs it', async () => {
    // Prepare
    const at = new Date('2026-12-01T10:00:00Z');
    vi.useFakeTimers({ now: at, toFake: ['Date'] });
    try {
      // Act
      await sesMailer({ region: 'eu-west-1', endpoint, credentials: () => credentials }, FROM).send(email);
    } finally {
      vi.useRealTimers();
    }

    // Assess
    const r = received.at(-1)!;
    const sdk = await sdkRequest();
    expect(r.method).toBe(sdk.method);
    expect(r.url).toBe(sdk.path);
    expect(JSON.parse(r.body)).toEqual(JSON.parse(sdk.body));
    expect(r.headers['x-amz-security-token']).toBe(credentials.sessionToken);
    expect(String(r.headers.authorization)).toContain('/eu-west-1/ses/aws4_request');
    expect(signatureIn(r.headers)).toBe(await referenceSignature(r, { origin: endpoint, service: 'ses', region: 'eu-west-1', credentials, at }));
  });

  it('fails with SES’s reason when SES refuses the message', async () => {
    // Prepare
    answers.push([400, '{"message":"Email address is not verified."}', { 'x-amzn-errortype': 'MessageRejected:http://internal.amazon.com/' }]);

    // Act
    const outcome = sesMailer({ region: 'eu-west-1', endpoint, credentials: () => credentials }, FROM).send(email);

    // Assess
    await expect(outcome).rejects.toThrow('SES refused the message (400 MessageRejected): Email address is not verified.');
  });
});
