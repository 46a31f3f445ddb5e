/**
 * Template tests for mail feedback and the scheduler (infra/mail.ts, infra/announcements.ts): the
 * SES configuration set and its SNS event destination for bounces, complaints and deliveries, the
 * encrypted TLS-only topic SES may publish to, the subscribed Lambda and its least-privilege grants,
 * the alarms, the senders' configuration-set grant and environment; the scheduler's rule, target
 * and grants. Bundling is skipped.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodiumStack } from '../../infra/podium-stack.ts';
import { podiumApp, removeTempDirs } from './podium-app.ts';

type Resource = { Type: string; Properties: Record<string, any> };

afterAll(removeTempDirs);

let stack: PodiumStack;
let template: Template;
const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);
const resources = (type: string) => Object.entries(template.findResources(type) as Record<string, Resource>);
/** Every statement of the policies attached to a function's role. */
function statementsOf(fnLogicalId: string): { Action: string | string[]; Resource: unknown }[] {
  const fn = template.findResources('AWS::Lambda::Function')[fnLogicalId] as Resource;
  const role = fn.Properties.Role['Fn::GetAtt'][0];
  return resources('AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === role))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
}
const actionsOf = (fnLogicalId: string) => statementsOf(fnLogicalId).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

beforeAll(() => {
  ({ stack } = podiumApp());
  template = Template.fromStack(stack);
});

describe('SES configuration set', () => {
  it('publishes Bounce, Complaint and Delivery (nothing else) to the events topic, and keeps SES suppression on', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    const destinations = resources('AWS::SES::ConfigurationSetEventDestination');
    expect(destinations).toHaveLength(1);
    const d = destinations[0]![1].Properties;
    expect(d.ConfigurationSetName).toEqual({ Ref: id(stack.mail.configurationSet) });
    expect([...d.EventDestination.MatchingEventTypes].sort()).toEqual(['bounce', 'complaint', 'delivery']);
    expect(d.EventDestination.Enabled).toBe(true);
    expect(d.EventDestination.SnsDestination).toEqual({ TopicARN: { Ref: id(stack.mail.topic) } });
  });

  it("encrypts the topic with a rotated key SES may use, denies non-TLS publishing, and lets only this configuration set's SES publish", () => {
    const topic = template.findResources('AWS::SNS::Topic')[id(stack.mail.topic)] as Resource;
    const keyId = topic.Properties.KmsMasterKeyId['Fn::GetAtt'][0];
    const key = template.findResources('AWS::KMS::Key')[keyId] as Resource;
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({ Principal: { Service: 'ses.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
    );
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: id(stack.mail.topic) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'ses.amazonaws.com' }, Condition: { StringEquals: Match.objectLike({ 'AWS:SourceArn': Match.anyValue() }) } }),
        ]),
      },
    });
  });
});

describe('the mail-events function', () => {
  it('is subscribed to the topic (and SNS may invoke it)', () => {
    const fn = id(stack.mail.eventsFunction!);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda', TopicArn: { Ref: id(stack.mail.topic) }, Endpoint: { 'Fn::GetAtt': [fn, 'Arn'] } });
    template.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', Principal: 'sns.amazonaws.com', FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] }, SourceArn: { Ref: id(stack.mail.topic) } });
    template.hasResourceProperties('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('SES bounces'), Architectures: ['arm64'] });
  });

  it('may only read and write items of the table (no query, no scan, no delete, no index) and write its logs', () => {
    const fn = id(stack.mail.eventsFunction!);
    const table = id(stack.data.table);
    const dynamo = statementsOf(fn).filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
    expect(dynamo).toEqual([expect.objectContaining({ Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: { 'Fn::GetAtt': [table, 'Arn'] } })]);
    expect(actionsOf(fn).filter((a) => !a.startsWith('dynamodb:')).every((a) => a.startsWith('logs:'))).toBe(true);
  });

  it('alarms (to the alarm topic) when it fails and when the bounce rate reaches 5 %', () => {
    const alarmTopic = { Ref: id(stack.monitoring.topic) };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors', Namespace: 'AWS/Lambda', Dimensions: [{ Name: 'FunctionName', Value: { Ref: id(stack.mail.eventsFunction!) } }], Threshold: 1, AlarmActions: [alarmTopic], OKActions: [alarmTopic],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Reputation.BounceRate', Namespace: 'AWS/SES', Threshold: 0.05, Statistic: 'Maximum', AlarmActions: [alarmTopic] });
  });
});

describe('senders', () => {
  it('send through the configuration set: every function that may send names it and may use it', () => {
    const configSet = { Ref: id(stack.mail.configurationSet) };
    for (const fn of [...Object.values(stack.api.handlers), stack.jobs.function]) {
      const props = (template.findResources('AWS::Lambda::Function')[id(fn)] as Resource).Properties;
      expect(props.Environment.Variables.MAIL_CONFIGURATION_SET).toEqual(configSet);
      const grant = statementsOf(id(fn)).find((s) => JSON.stringify(s.Resource).includes('configuration-set'));
      expect(grant, id(fn)).toMatchObject({ Action: ['ses:SendEmail', 'ses:SendRawEmail'] });
      expect(JSON.stringify(grant!.Resource)).toContain(JSON.stringify(configSet));
    }
  });
});

describe('the scheduler', () => {
  it('runs every 15 minutes, invoking the scheduler function (retried twice)', () => {
    const fn = id(stack.scheduler.function);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fn, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2 } })],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] } });
    template.hasResourceProperties('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('reminders'), Timeout: 300 });
  });

  it('may read, batch-read, query (table and gsi2 only), put, update and delete items — no scan — and start jobs; it sends no mail', () => {
    const fn = id(stack.scheduler.function);
    const table = id(stack.data.table);
    const dynamo = statementsOf(fn).filter((s) => JSON.stringify(s.Action).includes('dynamodb:') && !JSON.stringify(s.Resource).includes('Stream'));
    const listed = dynamo.find((s) => (s.Action as string[]).includes('dynamodb:BatchGetItem'))!;
    expect([...(listed.Action as string[])].sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    expect(listed.Resource).toEqual([{ 'Fn::GetAtt': [table, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [table, 'Arn'] }, '/index/gsi2']] }]);
    const all = actionsOf(fn);
    expect(all).not.toContain('dynamodb:Scan');
    expect(all.some((a) => a.startsWith('ses:'))).toBe(false);
    expect(all).toContain('sqs:SendMessage');
  });
});

describe('issue 13: the dead-letter queue of the mail-events subscription, and one helper for topics and alarms', () => {
  it('keeps SES records SNS could not deliver in an encrypted, TLS-only queue (14 days), which SNS may send to', () => {
    const queue = id(stack.mail.eventDeadLetters!);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda', TopicArn: { Ref: id(stack.mail.topic) }, RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [queue, 'Arn'] } } });
    const q = template.findResources('AWS::SQS::Queue')[queue] as Resource;
    expect(q.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    const policies = resources('AWS::SQS::QueuePolicy').filter(([, p]) => JSON.stringify(p.Properties.Queues).includes(queue));
    const statements = policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Allow', Action: 'sqs:SendMessage', Principal: { Service: 'sns.amazonaws.com' }, Condition: { ArnEquals: { 'aws:SourceArn': { Ref: id(stack.mail.topic) } } } }));
  });

  it('alarms (to the alarm topic, both ways) when a record waits in the dead-letter queue', () => {
    const alarmTopic = { Ref: id(stack.monitoring.topic) };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id(stack.mail.eventDeadLetters!), 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [alarmTopic],
      OKActions: [alarmTopic],
      AlarmName: Match.stringLikeRegexp('-MailEventDeadLetters$'),
    });
  });

  it('builds both encrypted topics and every alarm alike (infra/alarms.ts): a rotated key per topic for its one publisher, TLS only, alarms told both ways', () => {
    for (const [topic, publisher] of [[stack.mail.topic, 'ses.amazonaws.com'], [stack.monitoring.topic, 'cloudwatch.amazonaws.com']] as const) {
      const t = template.findResources('AWS::SNS::Topic')[id(topic)] as Resource;
      const key = template.findResources('AWS::KMS::Key')[t.Properties.KmsMasterKeyId['Fn::GetAtt'][0]] as Resource;
      expect(key.Properties).toMatchObject({ EnableKeyRotation: true, PendingWindowInDays: 7 });
      expect(key.Properties.KeyPolicy.Statement).toContainEqual(expect.objectContaining({ Principal: { Service: publisher }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }));
    }
    for (const [, a] of resources('AWS::CloudWatch::Alarm')) {
      expect(a.Properties).toMatchObject({ EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
      expect(a.Properties.AlarmActions).toHaveLength(1);
      expect(a.Properties.OKActions).toEqual(a.Properties.AlarmActions);
    }
  });
});
