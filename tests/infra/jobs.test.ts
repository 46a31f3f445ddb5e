/**
 * Template tests for the job infrastructure (infra/jobs.ts): the queue, its dead-letter queue,
 * the job function fed by it, and what the API functions may do with it. Bundling is skipped.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILURES } from '../../functions/domain/job.ts';
import type { PodiumStack } from '../../infra/podium-stack.ts';
import { podiumApp, removeTempDirs } from './podium-app.ts';

type Resource = { Type: string; Properties: Record<string, any> };

afterAll(removeTempDirs);

let stack: PodiumStack;
let resources: Record<string, Resource>;
const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);

beforeAll(() => {
  ({ stack } = podiumApp());
  resources = Template.fromStack(stack).toJSON().Resources;
});

/** Every statement of the IAM policies attached to a function's role. */
function statementsOf(functionId: string): { Action: string | string[]; Resource: unknown }[] {
  const role = resources[functionId]!.Properties.Role['Fn::GetAtt'][0];
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: { Ref: string }) => x.Ref === role))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}
const allows = (functionId: string, action: string, resource: unknown) =>
  statementsOf(functionId).some((s) => [s.Action].flat().includes(action) && JSON.stringify([s.Resource].flat()).includes(JSON.stringify(resource)));

describe('the job queue', () => {
  it('feeds the job function one message at a time, with partial batch failures', () => {
    const queue = id(stack.jobs.queue);
    const mappings = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [queue, 'Arn'] },
      FunctionName: { Ref: id(stack.jobs.function) },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('gives up on a message after the job has had all its attempts, into an encrypted dead-letter queue kept 14 days', () => {
    const queue = resources[id(stack.jobs.queue)]!.Properties;
    const dlq = resources[id(stack.jobs.deadLetters)]!.Properties;
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [id(stack.jobs.deadLetters), 'Arn'] }, maxReceiveCount: expect.any(Number) });
    expect(queue.RedrivePolicy.maxReceiveCount).toBeGreaterThan(MAX_FAILURES);
    expect(dlq).toMatchObject({ MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true });
    // Lambda's advice: the visibility timeout at least six times the function's timeout.
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * resources[id(stack.jobs.function)]!.Properties.Timeout);
  });
});

describe('the job function', () => {
  it('may run for 15 minutes, with the API configuration and the queue URL', () => {
    const fn = resources[id(stack.jobs.function)]!.Properties;
    expect(fn.Timeout).toBe(900);
    expect(fn.Environment.Variables).toMatchObject({ JOB_QUEUE_URL: { Ref: id(stack.jobs.queue) }, TABLE_NAME: { Ref: id(stack.data.table) } });
  });

  it('may continue and delay its own messages, and write exports only under exports/', () => {
    const fn = id(stack.jobs.function);
    const queueArn = { 'Fn::GetAtt': [id(stack.jobs.queue), 'Arn'] };
    expect(allows(fn, 'sqs:SendMessage', queueArn)).toBe(true);
    expect(allows(fn, 'sqs:ChangeMessageVisibility', queueArn)).toBe(true);
    const puts = statementsOf(fn).filter((s) => [s.Action].flat().includes('s3:PutObject'));
    expect(puts).toHaveLength(1);
    expect(JSON.stringify(puts[0]!.Resource)).toContain('/exports/*');
    // Issue 14 §2/§3: a person's download reads their caption tracks and answer files; erasure deletes
    // those, their pitch videos and their earlier downloads — under those prefixes only.
    const prefixesFor = (action: string) => statementsOf(fn).filter((s) => [s.Action].flat().includes(action)).flatMap((s) => JSON.stringify(s.Resource).match(/\/[a-z-]+\/\*/g) ?? []).sort();
    expect(prefixesFor('s3:DeleteObject')).toEqual(['/answer-files/*', '/captions/*', '/exports/*', '/pitches/*']);
    expect(prefixesFor('s3:GetObject')).toEqual(['/answer-files/*', '/captions/*', '/exports/*']);
  });
});

describe('the API functions', () => {
  it('each know the queue and may send to it, and may read (sign links to) exports', () => {
    const queueArn = { 'Fn::GetAtt': [id(stack.jobs.queue), 'Arn'] };
    for (const handler of Object.values(stack.api.handlers)) {
      const fn = id(handler);
      expect(resources[fn]!.Properties.Environment.Variables.JOB_QUEUE_URL).toEqual({ Ref: id(stack.jobs.queue) });
      expect(allows(fn, 'sqs:SendMessage', queueArn)).toBe(true);
      const reads = statementsOf(fn).filter((s) => [s.Action].flat().includes('s3:GetObject') && JSON.stringify(s.Resource).includes('/exports/*'));
      expect(reads).toHaveLength(1);
    }
  });

  it('expires export files after a week', () => {
    const bucket = resources[id(stack.data.pitchVideos)]!.Properties;
    expect(bucket.LifecycleConfiguration.Rules).toContainEqual(expect.objectContaining({ Prefix: 'exports/', ExpirationInDays: 7, Status: 'Enabled' }));
  });
});
