/**
 * Lambda entry for the job function: fed by the job queue (SQS, batch size 1, partial batch
 * responses; infra/jobs.ts), it runs every kind of job (use-cases/job-handlers.ts) with up to 15
 * minutes per delivery; a longer job checkpoints and continues in a new delivery.
 */
import { loadConfig } from '../adapters/config.ts';
import { credentialsFromEnv } from '../adapters/aws-credentials.ts';
import { sqsJobQueue } from '../adapters/queue/sqs-job-queue.ts';
import { createJobEventHandler } from '../app/job-events.ts';
import { buildDeps } from '../composition-all.ts';
import { JOB_HANDLERS } from '../use-cases/job-handlers.ts';
import { instrumented } from './instrumented.ts';

const config = loadConfig();
const deps = buildDeps(config, { jobHandlers: JOB_HANDLERS });
if (!config.JOB_QUEUE_URL) throw new Error('The job function needs JOB_QUEUE_URL (set by infra/jobs.ts).');
const queue = sqsJobQueue({ region: config.AWS_REGION, credentials: () => credentialsFromEnv() }, config.JOB_QUEUE_URL);

export const handler = instrumented(
  createJobEventHandler(deps, JOB_HANDLERS, (receipt, seconds) => queue.changeVisibility(receipt, seconds)),
  deps.metrics,
);
