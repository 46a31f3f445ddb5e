/**
 * Jobs: long work (exports, and every later kind in functions/use-cases/job-handlers.ts) runs on a
 * function of its own, with up to 15 minutes per delivery, fed by an SQS queue the API functions
 * send job messages to. Each message names a job record in the table (its state and progress are
 * there, use-cases/jobs.ts); the function reports partial batch failures, so a retry or a job
 * whose runner is still alive keeps its message for later. A message delivered
 * `MAX_RECEIVES` times lands in the dead-letter queue (kept 14 days, alarmed in monitoring.ts).
 *
 * Exports are written under `exports/` in the pitch bucket (expired after a week) and downloaded
 * through presigned GETs the API signs, so the job function may write there and the API read.
 */
import path from 'node:path';
import { Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MAX_FAILURES } from '../functions/domain/job.ts';
import { EXPORT_PREFIX } from '../functions/adapters/s3/file-store.ts';
import { TABLE_ACTIONS } from './api.ts';
import { NodeLambda } from './lambda-function.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/** The job function's limit per delivery: Lambda's longest. */
export const JOB_TIMEOUT = Duration.minutes(15);

/**
 * Deliveries of one message before it goes to the dead-letter queue: the job's own failures
 * (MAX_FAILURES, each a redelivery after a backoff), plus room for deliveries that found the job
 * busy under another runner's lease, or found the table unreachable.
 */
export const MAX_RECEIVES = MAX_FAILURES + 5;

export interface JobsProps {
  readonly table: Table;
  readonly bucket: Bucket;
  /** The configuration the API runs with (table, bucket, auth, mail, web origin, cursor secret). */
  readonly environment: Record<string, string>;
  /** The functions that start jobs: they may send to the queue, and they get its URL. */
  readonly starters: IFunction[];
}

/** What the jobs function does to uploaded objects (besides exports): prefix, actions, what they are. */
const JOB_OBJECT_GRANTS: [prefix: string, actions: string[], what: string][] = [
  ['pitches/*', ['s3:DeleteObject'], 'Pitch object'],
  ['answer-files/*', ['s3:GetObject', 's3:DeleteObject'], 'Answer-file'],
  ['captions/*', ['s3:GetObject', 's3:DeleteObject'], 'Caption track'],
];

export class Jobs extends Construct {
  readonly queue: Queue;
  readonly deadLetters: Queue;
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "This queue is itself the job queue's dead-letter queue, read by an operator when its alarm fires.",
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's advice for a queue feeding Lambda: at least six times the function's timeout.
      visibilityTimeout: Duration.seconds(JOB_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: MAX_RECEIVES },
    });

    const environment = { ...props.environment, JOB_QUEUE_URL: this.queue.queueUrl };
    const lambda = new NodeLambda(this, 'Runner', {
      entry: path.join(REPO_ROOT, 'functions/lambda/jobs.ts'),
      description: 'Podium: runs jobs (exports, …) from the job queue',
      memorySize: 1769, // one full vCPU
      timeout: JOB_TIMEOUT,
      environment,
    });
    this.function = lambda.function;
    this.function.addEventSource(new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true }));
    // A continuation is a new message; a retry changes a received message's visibility.
    this.queue.grantSendMessages(this.function);
    lambda.role.addToPolicy(new PolicyStatement({ actions: ['sqs:ChangeMessageVisibility'], resources: [this.queue.queueArn] }));

    // Jobs read what a competition holds and write their records and results: the API's actions.
    props.table.grants.actions(this.function, ...TABLE_ACTIONS);

    Validations.of(lambda.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(props.table)}.Arn>/index/*]`,
      reason: "Queries on this table's own GSIs (from TABLE_KEYS) need their index ARNs; the wildcard covers only this table's indexes.",
    });
    props.bucket.grants.actionsOnObjectKeys(this.function, `${EXPORT_PREFIX}*`, 's3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload', 's3:DeleteObject');
    Validations.of(lambda.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(props.bucket)}.Arn>/${EXPORT_PREFIX}*]`,
      reason: 'Export files are named per job at runtime; written (in parts), read, and deleted when their person is erased — only under exports/ in this bucket.',
    });
    // Issue 14 §2/§3: the personal-data job reads a person's caption tracks and answer files into
    // their download, and erasure deletes those and their pitch videos: each under its own prefix.
    for (const [prefix, actions, what] of JOB_OBJECT_GRANTS) {
      props.bucket.grants.actionsOnObjectKeys(this.function, prefix, ...actions);
      Validations.of(lambda.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(props.bucket)}.Arn>/${prefix}]`,
        reason: `${what} keys are made per upload at runtime; the personal-data job may only ${actions.length > 1 ? 'read and delete' : 'delete'} them, and only under ${prefix.slice(0, -2)}/ in this bucket.`,
      });
    }

    for (const starter of props.starters) {
      this.queue.grantSendMessages(starter);
      // The API signs download links for finished exports.
      props.bucket.grants.actionsOnObjectKeys(starter, `${EXPORT_PREFIX}*`, 's3:GetObject');
      const role = (starter as NodejsFunction).role;
      if (role)
        Validations.of(role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(props.bucket)}.Arn>/${EXPORT_PREFIX}*]`,
          reason: 'Download links for export files, named per job at runtime: read only, only under exports/ in this bucket.',
        });
      (starter as NodejsFunction).addEnvironment?.('JOB_QUEUE_URL', this.queue.queueUrl);
    }
  }
}

function logicalIdOf(construct: Construct): string {
  const resource = construct.node.defaultChild as CfnElement;
  return Stack.of(construct).getLogicalId(resource);
}
