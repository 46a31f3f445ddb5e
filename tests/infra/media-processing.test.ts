/**
 * Template tests for the optional media processing (infra/media-processing.ts, issue 14): off by
 * default in the Podium stack; when enabled, MediaConvert gets a role limited to the pitch
 * bucket's pitches/ (read) and transcoded/ (write), an H.264/AAC MP4 job template, and the pitch
 * processor may start jobs and pass that role only; Transcribe, likewise, only where enabled.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { MediaProcessing } from '../../infra/media-processing.ts';
import { podiumApp, removeTempDirs } from './podium-app.ts';

afterAll(removeTempDirs);
afterEach(() => {
  vi.unstubAllEnvs();
});

type Resource = { Type: string; Properties: Record<string, any> };

function build(o: { transcode?: boolean; automaticCaptions?: boolean }) {
  const stack = new Stack(new App(), 'T');
  const bucket = new Bucket(stack, 'Pitches');
  const fn = (id: string) => new LambdaFunction(stack, id, { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('exports.handler=()=>{}') });
  const processor = fn('Processor');
  const core = fn('ApiCore');
  const media = new MediaProcessing(stack, 'MediaProcessing', { bucket, processor, captionStarters: [core], playback: [core], ...o });
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const of = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const statements = (roleId: string) =>
    of('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
  const roleOf = (f: LambdaFunction) => (resources[stack.getLogicalId(f.node.defaultChild as never)]!.Properties.Role['Fn::GetAtt'] as string[])[0]!;
  const envOf = (f: LambdaFunction) => resources[stack.getLogicalId(f.node.defaultChild as never)]!.Properties.Environment?.Variables ?? {};
  return { stack, media, template, resources, of, statements, processor, processorRole: roleOf(processor), coreRole: roleOf(core), env: () => envOf(processor), coreEnv: () => envOf(core) };
}

describe('media processing, optional', () => {
  it('is not in the Podium stack by default: no MediaConvert, no Transcribe grants', () => {
    const { stack } = podiumApp();
    const json = JSON.stringify(Template.fromStack(stack).toJSON());
    expect(json).not.toContain('AWS::MediaConvert::JobTemplate');
    expect(json).not.toContain('mediaconvert:CreateJob');
    expect(json).not.toContain('transcribe:StartTranscriptionJob');
    expect(json).not.toContain('Job State Change');
  });

  it('with transcoding: a MediaConvert role that reads pitches/ and writes transcoded/ only, and an H.264/AAC MP4 template', () => {
    const { media, of, statements, stack, resources } = build({ transcode: true });
    const roles = of('AWS::IAM::Role').filter(([, r]) => JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('mediaconvert.amazonaws.com'));
    expect(roles).toHaveLength(1);
    const roleStatements = statements(roles[0]![0]);
    const text = JSON.stringify(roleStatements);
    expect(roleStatements.map((s) => s.Action).flat().sort()).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(text).toContain('/pitches/*');
    expect(text).toContain('/transcoded/*');
    const template = resources[stack.getLogicalId(media.jobTemplate!)]!.Properties.SettingsJson;
    const output = template.OutputGroups[0].Outputs[0];
    expect(output.ContainerSettings.Container).toBe('MP4');
    expect(output.VideoDescription.CodecSettings.Codec).toBe('H_264');
    expect(output.AudioDescriptions[0].CodecSettings.Codec).toBe('AAC');
  });

  it('lets the pitch processor create jobs and pass exactly that role, and tells it the role and template', () => {
    const { statements, processorRole, media, stack, env } = build({ transcode: true });
    const s = statements(processorRole);
    const passRole = s.filter((x) => [x.Action].flat().includes('iam:PassRole'));
    expect(passRole).toHaveLength(1);
    expect(passRole[0]!.Resource).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(media.mediaConvertRole!.node.defaultChild as never), 'Arn'] });
    expect(s.some((x) => [x.Action].flat().includes('mediaconvert:CreateJob'))).toBe(true);
    expect(JSON.stringify(s)).not.toContain('transcribe:');
    expect(Object.keys(env())).toEqual(expect.arrayContaining(['MEDIACONVERT_ROLE_ARN', 'MEDIACONVERT_JOB_TEMPLATE']));
  });

  it('with automatic captions only: the core API starts Transcribe jobs named podium-* writing under captions-auto/; the processor reads them back; no MediaConvert', () => {
    const { statements, processorRole, coreRole, of, env, coreEnv } = build({ automaticCaptions: true });
    const starter = JSON.stringify(statements(coreRole));
    expect(starter).toContain('transcribe:StartTranscriptionJob');
    expect(starter).toContain('transcription-job/podium-*');
    expect(starter).toContain('/captions-auto/*');
    expect(starter).not.toContain('transcribe:GetTranscriptionJob');
    const processor = statements(processorRole);
    const text = JSON.stringify(processor);
    expect(text).not.toContain('transcribe:StartTranscriptionJob');
    expect(text).toContain('transcribe:GetTranscriptionJob');
    const onPrefix = (prefix: string) => processor.filter((x) => JSON.stringify(x.Resource).includes(`/${prefix}*`)).flatMap((x) => [x.Action].flat()).sort();
    expect(onPrefix('captions-auto/')).toEqual(['s3:DeleteObject', 's3:GetObject']);
    expect(onPrefix('captions/')).toEqual(['s3:DeleteObject', 's3:PutObject']);
    expect(text).not.toContain('mediaconvert:');
    expect(of('AWS::MediaConvert::JobTemplate')).toHaveLength(0);
    expect(env().TRANSCRIBE_OUTPUT_PREFIX).toBe('captions-auto/');
    expect(coreEnv().TRANSCRIBE_OUTPUT_PREFIX).toBe('captions-auto/');
  });

  it('has the job-finished rules only for what is enabled, each targeting the pitch processor', () => {
    const rules = (o: { transcode?: boolean; automaticCaptions?: boolean }) => {
      const b = build(o);
      return { ...b, rules: b.of('AWS::Events::Rule').map(([, r]) => r.Properties) };
    };
    expect(rules({}).rules).toEqual([]);
    const transcode = rules({ transcode: true });
    expect(transcode.rules).toHaveLength(1);
    expect(transcode.rules[0]!.EventPattern).toMatchObject({
      source: ['aws.mediaconvert'],
      'detail-type': ['MediaConvert Job State Change'],
      detail: { status: ['COMPLETE', 'ERROR'], userMetadata: { podiumPitchId: [{ exists: true }] } },
    });
    expect(JSON.stringify(transcode.rules[0]!.EventPattern.detail.queue)).toContain('queues/Default');
    const processorId = transcode.stack.getLogicalId(transcode.processor.node.defaultChild as never);
    expect(transcode.rules[0]!.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [processorId, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 7200 } })]);
    // EventBridge may invoke the processor, and the processor may read and delete conversions.
    expect(transcode.of('AWS::Lambda::Permission').some(([, p]) => p.Properties.Principal === 'events.amazonaws.com' && JSON.stringify(p.Properties.FunctionName).includes(processorId))).toBe(true);
    const processorOnTranscoded = transcode.statements(transcode.processorRole).filter((x) => JSON.stringify(x.Resource).includes('/transcoded/*')).flatMap((x) => [x.Action].flat()).sort();
    expect(processorOnTranscoded).toEqual(['s3:DeleteObject', 's3:GetObject']);
    expect(transcode.statements(transcode.coreRole).filter((x) => JSON.stringify(x.Resource).includes('/transcoded/*')).flatMap((x) => [x.Action].flat())).toEqual(['s3:GetObject']);

    const captions = rules({ automaticCaptions: true });
    expect(captions.rules).toHaveLength(1);
    expect(captions.rules[0]!.EventPattern).toEqual({
      source: ['aws.transcribe'],
      'detail-type': ['Transcribe Job State Change'],
      detail: { TranscriptionJobStatus: ['COMPLETED', 'FAILED'], TranscriptionJobName: [{ prefix: 'podium-' }] },
    });
    expect(rules({ transcode: true, automaticCaptions: true }).rules).toHaveLength(2);
  });

  it.each([
    { name: 'environment-agnostic', env: {} },
    { name: 'pinned to an account and region', env: { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'eu-west-1' } },
  ])('enabled in the Podium stack, cdk-nag stays clean ($name)', ({ env }) => {
    vi.stubEnv('CDK_DEFAULT_ACCOUNT', undefined);
    vi.stubEnv('CDK_DEFAULT_REGION', undefined);
    for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
    const { app, stack } = podiumApp({ context: { 'podium:transcodePitches': 'true', 'podium:automaticCaptions': 'true' } });
    expect(() => app.synth()).not.toThrow();
    expect(new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(app).violations).toEqual([]);
    const json = JSON.stringify(Template.fromStack(stack).toJSON());
    expect(json).toContain('AWS::MediaConvert::JobTemplate');
    expect(json).toContain('transcribe:StartTranscriptionJob');
    expect(json).toContain('MediaConvert Job State Change');
    expect(json).toContain('Transcribe Job State Change');
  });
});
