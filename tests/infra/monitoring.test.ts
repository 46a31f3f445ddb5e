/**
 * Template tests for operating Podium on AWS: the pitch processor's on-failure queue and retry
 * policy, the alarms and where they notify. Bundling is skipped.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodiumStack } from '../../infra/podium-stack.ts';
import { podiumApp, removeTempDirs } from './podium-app.ts';
import { API_AREAS } from '../../functions/app/api-area-of.ts';

type Resource = { Type: string; Properties: Record<string, any> };

afterAll(removeTempDirs);

let stack: PodiumStack;
let template: Template;
let ids: { queue: string; processor: string; apiHandlers: string[]; httpApi: string; topic: string; jobRunner: string; jobDeadLetters: string };

beforeAll(() => {
  // Prepare + Act
  ({ stack } = podiumApp());
  template = Template.fromStack(stack);
  const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);
  ids = {
    queue: id(stack.media.failedEvents),
    processor: id(stack.media.processor),
    apiHandlers: Object.values(stack.api.handlers).map(id),
    httpApi: id(stack.api.httpApi),
    topic: id(stack.monitoring.topic),
    jobRunner: id(stack.jobs.function),
    jobDeadLetters: id(stack.jobs.deadLetters),
  };
});

const resources = (type: string) => Object.entries(template.findResources(type) as Record<string, Resource>);

describe('pitch processor failures', () => {
  it('keeps failed S3 events 14 days in an encrypted, TLS-only queue', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: ids.queue }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('retries an event twice within an hour, then sends it to that queue (and may send there)', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: ids.processor },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [ids.queue, 'Arn'] } } },
    });
    const processorRole = (template.toJSON().Resources[ids.processor] as Resource).Properties.Role['Fn::GetAtt'][0];
    const sends = resources('AWS::IAM::Policy').filter(([, p]) =>
      p.Properties.Roles.some((r: { Ref: string }) => r.Ref === processorRole) &&
      p.Properties.PolicyDocument.Statement.some((s: any) => [s.Action].flat().includes('sqs:SendMessage') && JSON.stringify(s.Resource) === JSON.stringify({ 'Fn::GetAtt': [ids.queue, 'Arn'] })),
    );
    expect(sends).toHaveLength(1);
  });
});

describe('alarms', () => {
  it('watch API 5xx on the stage, API function errors and throttles, processor and job function errors, failed events and job dead letters', () => {
    // The mail construct's alarms (events function, bounce rate) are tests/infra/mail.test.ts's.
    const byMetric = resources('AWS::CloudWatch::Alarm').filter(([logicalId]) => !logicalId.startsWith('Mail')).map(([, a]) => a.Properties);
    expect(byMetric).toHaveLength(7);
    // An alarm watches one metric, or (for the API's functions, one per area) the sum of several.
    const metricsOf = (a: any): { Namespace: string; MetricName: string; Dimensions: unknown }[] =>
      a.Metrics ? a.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric) : [a];
    const find = (namespace: string, metric: string, dimension: Record<string, unknown>) =>
      byMetric.filter((a) => metricsOf(a).some((m) => m.Namespace === namespace && m.MetricName === metric && JSON.stringify(m.Dimensions).includes(JSON.stringify(dimension))));

    const [api5xx] = find('AWS/ApiGateway', '5xx', { Name: 'ApiId', Value: { Ref: ids.httpApi } });
    expect(api5xx).toMatchObject({ Statistic: 'Sum', Period: 300, Threshold: 3, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
    expect(api5xx!.Dimensions).toContainEqual({ Name: 'Stage', Value: '$default' });
    expect(ids.apiHandlers).toHaveLength(API_AREAS.length);
    for (const fn of ids.apiHandlers) {
      expect(find('AWS/Lambda', 'Errors', { Name: 'FunctionName', Value: { Ref: fn } })).toEqual([expect.objectContaining({ Threshold: 1 })]);
      expect(find('AWS/Lambda', 'Throttles', { Name: 'FunctionName', Value: { Ref: fn } })).toEqual([expect.objectContaining({ Threshold: 1 })]);
    }
    expect(find('AWS/Lambda', 'Errors', { Name: 'FunctionName', Value: { Ref: ids.processor } })).toEqual([expect.objectContaining({ Threshold: 1 })]);
    expect(find('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.queue, 'QueueName'] } })).toEqual([
      expect.objectContaining({ Threshold: 1, Statistic: 'Maximum' }),
    ]);
    expect(find('AWS/Lambda', 'Errors', { Name: 'FunctionName', Value: { Ref: ids.jobRunner } })).toEqual([expect.objectContaining({ Threshold: 1 })]);
    expect(find('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.jobDeadLetters, 'QueueName'] } })).toEqual([
      expect.objectContaining({ Threshold: 1, Statistic: 'Maximum' }),
    ]);
  });

  it('notify one topic on alarm and on recovery, with a description saying what to do', () => {
    for (const [, a] of resources('AWS::CloudWatch::Alarm')) {
      expect(a.Properties.AlarmActions).toEqual([{ Ref: ids.topic }]);
      expect(a.Properties.OKActions).toEqual([{ Ref: ids.topic }]);
      expect(String(a.Properties.AlarmDescription).length).toBeGreaterThan(40);
    }
  });

  it('publish to a topic encrypted with a rotated key that CloudWatch may use, TLS only', () => {
    // The mail events topic's key is tests/infra/mail.test.ts's.
    const keys = resources('AWS::KMS::Key').filter(([logicalId]) => !logicalId.startsWith('Mail'));
    expect(keys).toHaveLength(1);
    const [keyId, key] = keys[0]!;
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
    );
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: ids.topic }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('have no subscriber unless podium:alarmEmail names one', () => {
    // (The mail events topic's Lambda subscription is tests/infra/mail.test.ts's.)
    expect(Object.keys(template.findResources('AWS::SNS::Subscription', { Properties: { TopicArn: { Ref: ids.topic } } }))).toHaveLength(0);
    const { stack: withEmail } = podiumApp({ context: { 'podium:alarmEmail': 'ops@programme.example' } });
    Template.fromStack(withEmail).hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@programme.example',
      TopicArn: { Ref: withEmail.getLogicalId(withEmail.monitoring.topic.node.defaultChild as never) },
    });
  });
});
