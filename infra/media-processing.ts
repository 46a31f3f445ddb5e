/**
 * Optional media processing (issue 14 §4), off by default: converting pitches that not every
 * browser plays (HEVC, ProRes …) to H.264/AAC with AWS Elemental MediaConvert, and automatic
 * captions with Amazon Transcribe. An organiser's choice (PitchPolicy.unplayable = 'transcode')
 * only takes effect in a deployment that has this construct; elsewhere the adapters say "not
 * available" (functions/adapters/media/unavailable.ts).
 *
 * - transcode: a role MediaConvert assumes (read pitches/, write transcoded/ in the pitch bucket
 *   only), a job template (MP4, H.264 QVBR, AAC-LC 128 kb/s, frame size and rate kept), and for
 *   the pitch processor mediaconvert:CreateJob plus iam:PassRole on that one role.
 * - captions: for the processor transcribe:StartTranscriptionJob/GetTranscriptionJob, and
 *   s3:PutObject under captions-auto/ for Transcribe's WebVTT output.
 *
 * Not built yet (README): the adapters that call CreateJob / StartTranscriptionJob, and the
 * EventBridge rules that tell the processor a job finished.
 */
import { Stack, Token, Validations, type CfnElement } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnJobTemplate } from 'aws-cdk-lib/aws-mediaconvert';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Where conversions and automatic captions are written (see functions/use-cases/process-uploaded-pitch.ts). */
export const TRANSCODED_PREFIX = 'transcoded/';
export const AUTO_CAPTIONS_PREFIX = 'captions-auto/';

export interface MediaProcessingProps {
  readonly bucket: IBucket;
  /** The pitch processor, which starts the jobs. */
  readonly processor: IFunction & { addEnvironment(key: string, value: string): unknown };
  /** MediaConvert to H.264/AAC. @default false */
  readonly transcode?: boolean;
  /** Amazon Transcribe → WebVTT. @default false */
  readonly automaticCaptions?: boolean;
}

/** The MediaConvert job template: one MP4 output, H.264 + AAC, the input's size and frame rate. */
export function h264JobTemplateSettings(): Record<string, unknown> {
  return {
    TimecodeConfig: { Source: 'ZEROBASED' },
    Inputs: [{ AudioSelectors: { 'Audio Selector 1': { DefaultSelection: 'DEFAULT' } }, VideoSelector: {}, TimecodeSource: 'ZEROBASED' }],
    OutputGroups: [
      {
        Name: 'File Group',
        OutputGroupSettings: { Type: 'FILE_GROUP_SETTINGS', FileGroupSettings: {} },
        Outputs: [
          {
            ContainerSettings: { Container: 'MP4', Mp4Settings: { MoovPlacement: 'PROGRESSIVE_DOWNLOAD' } },
            VideoDescription: {
              CodecSettings: {
                Codec: 'H_264',
                H264Settings: { RateControlMode: 'QVBR', QvbrSettings: { QvbrQualityLevel: 7 }, MaxBitrate: 5_000_000, CodecProfile: 'HIGH', CodecLevel: 'AUTO', FramerateControl: 'INITIALIZE_FROM_SOURCE' },
              },
            },
            AudioDescriptions: [
              {
                AudioSourceName: 'Audio Selector 1',
                CodecSettings: { Codec: 'AAC', AacSettings: { Bitrate: 128_000, CodingMode: 'CODING_MODE_2_0', SampleRate: 48_000, CodecProfile: 'LC' } },
              },
            ],
          },
        ],
      },
    ],
  };
}

export class MediaProcessing extends Construct {
  readonly mediaConvertRole?: Role;
  readonly jobTemplate?: CfnJobTemplate;

  constructor(scope: Construct, id: string, props: MediaProcessingProps) {
    super(scope, id);
    const { bucket, processor } = props;
    const stack = Stack.of(this);

    if (props.transcode) {
      const role = new Role(this, 'MediaConvertRole', {
        assumedBy: new ServicePrincipal('mediaconvert.amazonaws.com'),
        description: 'Podium: MediaConvert reads uploaded pitches and writes their H.264/AAC conversions',
      });
      role.addToPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('pitches/*')] }));
      role.addToPolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects(`${TRANSCODED_PREFIX}*`)] }));
      this.mediaConvertRole = role;
      acknowledgeObjects(role, bucket, 'pitches/*', 'MediaConvert reads the uploaded pitch it converts; object keys are made per upload, read only, this bucket only.');
      acknowledgeObjects(role, bucket, `${TRANSCODED_PREFIX}*`, 'MediaConvert writes each conversion under its own key; write only, under transcoded/ in this bucket.');
      this.jobTemplate = new CfnJobTemplate(this, 'H264Template', {
        description: 'Podium: a pitch as MP4 with H.264 video and AAC sound, which every current browser plays',
        category: 'podium',
        settingsJson: h264JobTemplateSettings(),
      });
      processor.addToRolePolicy(
        new PolicyStatement({
          actions: ['mediaconvert:CreateJob', 'mediaconvert:GetJob'],
          resources: [
            stack.formatArn({ service: 'mediaconvert', resource: 'jobTemplates', resourceName: this.jobTemplate.ref }),
            stack.formatArn({ service: 'mediaconvert', resource: 'queues', resourceName: 'Default' }),
            stack.formatArn({ service: 'mediaconvert', resource: 'jobs', resourceName: '*' }),
          ],
        }),
      );
      processor.addToRolePolicy(new PolicyStatement({ actions: ['iam:PassRole'], resources: [role.roleArn] }));
      acknowledgeArn(processor, stack, 'mediaconvert', 'jobs/*', 'MediaConvert job ids are made by CreateJob; the processor reads the jobs it started (GetJob), in this account and region only.');
      processor.addEnvironment('MEDIACONVERT_ROLE_ARN', role.roleArn);
      processor.addEnvironment('MEDIACONVERT_JOB_TEMPLATE', this.jobTemplate.ref);
    }

    if (props.automaticCaptions) {
      processor.addToRolePolicy(
        new PolicyStatement({
          actions: ['transcribe:StartTranscriptionJob', 'transcribe:GetTranscriptionJob'],
          resources: [stack.formatArn({ service: 'transcribe', resource: 'transcription-job', resourceName: 'podium-*' })],
        }),
      );
      // Transcribe reads the media and writes its output with the caller's permissions.
      processor.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects(`${AUTO_CAPTIONS_PREFIX}*`)] }));
      acknowledgeArn(processor, stack, 'transcribe', 'transcription-job/podium-*', 'Transcription job names are made per pitch; only jobs named podium-*, in this account and region.');
      acknowledgeObjects(processor, bucket, `${AUTO_CAPTIONS_PREFIX}*`, 'Transcribe writes each WebVTT under its own key; write only, under captions-auto/ in this bucket.');
      processor.addEnvironment('TRANSCRIBE_OUTPUT_PREFIX', AUTO_CAPTIONS_PREFIX);
    }
  }
}

function roleOf(scope: Construct): Construct {
  const fn = scope as Partial<{ role: Construct }>;
  return fn.role ?? scope;
}

function acknowledgeObjects(scope: Construct, bucket: IBucket, pattern: string, reason: string): void {
  const id = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as CfnElement);
  Validations.of(roleOf(scope)).acknowledge({ id: `AwsSolutions-IAM5[Resource::<${id}.Arn>/${pattern}]`, reason });
}

function acknowledgeArn(scope: Construct, stack: Stack, service: string, resource: string, reason: string): void {
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const partition = Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
  Validations.of(roleOf(scope)).acknowledge({ id: `AwsSolutions-IAM5[Resource::arn:${partition}:${service}:${region}:${account}:${resource}]`, reason });
}
