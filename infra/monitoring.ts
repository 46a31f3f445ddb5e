/**
 * Monitoring: CloudWatch alarms on what needs a person — the API answering 5xx, the API function
 * failing or throttled, the pitch processor failing, and S3 events given up on (messages in the
 * processor's on-failure queue). Every alarm, and its recovery, goes to one SNS topic, encrypted
 * with a key of its own (CloudWatch cannot publish to a topic under the AWS-managed SNS key); with
 * context `podium:alarmEmail`, that address is subscribed (it must confirm the subscription).
 *
 * The business metrics (namespace `Podium`: SubmissionsSubmitted, ReviewsSubmitted,
 * AwardsConfirmed, PitchesAccepted, PitchesRejected) come from the functions' EMF log lines and
 * need no resource here.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { IHttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { MathExpression, type Alarm, type IMetric, type Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { encryptedTopic, notifyingAlarm } from './alarms.ts';

export interface MonitoringProps {
  /** The HTTP API's stage that serves traffic ($default). */
  readonly apiStage: IHttpStage;
  /** The API's functions (one per area): their errors and throttles are summed. */
  readonly apiHandlers: IFunction[];
  readonly pitchProcessor: IFunction;
  readonly failedPitchEvents: IQueue;
  /** The job function (infra/jobs.ts) and its queue's dead-letter queue. */
  readonly jobRunner: IFunction;
  readonly jobDeadLetters: IQueue;
  /** Subscribed to the alarm topic by e-mail when given. */
  readonly alarmEmail?: string;
  /** 5xx answers in five minutes that raise the alarm. @default 3 */
  readonly api5xxThreshold?: number;
}

const FIVE_MINUTES = Duration.minutes(5);

export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: {
    readonly api5xx: Alarm;
    readonly apiErrors: Alarm;
    readonly apiThrottles: Alarm;
    readonly processorErrors: Alarm;
    readonly failedPitchEvents: Alarm;
    readonly jobErrors: Alarm;
    readonly jobDeadLetters: Alarm;
  };

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    // CloudWatch publishes alarm notifications to the topic, so it may use the topic's key (infra/alarms.ts).
    this.topic = encryptedTopic(this, 'AlarmTopic', { displayName: 'Podium alarms', keyDescription: 'Podium: encrypts alarm notifications (SNS topic)', publisher: 'cloudwatch.amazonaws.com' }).topic;
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const stackName = Stack.of(this).stackName;
    const alarm = (name: string, metric: IMetric, threshold: number, description: string) =>
      notifyingAlarm(this, name, { alarmName: `${stackName}-${name}`, description, metric, threshold, topic: this.topic });

    const api5xxThreshold = props.api5xxThreshold ?? 3;
    this.alarms = {
      api5xx: alarm(
        'Api5xx',
        props.apiStage.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
        api5xxThreshold,
        `The API answered ${api5xxThreshold} or more requests with 5xx in five minutes. The API function's log lines at level ERROR carry each one's request id (also in the 500 body people see).`,
      ),
      apiErrors: alarm(
        'ApiFunctionErrors',
        sumOf(props.apiHandlers.map((f) => f.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }))),
        1,
        'The API function failed an invocation (crashed or timed out) instead of answering: see its log group.',
      ),
      apiThrottles: alarm(
        'ApiFunctionThrottles',
        sumOf(props.apiHandlers.map((f) => f.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }))),
        1,
        "Lambda throttled the API function: the account's concurrency is used up, and callers got errors.",
      ),
      processorErrors: alarm(
        'PitchProcessorErrors',
        props.pitchProcessor.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        1,
        'The pitch processor failed on an uploaded video; Lambda retries it, then puts the event in the failed-pitch-events queue. See its log group (pitch and request ids on every line).',
      ),
      failedPitchEvents: alarm(
        'FailedPitchEvents',
        props.failedPitchEvents.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        1,
        'An uploaded pitch was given up on after retries: its S3 event waits in the failed-pitch-events queue (14 days). The entrant still sees "verifying". Fix the cause, then process it again (README, Operations).',
      ),
      jobErrors: alarm(
        'JobFunctionErrors',
        props.jobRunner.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        1,
        "The job function crashed or timed out on a delivery (a job's own failures are recorded on the job, not here). The job is retried from its last checkpoint; see the function's log group (job ids on every line).",
      ),
      jobDeadLetters: alarm(
        'JobDeadLetters',
        props.jobDeadLetters.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        1,
        'A job message was delivered too often and given up on: it waits in the job dead-letter queue (14 days) and its job shows as failed. Fix the cause; people can start the job again (README, Operations).',
      ),
    };
  }
}

/** One metric for several functions: the sum of theirs (a single function is its own metric). */
function sumOf(metrics: Metric[]): IMetric {
  if (metrics.length === 1) return metrics[0]!;
  const usingMetrics = Object.fromEntries(metrics.map((m, i) => [`m${i}`, m]));
  return new MathExpression({ expression: Object.keys(usingMetrics).join(' + '), usingMetrics, period: FIVE_MINUTES });
}
