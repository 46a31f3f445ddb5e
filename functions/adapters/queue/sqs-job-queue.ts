/**
 * The job queue on AWS: SQS, reached with SQS's JSON protocol (`X-Amz-Target:
 * AmazonSQS.SendMessage`) in one SigV4-signed request (aws4fetch, as for S3 and SES) instead of
 * the SQS SDK client. The job Lambda consumes it (event source mapping, batch size 1;
 * infra/jobs.ts); a message that keeps failing goes to the dead-letter queue, which has an alarm.
 * The request is the SDK's (tests/unit/sqs-job-queue.test.ts checks its signature against the
 * SDK's signer).
 */
import { AwsClient } from 'aws4fetch';
import type { JobRef } from '../../domain/job.ts';
import type { JobQueue } from '../../use-cases/ports.ts';
import type { AwsCredentials } from '../aws-credentials.ts';

export interface SqsTarget {
  region: string;
  credentials: () => AwsCredentials | Promise<AwsCredentials>;
  /** Signing time (tests fix it). @default now */
  now?: () => Date;
}

/** A job's message: its address, nothing else (the job item holds the rest). */
export function jobMessage(ref: JobRef): string {
  return JSON.stringify({ competitionId: ref.competitionId, jobId: ref.jobId });
}

/** The address in a message body, or undefined when the body is not a job message. */
export function parseJobMessage(body: string): JobRef | undefined {
  try {
    const m = JSON.parse(body) as Partial<JobRef>;
    if (typeof m.competitionId === 'string' && typeof m.jobId === 'string' && m.competitionId && m.jobId) return { competitionId: m.competitionId, jobId: m.jobId };
  } catch {
    // not JSON
  }
  return undefined;
}

export interface SqsJobQueue extends JobQueue {
  /** Makes a received message visible again after `seconds` (how the job function schedules a retry). */
  changeVisibility(receiptHandle: string, seconds: number): Promise<void>;
}

export function sqsJobQueue(target: SqsTarget, queueUrl: string): SqsJobQueue {
  const signingKeys = new Map<string, ArrayBuffer>();
  // The queue URL's host is the endpoint (the SDK's `useQueueUrlAsEndpoint`): SQS in the queue's
  // region on AWS, the local emulation's address in the AWS-shaped tier.
  const endpoint = `${new URL(queueUrl).origin}/`;

  async function call(action: 'SendMessage' | 'ChangeMessageVisibility', body: Record<string, unknown>): Promise<void> {
    const client = new AwsClient({ ...(await target.credentials()), service: 'sqs', region: target.region, cache: signingKeys, retries: 2 });
    const r = await client.fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `AmazonSQS.${action}` },
      body: JSON.stringify({ QueueUrl: queueUrl, ...body }),
      aws: { datetime: target.now?.().toISOString().replace(/[:-]|\.\d{3}/g, '') },
    });
    if (!r.ok) {
      const answer = (await r.json().catch(() => ({}))) as { __type?: string; message?: string; Message?: string };
      const type = (answer.__type ?? r.headers.get('x-amzn-errortype') ?? `HTTP${r.status}`).split('#').pop()!.split(':')[0];
      throw new Error(`SQS refused ${action} (${r.status} ${type}): ${answer.message ?? answer.Message ?? r.statusText}`);
    }
    await r.body?.cancel();
  }

  return {
    async enqueue(ref, options) {
      const delay = Math.max(0, Math.min(900, Math.round(options?.delaySeconds ?? 0)));
      await call('SendMessage', { MessageBody: jobMessage(ref), ...(delay > 0 ? { DelaySeconds: delay } : {}) });
    },
    async changeVisibility(receiptHandle, seconds) {
      await call('ChangeMessageVisibility', { ReceiptHandle: receiptHandle, VisibilityTimeout: Math.max(0, Math.min(43_200, Math.round(seconds))) });
    },
  };
}
