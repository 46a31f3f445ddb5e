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
  const processor = new LambdaFunction(stack, 'Processor', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('exports.handler=()=>{}') });
  const media = new MediaProcessing(stack, 'MediaProcessing', { bucket, processor, ...o });
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const of = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const statements = (roleId: string) =>
    of('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
  const processorRole = (resources[stack.getLogicalId(processor.node.defaultChild as never)]!.Properties.Role['Fn::GetAtt'] as string[])[0]!;
  return { stack, media, template, resources, of, statements, processorRole, env: () => resources[stack.getLogicalId(processor.node.defaultChild as never)]!.Properties.Environment?.Variables ?? {} };
}

describe('media processing, optional', () => {
  it('is not in the Podium stack by default: no MediaConvert, no Transcribe grants', () => {
    const { stack } = podiumApp();
    const json = JSON.stringify(Template.fromStack(stack).toJSON());
    expect(json).not.toContain('AWS::MediaConvert::JobTemplate');
    expect(json).not.toContain('mediaconvert:CreateJob');
    expect(json).not.toContain('transcribe:StartTranscriptionJob');
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

  it('with automatic captions only: Transcribe jobs named podium-*, output under captions-auto/, no MediaConvert', () => {
    const { statements, processorRole, of } = build({ automaticCaptions: true });
    const text = JSON.stringify(statements(processorRole));
    expect(text).toContain('transcribe:StartTranscriptionJob');
    expect(text).toContain('transcription-job/podium-*');
    expect(text).toContain('/captions-auto/*');
    expect(text).not.toContain('mediaconvert:');
    expect(of('AWS::MediaConvert::JobTemplate')).toHaveLength(0);
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
  });
});
