/**
 * Mail feedback (issue 13 §4): every e-mail goes out through one SES configuration set, whose event
 * destination publishes Bounce, Complaint and Delivery records to an SNS topic (encrypted with a
 * key of its own, which SES may use, TLS only); a small Lambda subscribed to the topic
 * (functions/lambda/mail-events.ts) records them per address and suppresses addresses that bounce
 * for good, complain, or bounce again and again (use-cases/mail-events.ts), so nothing is sent to
 * them again. SES's own account-level suppression is kept on too (bounces and complaints).
 *
 * Two steps, because the API's configuration names the configuration set and the Lambda runs with
 * the API's configuration: `new Mail(...)` before the API, `mail.handleEvents(...)` after it.
 *
 * A record SNS could not deliver to the function (it retries, then gives up) waits in the
 * subscription's dead-letter queue (14 days) instead of being lost.
 *
 * Alarms (to the alarm topic; the topic, its key and the alarms are built as monitoring's are:
 * infra/alarms.ts): the events function failing, a record in the dead-letter queue (a bounce or
 * complaint not recorded), and the account's bounce rate reaching 5 % (SES reviews accounts from
 * 5 % and may pause sending at 10 %).
 */
import path from 'node:path';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Metric, type Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { ConfigurationSet, EmailSendingEvent, EventDestination, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import type { ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { encryptedTopic, notifyingAlarm } from './alarms.ts';
import { NodeLambda } from './lambda-function.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/** The sending events Podium records (Send, Open, Click… are not published). */
export const PUBLISHED_MAIL_EVENTS = [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.DELIVERY] as const;

export interface MailEventsProps {
  readonly table: Table;
  /** The configuration the API runs with (the table, and the rest buildDeps reads). */
  readonly environment: Record<string, string>;
  /** Where the alarms notify (infra/monitoring.ts). */
  readonly alarmTopic: ITopic;
}

export class Mail extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly topic: Topic;
  /** The events function, once `handleEvents` made it. */
  eventsFunction?: NodejsFunction;
  /** SES records SNS could not deliver to the events function, once `handleEvents` made it. */
  eventDeadLetters?: Queue;
  readonly alarms: { eventErrors?: Alarm; eventDeadLetters?: Alarm; bounceRate?: Alarm } = {};

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    // SES publishes to the encrypted topic, so it may use the topic's key (infra/alarms.ts).
    this.topic = encryptedTopic(this, 'EventsTopic', { displayName: 'Podium mail events (SES)', keyDescription: 'Podium: encrypts SES bounce, complaint and delivery records (SNS topic)', publisher: 'ses.amazonaws.com' }).topic;
    // Also lets SES publish (a topic policy for ses.amazonaws.com, this configuration set only).
    this.configurationSet.addEventDestination('ToTopic', {
      destination: EventDestination.snsTopic(this.topic),
      events: [...PUBLISHED_MAIL_EVENTS],
    });
  }

  /**
   * Lets `grantee` send through the configuration set (SES checks it as well as the identity when
   * a message names one; it grants no sending by itself).
   */
  grantSend(grantee: IGrantable): void {
    const stack = Stack.of(this);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName })],
      }),
    );
  }

  /** The subscribed Lambda that records the events, and the alarms. */
  handleEvents(props: MailEventsProps): NodejsFunction {
    const lambda = new NodeLambda(this, 'EventsHandler', {
      entry: path.join(REPO_ROOT, 'functions/lambda/mail-events.ts'),
      description: 'Podium: records SES bounces, complaints and deliveries; suppresses addresses',
      timeout: Duration.seconds(30),
      environment: props.environment,
    });
    const fn = lambda.function;
    this.eventsFunction = fn;
    // Reads and writes mail-status items (GetItem, a conditional PutItem) and nothing else.
    lambda.role.addToPolicy(new PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: [props.table.tableArn] }));
    // Records SNS cannot hand to the function (it retries, then gives up) wait here, not lost.
    // SQS-managed encryption: SNS may send to it without a key grant; the subscription adds the queue policy.
    const deadLetters = new Queue(this, 'EventDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the SNS subscription of the mail-events function, read by an operator when its alarm fires.',
    });
    this.eventDeadLetters = deadLetters;
    this.topic.addSubscription(new LambdaSubscription(fn, { deadLetterQueue: deadLetters }));

    const stackName = Stack.of(this).stackName;
    const alarm = (id: string, name: string, metric: Metric, threshold: number, description: string) =>
      notifyingAlarm(this, id, { alarmName: `${stackName}-${name}`, description, metric, threshold, topic: props.alarmTopic });
    Object.assign(this.alarms, {
      eventErrors: alarm(
        'EventsHandlerErrors',
        'MailEventErrors',
        fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        1,
        "The mail-events function failed on SES records (they are retried, then kept in the mail-event dead-letter queue): bounces or complaints may be unrecorded. See the function's log group.",
      ),
      eventDeadLetters: alarm(
        'EventDeadLettersAlarm',
        'MailEventDeadLetters',
        deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        1,
        'SNS gave up delivering SES records (bounces, complaints) to the mail-events function: they wait in the mail-event dead-letter queue (14 days) and those addresses are not suppressed yet. Fix the cause, then feed the messages to the function again (README, Operations).',
      ),
      bounceRate: alarm(
        'BounceRate',
        'MailBounceRate',
        new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', period: Duration.hours(1), statistic: 'Maximum' }),
        0.05,
        "The account's SES bounce rate reached 5 % (SES reviews accounts from 5 % and may pause sending at 10 %). The outbox and invitation lists show which addresses bounced.",
      ),
    });
    return fn;
  }
}
