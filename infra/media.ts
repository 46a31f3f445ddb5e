/**
 * Media: the pitch processor. When a pitch video lands in the bucket (a completed multipart
 * upload), S3 notifies this Lambda, which checks the real size, sniffs the container, reads the
 * duration with ranged GETs, and marks the pitch ready or rejected (deleting rejected objects).
 * It gets only what that takes: read and delete pitch objects; get, put and update items.
 *
 * S3 invokes it asynchronously: a failed event is retried twice (processing is idempotent), and
 * one that still fails, or waited too long, lands in an encrypted on-failure queue, kept 14 days,
 * with the original S3 event to process again by hand (see README, Operations).
 */
import path from 'node:path';
import { Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { EventType, type Bucket } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { NodeLambda } from './lambda-function.ts';
import { ANSWER_FILE_PREFIX } from './malware-scan.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/** Where pitch videos live in the bucket (see pitchObjectKey in functions/domain/pitch.ts). */
export const PITCH_PREFIX = 'pitches/';

export interface MediaProps {
  readonly table: Table;
  readonly pitchVideos: Bucket;
  readonly issuer: string;
  readonly audience: string;
  readonly cursorSecret: ISecret;
}

export class Media extends Construct {
  readonly processor: NodejsFunction;
  /** S3 events the processor failed on after its retries (or too old to try): the alarm watches it. */
  readonly failedEvents: Queue;

  constructor(scope: Construct, id: string, props: MediaProps) {
    super(scope, id);
    const lambda = new NodeLambda(this, 'PitchProcessor', {
      entry: path.join(REPO_ROOT, 'functions/lambda/pitch-processor.ts'),
      description: 'Podium: verifies uploaded pitch videos (size, container, duration)',
      memorySize: 512,
      timeout: Duration.seconds(60),
      environment: {
        TABLE_NAME: props.table.tableName,
        BUCKET_NAME: props.pitchVideos.bucketName,
        // The shared configuration asks for these; the processor verifies no tokens.
        AUTH_ISSUER: props.issuer,
        AUTH_AUDIENCE: props.audience,
        CURSOR_SECRET: props.cursorSecret.secretValue.unsafeUnwrap(),
        // Answer files of competitions that ask for a scan wait for GuardDuty's verdict (infra/malware-scan.ts).
        MALWARE_SCAN: 'guardduty',
      },
    });
    this.processor = lambda.function;

    this.failedEvents = new Queue(this, 'FailedPitchEvents', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failedEvents).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "This queue is itself the dead-letter store: the pitch processor's on-failure destination, read by an operator when its alarm fires. Nothing consumes it, so it needs no queue behind it.",
    });
    // Transient failures (throttling, a DynamoDB hiccup) clear within Lambda's two retries (after
    // about one and three minutes); an event still waiting after an hour helps nobody watching
    // their pitch say "verifying": to the queue, and the alarm (infra/monitoring.ts).
    this.processor.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      onFailure: new SqsDestination(this.failedEvents),
    });
    // Items on the table itself only (no index, no Query): a statement of our own, not a grant
    // helper that would add the indexes.
    lambda.role.addToPolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [props.table.tableArn],
      }),
    );
    props.pitchVideos.grants.actionsOnObjectKeys(this.processor, `${PITCH_PREFIX}*`, 's3:GetObject', 's3:DeleteObject');
    Validations.of(lambda.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(props.pitchVideos)}.Arn>/${PITCH_PREFIX}*]`,
      reason: 'Pitch object keys are created per upload at runtime; read and delete only, and only under pitches/ in this bucket.',
    });

    props.pitchVideos.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(this.processor), {
      prefix: PITCH_PREFIX,
    });
    // Issue 14 §3: answer files arrive by presigned POST and are judged by the same function
    // (functions/app/pitch-events.ts); their malware scan is GuardDuty's (infra/malware-scan.ts).
    props.pitchVideos.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(this.processor), { prefix: ANSWER_FILE_PREFIX });
    props.pitchVideos.grants.actionsOnObjectKeys(this.processor, `${ANSWER_FILE_PREFIX}*`, 's3:GetObject', 's3:DeleteObject');
    Validations.of(lambda.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(props.pitchVideos)}.Arn>/${ANSWER_FILE_PREFIX}*]`,
      reason: 'Answer-file keys are created per upload at runtime; read and delete only, and only under answer-files/ in this bucket.',
    });
    // The notification is configured by a CDK-provided custom resource handler.
    const stack = Stack.of(this);
    const notificationsHandler = stack.node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
    const handlerRole = notificationsHandler?.node.tryFindChild('Role');
    if (!handlerRole) throw new Error('Bucket-notifications handler role not found: has aws-cdk-lib renamed it?');
    Validations.of(handlerRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: "CDK's own bucket-notifications handler (deploy time only, sets this bucket's notification) comes with AWSLambdaBasicExecutionRole; aws-cdk-lib offers no way to replace it.",
    });
  }
}

function logicalIdOf(construct: Construct): string {
  const resource = construct.node.defaultChild as CfnElement;
  return Stack.of(construct).getLogicalId(resource);
}
