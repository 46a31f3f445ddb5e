/**
 * The SQS job queue sends SendMessage and ChangeMessageVisibility as single requests it signs
 * itself (aws4fetch), in SQS's JSON protocol as the SDK sends them: POST to the queue URL's host,
 * `X-Amz-Target: AmazonSQS.<Action>`, `application/x-amz-json-1.0`, the queue URL in the body.
 * The SDK's SigV4 signer is the reference: for the request as it arrived, it computes the
 * signature ours carries. A fake SQS on loopback records what arrives and answers as SQS does.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jobMessage, parseJobMessage, sqsJobQueue } from '../../functions/adapters/queue/sqs-job-queue.ts';
import { awsStandIn, referenceSignature, signatureIn, type ReceivedRequest } from '../support/sigv4-reference.ts';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'IQoJb3JpZ2luX2VjE+token/with=chars' };
const REGION = 'eu-west-1';
const AT = new Date('2026-12-01T10:00:00Z');
const ref = { competitionId: '01JCOMP', jobId: '01JJOB' };

const aws = awsStandIn([200, '{"MessageId":"5fea7756-0ea4-451a-a703-a558b933e274","MD5OfMessageBody":"x"}'], (n) => ({ 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `req-${n}` }));
const { received, answers } = aws;
let endpoint: string;
let queueUrl: string;

beforeAll(async () => {
  await aws.start();
  endpoint = aws.endpoint;
  queueUrl = `${endpoint}/123456789012/podium-jobs`;
});
afterAll(() => aws.stop());
beforeEach(() => {
  received.length = 0;
  answers.length = 0;
});

const queue = () => sqsJobQueue({ region: REGION, credentials: () => credentials, now: () => AT }, queueUrl);

/** The request is SQS's JSON protocol, signed as the SDK signs it. */
async function expectSignedSqsRequest(r: ReceivedRequest, action: string) {
  expect(r.method).toBe('POST');
  expect(r.url).toBe('/');
  expect(r.headers['content-type']).toBe('application/x-amz-json-1.0');
  expect(r.headers['x-amz-target']).toBe(`AmazonSQS.${action}`);
  expect(r.headers['x-amz-date']).toBe('20261201T100000Z');
  expect(r.headers['x-amz-security-token']).toBe(credentials.sessionToken);
  const authorization = String(r.headers.authorization);
  expect(authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261201\/eu-west-1\/sqs\/aws4_request, SignedHeaders=/);
  // What the signature must cover: the host and every x-amz-* header (the action among them).
  // (aws4fetch leaves Content-Type unsigned, as SigV4 allows; the body's hash covers the body.)
  const signed = /SignedHeaders=([^,]+)/.exec(authorization)![1]!.split(';');
  expect(signed).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'x-amz-security-token', 'x-amz-target']));
  expect(signatureIn(r.headers)).toBe(await referenceSignature(r, { origin: endpoint, service: 'sqs', region: REGION, credentials, at: AT }));
}

describe('the SQS job queue', () => {
  it("sends SendMessage with the job's address as the body, signed as the SDK signs it", async () => {
    await queue().enqueue(ref);

    expect(received).toHaveLength(1);
    const r = received[0]!;
    await expectSignedSqsRequest(r, 'SendMessage');
    expect(JSON.parse(r.body)).toStrictEqual({ QueueUrl: queueUrl, MessageBody: '{"competitionId":"01JCOMP","jobId":"01JJOB"}' });
  });

  it("sends a delay as SQS takes it: whole seconds, at most 900, none when zero", async () => {
    const q = queue();
    await q.enqueue(ref, { delaySeconds: 4.6 });
    await q.enqueue(ref, { delaySeconds: 3_600 });
    await q.enqueue(ref, { delaySeconds: 0 });

    expect(received.map((r) => JSON.parse(r.body).DelaySeconds)).toEqual([5, 900, undefined]);
    for (const r of received) await expectSignedSqsRequest(r, 'SendMessage');
  });

  it('sends ChangeMessageVisibility for a received message, signed as the SDK signs it', async () => {
    const q = queue();
    const receipt = 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a+/receipt==';
    await q.changeVisibility(receipt, 20);
    await q.changeVisibility(receipt, 100_000);
    await q.changeVisibility(receipt, 0.4);

    expect(received.map((r) => JSON.parse(r.body))).toStrictEqual([
      { QueueUrl: queueUrl, ReceiptHandle: receipt, VisibilityTimeout: 20 },
      // SQS's longest: 12 hours.
      { QueueUrl: queueUrl, ReceiptHandle: receipt, VisibilityTimeout: 43_200 },
      { QueueUrl: queueUrl, ReceiptHandle: receipt, VisibilityTimeout: 0 },
    ]);
    for (const r of received) await expectSignedSqsRequest(r, 'ChangeMessageVisibility');
  });

  it("fails with SQS's error type and message when SQS refuses", async () => {
    answers.push([400, '{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}']);

    await expect(queue().enqueue(ref)).rejects.toThrow('SQS refused SendMessage (400 QueueDoesNotExist): The specified queue does not exist.');
    expect(received).toHaveLength(1);
  });

  it('takes the error type from the header when the body has none', async () => {
    answers.push([403, 'not json', { 'x-amzn-errortype': 'AccessDenied:http://internal.amazon.com/' }]);

    await expect(queue().changeVisibility('r', 5)).rejects.toThrow(/^SQS refused ChangeMessageVisibility \(403 AccessDenied\)/);
  });

  it('tries again after a server error, and succeeds', async () => {
    answers.push([500, '{"__type":"com.amazonaws.sqs#InternalError","message":"Internal error"}']);

    await queue().enqueue(ref);

    expect(received).toHaveLength(2);
    expect(received[1]!.body).toBe(received[0]!.body);
    await expectSignedSqsRequest(received[1]!, 'SendMessage');
  });
});

describe('job messages', () => {
  it('carry the address and nothing else, and read back', () => {
    expect(parseJobMessage(jobMessage(ref))).toEqual(ref);
    expect(parseJobMessage(jobMessage({ ...ref, extra: 'x' } as typeof ref))).toEqual(ref);
    expect(JSON.parse(jobMessage({ ...ref, extra: 'x' } as typeof ref))).toEqual(ref);
  });

  it('are refused when they name no job', () => {
    for (const body of ['', 'hello', 'null', '[]', '{}', '{"competitionId":"c"}', '{"competitionId":"c","jobId":""}', '{"competitionId":1,"jobId":"j"}'])
      expect(parseJobMessage(body)).toBeUndefined();
  });
});
