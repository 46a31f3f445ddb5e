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
 * Alarms (to the alarm topic): the events function failing (a record not recorded: SNS retries it
 * twice, then it is lost), and the account's bounce rate reaching 5 % (SES reviews accounts from
 * 5 % and may pause sending at 10 %).
 */
import path from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { ConfigurationSet, EmailSendingEvent, EventDestination, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
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
  readonly alarms: { eventErrors?: Alarm; bounceRate?: Alarm } = {};

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const key = new Key(this, 'EventsTopicKey', {
      description: 'Podium: encrypts SES bounce, complaint and delivery records (SNS topic)',
      enableKeyRotation: true,
      // Protects records in transit through SNS only: nothing stored needs it later.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // SES publishes to the encrypted topic, so it needs the key.
    key.grant(new ServicePrincipal('ses.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'EventsTopic', { displayName: 'Podium mail events (SES)', masterKey: key, enforceSSL: true });
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
    this.topic.addSubscription(new LambdaSubscription(fn));

    const stackName = Stack.of(this).stackName;
    const errors = new Alarm(this, 'EventsHandlerErrors', {
      alarmName: `${stackName}-MailEventErrors`,
      alarmDescription: "The mail-events function failed on SES records (SNS retries twice, then they are lost): bounces or complaints may be unrecorded. See the function's log group.",
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const bounceRate = new Alarm(this, 'BounceRate', {
      alarmName: `${stackName}-MailBounceRate`,
      alarmDescription: "The account's SES bounce rate reached 5 % (SES reviews accounts from 5 % and may pause sending at 10 %). The outbox and invitation lists show which addresses bounced.",
      metric: new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', period: Duration.hours(1), statistic: 'Maximum' }),
      threshold: 0.05,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    for (const a of [errors, bounceRate]) {
      a.addAlarmAction(new SnsAction(props.alarmTopic));
      a.addOkAction(new SnsAction(props.alarmTopic));
    }
    Object.assign(this.alarms, { eventErrors: errors, bounceRate });
    return fn;
  }
}
