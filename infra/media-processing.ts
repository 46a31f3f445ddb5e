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
 * - job-finished: EventBridge rules deliver "MediaConvert Job State Change" (COMPLETE / ERROR of
 *   jobs on the Default queue carrying Podium's userMetadata) and "Transcribe Job State Change"
 *   (COMPLETED / FAILED of jobs named podium-*) to the pitch processor
 *   (functions/app/media-job-events.ts), which probes and promotes the conversion (read and
 *   delete under transcoded/) or stores the WebVTT as the automatic captions (read and delete
 *   under captions-auto/, write under captions/).
 * - the organiser's "caption automatically" runs in the core API function (`captionStarters`):
 *   transcribe:StartTranscriptionJob on podium-* jobs, and, because Transcribe reads the media and
 *   writes its output with the caller's permissions, s3:PutObject under captions-auto/ (it already
 *   reads pitches/). The functions that play pitches (`playback`) may read transcoded/.
 */
import { Duration, Stack, Token, Validations, type CfnElement } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnJobTemplate } from 'aws-cdk-lib/aws-mediaconvert';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Where conversions and automatic captions are written (see functions/use-cases/process-uploaded-pitch.ts). */
export const TRANSCODED_PREFIX = 'transcoded/';
export const AUTO_CAPTIONS_PREFIX = 'captions-auto/';
/** Where stored caption tracks live (functions/domain/captions.ts). */
const CAPTIONS_PREFIX = 'captions/';

type FunctionWithEnvironment = IFunction & { addEnvironment(key: string, value: string): unknown };

export interface MediaProcessingProps {
  readonly bucket: IBucket;
  /** The pitch processor, which starts conversions and hears every job's end. */
  readonly processor: FunctionWithEnvironment;
  /** The functions that start transcriptions (the core API area: "caption automatically"). @default none */
  readonly captionStarters?: FunctionWithEnvironment[];
  /** The functions that presign playback of pitches (the API areas that do), which may then be conversions. @default none */
  readonly playback?: IFunction[];
  /** Where job-finished events EventBridge could not deliver go (the processor's failed-event queue). */
  readonly failedEvents?: IQueue;
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
  /** MediaConvert's job-finished events → the processor (with `transcode`). */
  readonly transcodeFinished?: Rule;
  /** Transcribe's job-finished events → the processor (with `automaticCaptions`). */
  readonly transcriptionFinished?: Rule;

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
      // The end of a conversion: probe it, make it the pitch (or delete it when it failed).
      allowObjects(processor, bucket, `${TRANSCODED_PREFIX}*`, 's3:GetObject', 's3:DeleteObject');
      acknowledgeObjects(processor, bucket, `${TRANSCODED_PREFIX}*`, 'The processor probes each conversion and deletes a replaced or failed one; keys are made per upload, under transcoded/ in this bucket only.');
      for (const fn of props.playback ?? []) {
        allowObjects(fn, bucket, `${TRANSCODED_PREFIX}*`, 's3:GetObject');
        acknowledgeObjects(fn, bucket, `${TRANSCODED_PREFIX}*`, 'Playback of a converted pitch is a presigned GET of its key under transcoded/; read only, this bucket only.');
      }
      this.transcodeFinished = new Rule(this, 'TranscodeFinished', {
        description: 'MediaConvert jobs Podium started (COMPLETE or ERROR) → the pitch processor',
        eventPattern: {
          source: ['aws.mediaconvert'],
          detailType: ['MediaConvert Job State Change'],
          detail: {
            status: ['COMPLETE', 'ERROR'],
            queue: [stack.formatArn({ service: 'mediaconvert', resource: 'queues', resourceName: 'Default' })],
            userMetadata: { podiumPitchId: [{ exists: true }] },
          },
        },
        targets: [this.target(processor, props.failedEvents)],
      });
    }

    if (props.automaticCaptions) {
      const jobs = stack.formatArn({ service: 'transcribe', resource: 'transcription-job', resourceName: 'podium-*' });
      const jobsReason = 'Transcription job names are made per pitch; only jobs named podium-*, in this account and region.';
      for (const starter of props.captionStarters ?? []) {
        starter.addToRolePolicy(new PolicyStatement({ actions: ['transcribe:StartTranscriptionJob'], resources: [jobs] }));
        // Transcribe reads the media and writes its output with the caller's permissions.
        starter.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects(`${AUTO_CAPTIONS_PREFIX}*`)] }));
        acknowledgeArn(starter, stack, 'transcribe', 'transcription-job/podium-*', jobsReason);
        acknowledgeObjects(starter, bucket, `${AUTO_CAPTIONS_PREFIX}*`, 'Transcribe writes each WebVTT under its own key with the caller\'s permissions; write only, under captions-auto/ in this bucket.');
        starter.addEnvironment('TRANSCRIBE_OUTPUT_PREFIX', AUTO_CAPTIONS_PREFIX);
      }
      // The end of a transcription: which language it found, its WebVTT read, stored as the
      // pitch's captions, and Transcribe's output deleted.
      processor.addToRolePolicy(new PolicyStatement({ actions: ['transcribe:GetTranscriptionJob'], resources: [jobs] }));
      acknowledgeArn(processor, stack, 'transcribe', 'transcription-job/podium-*', jobsReason);
      allowObjects(processor, bucket, `${AUTO_CAPTIONS_PREFIX}*`, 's3:GetObject', 's3:DeleteObject');
      acknowledgeObjects(processor, bucket, `${AUTO_CAPTIONS_PREFIX}*`, 'The processor reads each WebVTT Transcribe wrote and deletes it once stored; under captions-auto/ in this bucket only.');
      allowObjects(processor, bucket, `${CAPTIONS_PREFIX}*`, 's3:PutObject', 's3:DeleteObject');
      acknowledgeObjects(processor, bucket, `${CAPTIONS_PREFIX}*`, 'The processor writes the checked automatic captions (and deletes the automatic track they replace) under captions/ in this bucket only.');
      processor.addEnvironment('TRANSCRIBE_OUTPUT_PREFIX', AUTO_CAPTIONS_PREFIX);
      this.transcriptionFinished = new Rule(this, 'TranscriptionFinished', {
        description: 'Transcribe jobs Podium started (COMPLETED or FAILED) → the pitch processor',
        eventPattern: {
          source: ['aws.transcribe'],
          detailType: ['Transcribe Job State Change'],
          detail: { TranscriptionJobStatus: ['COMPLETED', 'FAILED'], TranscriptionJobName: [{ prefix: 'podium-' }] },
        },
        targets: [this.target(processor, props.failedEvents)],
      });
    }
  }

  /** The processor as a rule's target: EventBridge retries a failed delivery for two hours, then the failed-event queue. */
  private target(processor: IFunction, deadLetterQueue?: IQueue): LambdaFunction {
    return new LambdaFunction(processor, { retryAttempts: 4, maxEventAge: Duration.hours(2), ...(deadLetterQueue ? { deadLetterQueue } : {}) });
  }
}

/** `actions` on the bucket's objects under `pattern` (e.g. `transcoded/*`), for `fn`'s role. */
function allowObjects(fn: IFunction, bucket: IBucket, pattern: string, ...actions: string[]): void {
  fn.addToRolePolicy(new PolicyStatement({ actions, resources: [bucket.arnForObjects(pattern)] }));
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
