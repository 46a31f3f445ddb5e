/**
 * Converting a pitch to H.264/AAC with AWS Elemental MediaConvert (issue 14 §4), where the
 * deployment has the optional construct (infra/media-processing.ts sets MEDIACONVERT_ROLE_ARN and
 * MEDIACONVERT_JOB_TEMPLATE). One CreateJob per pitch from the podium job template (MP4, H.264,
 * AAC): the job names the input and the output's destination (`s3://bucket/<outputKey without
 * .mp4>`: MediaConvert adds the extension), MediaConvert assumes the role, and the job's
 * `userMetadata` carries the competition and pitch, which its "MediaConvert Job State Change" event
 * gives back (app/media-job-events.ts). The pitch id is the client request token, so an S3 event
 * delivered twice starts one job. The SDK client is made on the first call; `endpoint` only for a
 * stand-in (the unit tests).
 */
import { CreateJobCommand, MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import type { AwsCredentials } from '../aws-credentials.ts';
import type { Transcoder } from '../../use-cases/ports.ts';
import type { TranscodeJobMetadata } from '../../domain/media-jobs.ts';

export interface MediaConvertOptions {
  region: string;
  bucket: string;
  roleArn: string;
  jobTemplate: string;
  credentials: () => AwsCredentials | Promise<AwsCredentials>;
  endpoint?: string;
}

export function mediaConvertTranscoder(options: MediaConvertOptions): Transcoder {
  let client: MediaConvertClient | undefined;
  const mediaConvert = () =>
    (client ??= new MediaConvertClient({ region: options.region, credentials: async () => options.credentials(), ...(options.endpoint ? { endpoint: options.endpoint } : {}) }));
  return {
    available: true,
    async start({ sourceKey, outputKey, pitchId, competitionId }) {
      const metadata: TranscodeJobMetadata = { podiumCompetitionId: competitionId, podiumPitchId: pitchId };
      const out = await mediaConvert().send(
        new CreateJobCommand({
          Role: options.roleArn,
          JobTemplate: options.jobTemplate,
          ClientRequestToken: `podium-${pitchId}`,
          UserMetadata: { ...metadata },
          Settings: {
            Inputs: [{ FileInput: `s3://${options.bucket}/${sourceKey}` }],
            OutputGroups: [
              {
                OutputGroupSettings: {
                  Type: 'FILE_GROUP_SETTINGS',
                  FileGroupSettings: { Destination: `s3://${options.bucket}/${outputKey.replace(/\.mp4$/, '')}` },
                },
              },
            ],
          },
        }),
      );
      const id = out.Job?.Id;
      if (!id) throw new Error('MediaConvert answered CreateJob without a job id.');
      return id;
    },
  };
}
