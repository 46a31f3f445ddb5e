/**
 * The whole of Podium in one stack: data, auth, api and web, wired together. Construction order
 * breaks the only cycle (the sign-in client needs the CloudFront URL, CloudFront needs the API,
 * the API needs the client id): the distribution is created first and gets its /api/* behaviour
 * once the API exists.
 */
import { Aws, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Construct } from 'constructs';
import { Api } from './api.ts';
import { Auth } from './auth.ts';
import { Data } from './data.ts';
import { Jobs } from './jobs.ts';
import { Media } from './media.ts';
import { MalwareScan } from './malware-scan.ts';
import { MediaProcessing } from './media-processing.ts';
import { Monitoring } from './monitoring.ts';
import { Announcements } from './announcements.ts';
import { Mail } from './mail.ts';
import { Web } from './web.ts';

export interface PodiumStackProps extends StackProps {
  /** Folder with the built web app (index.html at its root). */
  readonly webDist: string;
  /** Cognito hosted UI prefix. @default `podium-<account id>` */
  readonly authDomainPrefix?: string;
  /** Sender of notification e-mails (an SES identity is created for it). */
  readonly mailFrom: string;
  /** Subscribed (by e-mail) to the alarms' topic, when given. */
  readonly alarmEmail?: string;
  /** Issue 14: MediaConvert converts unplayable pitches where organisers ask (infra/media-processing.ts). @default false */
  readonly transcodePitches?: boolean;
  /** Issue 14: Amazon Transcribe may caption pitches (infra/media-processing.ts). @default false */
  readonly automaticCaptions?: boolean;
}

export class PodiumStack extends Stack {
  readonly data: Data;
  readonly auth: Auth;
  readonly api: Api;
  readonly web: Web;
  readonly media: Media;
  readonly jobs: Jobs;
  readonly monitoring: Monitoring;
  readonly mail: Mail;
  /** The platform's scheduler (announcements, reminders). */
  readonly scheduler: Announcements;

  constructor(scope: Construct, id: string, props: PodiumStackProps) {
    super(scope, id, props);

    this.data = new Data(this, 'Data');
    this.web = new Web(this, 'Web', { distFolder: props.webDist, accessLogs: this.data.accessLogs, pitchVideos: this.data.pitchVideos });
    this.data.allowBrowserAccessFrom(this.web.url);

    this.auth = new Auth(this, 'Auth', {
      domainPrefix: props.authDomainPrefix ?? `podium-${Aws.ACCOUNT_ID}`,
      webUrl: this.web.url,
      table: this.data.table,
    });
    // The issuer's origin (discovery) and the hosted UI's (authorize, token): nothing else at AWS.
    this.web.allowSignInWith(`https://cognito-idp.${this.region}.${this.urlSuffix}`, this.auth.domain.baseUrl());

    // H6: mail goes through one SES configuration set, which publishes bounces and complaints.
    this.mail = new Mail(this, 'Mail');

    this.api = new Api(this, 'Api', {
      table: this.data.table,
      pitchVideos: this.data.pitchVideos,
      issuer: this.auth.issuer,
      audience: this.auth.webClient.userPoolClientId,
      mailFrom: props.mailFrom,
      webUrl: this.web.url,
      cursorSecret: this.data.cursorSecret,
      mailConfigurationSet: this.mail.configurationSet.configurationSetName,
    });

    // The announcer starts the notifications job of a scheduled publication, so it is a starter too.
    const announcements = new Announcements(this, 'Announcements', {
      table: this.data.table,
      environment: this.api.environment,
    });
    this.scheduler = announcements;

    this.jobs = new Jobs(this, 'Jobs', {
      table: this.data.table,
      bucket: this.data.pitchVideos,
      environment: this.api.environment,
      starters: [...Object.values(this.api.handlers), announcements.function],
    });
    // The notifications job e-mails the entrants.
    this.api.mailIdentity.grantSendEmail(this.jobs.function);

    this.media = new Media(this, 'Media', {
      table: this.data.table,
      pitchVideos: this.data.pitchVideos,
      issuer: this.auth.issuer,
      audience: this.auth.webClient.userPoolClientId,
      cursorSecret: this.data.cursorSecret,
    });

    // Issue 14 §3: GuardDuty Malware Protection for S3 on answer files, and its verdicts' recorder.
    new MalwareScan(this, 'MalwareScan', { table: this.data.table, bucket: this.data.pitchVideos, environment: this.api.environment });

    if (props.transcodePitches || props.automaticCaptions) {
      new MediaProcessing(this, 'MediaProcessing', {
        bucket: this.data.pitchVideos,
        processor: this.media.processor,
        // "Caption automatically" is a core route; the core and evaluation areas presign playback.
        captionStarters: [this.api.handlers.core],
        playback: [this.api.handlers.core, this.api.handlers.evaluation],
        failedEvents: this.media.failedEvents,
        transcode: props.transcodePitches,
        automaticCaptions: props.automaticCaptions,
      });
    }

    // The API's one stage, whichever construct id it has inside the Api construct.
    const apiStage = this.api.node.findAll().find((c): c is HttpStage => c instanceof HttpStage);
    if (!apiStage) throw new Error('The Api construct has no HTTP API stage to watch.');
    this.monitoring = new Monitoring(this, 'Monitoring', {
      apiStage,
      apiHandlers: Object.values(this.api.handlers),
      pitchProcessor: this.media.processor,
      failedPitchEvents: this.media.failedEvents,
      jobRunner: this.jobs.function,
      jobDeadLetters: this.jobs.deadLetters,
      alarmEmail: props.alarmEmail,
    });
    // H6: the SES records' subscriber and its alarms; whoever may send mail may send through the
    // configuration set (it grants no sending of its own: the identity's grant decides who sends).
    this.mail.handleEvents({ table: this.data.table, environment: this.api.environment, alarmTopic: this.monitoring.topic });
    for (const sender of [...Object.values(this.api.handlers), this.jobs.function]) this.mail.grantSend(sender);

    this.web.routeApi(this.api.domainName);
    this.web.deploySite({
      issuer: this.auth.issuer,
      clientId: this.auth.webClient.userPoolClientId,
      region: this.region,
    });

    new CfnOutput(this, 'WebUrl', { value: this.web.url, description: 'Podium web app' });
    new CfnOutput(this, 'ApiUrl', { value: `${this.web.url}/api`, description: 'API through CloudFront' });
    new CfnOutput(this, 'ApiGatewayUrl', { value: this.api.url, description: 'API Gateway endpoint (direct)' });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.webClient.userPoolClientId });
    new CfnOutput(this, 'HostedUiDomain', { value: this.auth.domain.baseUrl() });
    new CfnOutput(this, 'PitchVideoBucket', { value: this.data.pitchVideos.bucketName });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn, description: 'Alarm notifications (subscribe more people here)' });
    new CfnOutput(this, 'JobDeadLettersQueueUrl', { value: this.jobs.deadLetters.queueUrl, description: 'Job messages given up on' });
    new CfnOutput(this, 'FailedPitchEventsQueueUrl', { value: this.media.failedEvents.queueUrl, description: 'S3 events the pitch processor gave up on' });
  }
}
