/**
 * SQS messages → runJob. On AWS the job queue feeds the job Lambda (functions/lambda/jobs.ts)
 * through an event source mapping that reports partial batch failures; locally the in-process
 * queue calls runJob itself, and the AWS-shaped tier delivers the same SQS events to this very
 * handler in the bundled job function.
 *
 * What each outcome does to the message:
 *   succeeded, failed, continued (a new message was sent), skipped → deleted (reported as done);
 *   retry → kept, visible again after the backoff runJob asks for;
 *   busy (another runner's lease is still running) → kept, visible again when that lease ends,
 *     so a runner that crashed is taken over instead of its job being stranded;
 *   runJob threw (the store unreachable) → kept, redelivered after the visibility timeout.
 * A message redelivered too often goes to the dead-letter queue, which has an alarm.
 */
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { log } from '../adapters/logger.ts';
import { parseJobMessage } from '../adapters/queue/sqs-job-queue.ts';
import { runJob, type JobHandlers } from '../use-cases/jobs.ts';
import type { Ports } from '../use-cases/ports.ts';

/** Makes a received message visible again after `seconds`. */
export type ChangeVisibility = (receiptHandle: string, seconds: number) => Promise<void>;

/** SQS's longest visibility timeout is 12 h; a retry or lease wait is far shorter. */
const MAX_WAIT_SECONDS = 43_200;

export function createJobEventHandler(ports: Ports, handlers: JobHandlers, changeVisibility: ChangeVisibility) {
  return async (event: SQSEvent, context?: { getRemainingTimeInMillis?: () => number; awsRequestId?: string }): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchItemFailure[] = [];
    const keep = async (messageId: string, receiptHandle: string, waitMs: number) => {
      batchItemFailures.push({ itemIdentifier: messageId });
      try {
        await changeVisibility(receiptHandle, Math.min(MAX_WAIT_SECONDS, Math.ceil(waitMs / 1000)));
      } catch (err) {
        // The message comes back after the queue's own visibility timeout instead.
        log.warn('could not schedule the job message', { messageId, reason: (err as Error).message });
      }
    };
    for (const record of event.Records ?? []) {
      const ref = parseJobMessage(record.body);
      if (!ref) {
        log.warn('dropped a message that names no job', { messageId: record.messageId });
        continue;
      }
      const recordLog = log.child({ requestId: context?.awsRequestId, jobId: ref.jobId, competitionId: ref.competitionId });
      try {
        const result = await runJob(ports, handlers, ref, { timeLeftMs: context?.getRemainingTimeInMillis?.bind(context) });
        recordLog.info('job delivery handled', { outcome: result.outcome });
        if (result.outcome === 'retry') {
          recordLog.warn('job attempt failed; retrying', { delayMs: result.delayMs, reason: (result.error as Error)?.message });
          await keep(record.messageId, record.receiptHandle, result.delayMs);
        } else if (result.outcome === 'busy') {
          await keep(record.messageId, record.receiptHandle, result.leaseLeftMs + 1_000);
        } else if (result.outcome === 'failed' && result.error) {
          recordLog.error('job failed', {}, result.error);
        }
      } catch (err) {
        recordLog.error('job delivery failed', {}, err);
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}
