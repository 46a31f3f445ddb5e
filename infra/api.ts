/**
 * API: one Lambda running the Hono app behind an HTTP API. API Gateway checks the Cognito JWT
 * on every route except the few that anonymous visitors need; the app verifies bearer tokens
 * again on those and checks every permission in the use case, so access is denied by default.
 */
import path from 'node:path';
import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CfnStage, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination, type HttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { API_AREAS, type ApiArea } from '../functions/app/api-area-of.ts';
import { gatewayOperations } from '../functions/app/openapi-document.ts';
import { NodeLambda } from './lambda-function.ts';
import { PORTS_OF_AREA } from '../functions/lambda/area-ports.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/**
 * API Gateway's routes, from the API's own definitions (the same ones the OpenAPI document is
 * built from): one route per operation; operations callable without a token (`x-access` public
 * or invitation-link) get no JWT authorizer, every other one does.
 */
export const GATEWAY_OPERATIONS = gatewayOperations();
export const ANONYMOUS_ROUTE_KEYS = GATEWAY_OPERATIONS.filter((o) => o.anonymous).map((o) => `${o.method.toUpperCase()} ${o.path}`);

/**
 * Item reads and writes, conditional checks and Query, on the table and its indexes. No Scan
 * (no request path may scan, see ACCESS-PATTERNS.md) and no transactions (single-item
 * conditional writes hold every invariant).
 */
export const TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

/**
 * What the API does with pitch videos, all under pitches/: presign multipart uploads (PutObject
 * covers Create/UploadPart/Complete), abort them, and presign playback (GetObject). Part ETags
 * are recorded by the API itself, so no ListParts; deleting is the processor's job.
 */
const PITCH_OBJECT_ACTIONS = ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'];

/** Uploads are the core area's; reviewers' playback (presigned GET) the reviewing area's (and the evaluation area's, which reads the same modules). */
const PITCH_OBJECT_ACTIONS_OF_AREA: Record<ApiArea, string[]> = {
  core: PITCH_OBJECT_ACTIONS,
  evaluation: ['s3:GetObject'],
  results: [],
  live: [],
  people: [],
  programmes: [],
  reviewing: ['s3:GetObject'],
};

/**
 * Issue 14 captions: the core area presigns the raw upload's PUT (caption-uploads/), reads it,
 * writes the checked WebVTT (captions/) and deletes both when replaced; playback (presigned GET
 * of captions/) is the evaluation area's too.
 */
/**
 * Issue 14 §3 answer files: the core area presigns their POST upload and their download, and
 * deletes a replaced one; reviewers' downloads (presigned GET) are the evaluation area's.
 */
const ANSWER_FILE_ACTIONS_OF_AREA: Record<ApiArea, string[]> = {
  core: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
  evaluation: ['s3:GetObject'],
  results: [],
  live: [],
  people: [],
  programmes: [],
  reviewing: ['s3:GetObject'],
};

const CAPTION_OBJECT_GRANTS_OF_AREA: Record<ApiArea, [prefix: string, actions: string[]][]> = {
  core: [
    ['caption-uploads/*', ['s3:PutObject', 's3:GetObject', 's3:DeleteObject']],
    ['captions/*', ['s3:PutObject', 's3:GetObject', 's3:DeleteObject']],
  ],
  evaluation: [['captions/*', ['s3:GetObject']]],
  reviewing: [['captions/*', ['s3:GetObject']]],
  results: [],
  live: [],
  people: [],
  programmes: [],
};

/**
 * Which areas send e-mail: those whose code reads the mailer (functions/lambda/area-ports.ts, checked
 * against the code by tests/unit/area-ports.test.ts) — invitations of investors and jury members
 * (evaluation), of team members, co-organisers and programme staff (people). What the other areas
 * start that mails (results told, exports) runs on the jobs function, which has its own grant (podium-stack.ts).
 */
export const AREA_SENDS_MAIL = Object.fromEntries(API_AREAS.map((a) => [a, (PORTS_OF_AREA[a] as readonly string[]).includes('mailer')])) as Record<ApiArea, boolean>;

/** Construct ids: the core area keeps the single function's old id, so its logical id stays. */
export const AREA_CONSTRUCT_ID: Record<ApiArea, string> = { core: 'Handler', evaluation: 'EvaluationHandler', results: 'ResultsHandler', live: 'LiveHandler', people: 'PeopleHandler', programmes: 'ProgrammesHandler', reviewing: 'ReviewingHandler' };

export interface ApiProps {
  readonly table: Table;
  readonly pitchVideos: Bucket;
  /** Token issuer, `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`. */
  readonly issuer: string;
  /** The web app's client id: the `aud` of its ID tokens. */
  readonly audience: string;
  /** Sender of notification e-mails: an SES identity is created and the API may send from it only. */
  readonly mailFrom: string;
  /** The web app's public URL, for links in e-mails. */
  readonly webUrl: string;
  /** Signs pagination cursors (resolved into the environment at deploy time). */
  readonly cursorSecret: ISecret;
  /** H6: the SES configuration set mail goes through, which publishes bounces and complaints (infra/mail.ts). */
  readonly mailConfigurationSet?: string;
  /** Every route's limit unless overridden. @default 50 requests/second, bursts of 100 */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
  /**
   * Each public (unauthenticated) route's own limit: anonymous traffic cannot use up what
   * signed-in participants need, nor reach the Lambda at the full default rate.
   * @default 20 requests/second, bursts of 40
   */
  readonly publicThrottle?: { readonly rateLimit: number; readonly burstLimit: number };
}

export class Api extends Construct {
  readonly httpApi: HttpApi;
  /** The function serving each API area. */
  readonly handlers: Record<ApiArea, NodejsFunction>;
  /** The core area's function (competitions, submissions, pitches). */
  readonly handler: NodejsFunction;
  readonly mailIdentity: EmailIdentity;
  /** The runtime configuration (functions/adapters/config.ts) the API runs with. */
  readonly environment: Record<string, string>;
  /** `https://<apiId>.execute-api.<region>.amazonaws.com/` */
  readonly url: string;
  /** `<apiId>.execute-api.<region>.amazonaws.com`, for a CloudFront origin. */
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.environment = {
      TABLE_NAME: props.table.tableName,
      BUCKET_NAME: props.pitchVideos.bucketName,
      AUTH_ISSUER: props.issuer,
      AUTH_AUDIENCE: props.audience,
      MAIL_MODE: 'ses',
      MAIL_FROM: props.mailFrom,
      ...(props.mailConfigurationSet ? { MAIL_CONFIGURATION_SET: props.mailConfigurationSet } : {}),
      WEB_ORIGIN: props.webUrl,
      CURSOR_SECRET: props.cursorSecret.secretValue.unsafeUnwrap(),
    };
    // One function per API area (functions/app/api-areas.ts): each bundle carries only its
    // area's code, and each gets only the grants its area needs.
    this.handlers = {} as Record<ApiArea, NodejsFunction>;
    for (const area of API_AREAS) {
      const lambda = new NodeLambda(this, AREA_CONSTRUCT_ID[area], {
        entry: path.join(REPO_ROOT, `functions/lambda/api-${area}.ts`),
        description: `Podium HTTP API: ${area} (Hono)`,
        environment: this.environment,
      });
      this.handlers[area] = lambda.function;
      props.table.grants.actions(lambda.function, ...TABLE_ACTIONS);
      Validations.of(lambda.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(props.table)}.Arn>/index/*]`,
        reason: 'Queries on this table\'s own GSIs (gsi1, gsi2, from TABLE_KEYS) need their index ARNs; the wildcard covers only this table\'s indexes.',
      });
      const pitchActions = PITCH_OBJECT_ACTIONS_OF_AREA[area];
      if (pitchActions.length > 0) {
        props.pitchVideos.grants.actionsOnObjectKeys(lambda.function, 'pitches/*', ...pitchActions);
        Validations.of(lambda.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(props.pitchVideos)}.Arn>/pitches/*]`,
          reason: 'Pitch object keys are created per upload at runtime, so the listed object actions (no s3:*) are granted under pitches/ in this one bucket.',
        });
      }
      if (ANSWER_FILE_ACTIONS_OF_AREA[area].length > 0) {
        props.pitchVideos.grants.actionsOnObjectKeys(lambda.function, 'answer-files/*', ...ANSWER_FILE_ACTIONS_OF_AREA[area]);
        Validations.of(lambda.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(props.pitchVideos)}.Arn>/answer-files/*]`,
          reason: 'Answer-file keys are made per upload at runtime; only the listed object actions, under answer-files/ in this one bucket.',
        });
      }
      for (const [prefix, actions] of CAPTION_OBJECT_GRANTS_OF_AREA[area]) {
        props.pitchVideos.grants.actionsOnObjectKeys(lambda.function, prefix, ...actions);
        Validations.of(lambda.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(props.pitchVideos)}.Arn>/${prefix}]`,
          reason: `Caption object keys are made per upload at runtime; only the listed object actions, under ${prefix.slice(0, -1)} in this one bucket.`,
        });
      }
    }
    this.handler = this.handlers.core;
    // E-mail goes out through SES (SESv2 SendEmail), from this identity only, and only from the
    // areas that send some (AREA_SENDS_MAIL).
    this.mailIdentity = new EmailIdentity(this, 'MailIdentity', {
      identity: props.mailFrom.includes('@') ? Identity.email(props.mailFrom) : Identity.domain(props.mailFrom),
    });
    for (const area of API_AREAS) if (AREA_SENDS_MAIL[area]) this.mailIdentity.grantSendEmail(this.handlers[area]);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: 'podium',
      description: 'Podium API',
      createDefaultStage: false,
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            method: '$context.httpMethod',
            path: '$context.path',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });
    this.url = stage.url;
    this.domainName = `${this.httpApi.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;

    // One invoke permission for the whole API: one per route would outgrow the function's
    // resource policy (20 KB) at about 70 routes.
    const integrations = Object.fromEntries(
      API_AREAS.map((area) => [area, new HttpLambdaIntegration(`Lambda-${area}`, this.handlers[area], { scopePermissionToRoute: false })]),
    ) as Record<ApiArea, HttpLambdaIntegration>;
    const authorizer = new HttpJwtAuthorizer('Cognito', props.issuer, {
      authorizerName: 'cognito',
      jwtAudience: [props.audience],
      identitySource: ['$request.header.Authorization'],
    });

    const publicThrottle = props.publicThrottle ?? { rateLimit: 20, burstLimit: 40 };
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const operation of GATEWAY_OPERATIONS) {
      const method = operation.method.toUpperCase() as HttpMethod;
      const integration = integrations[operation.area];
      const routes = this.httpApi.addRoutes({ path: operation.path, methods: [method], integration, ...(operation.anonymous ? {} : { authorizer }) });
      if (!operation.anonymous) continue;
      for (const route of routes) {
        acknowledgePublic(route);
        routeSettings[`${method} ${operation.path}`] = { ThrottlingRateLimit: publicThrottle.rateLimit, ThrottlingBurstLimit: publicThrottle.burstLimit };
        // API Gateway refuses route settings for a route key it does not know yet.
        stage.node.addDependency(route);
      }
    }
    // HttpStage has no per-route settings; the stage resource does (keyed by route key).
    (stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
  }
}

/** The logical id CloudFormation gives a construct's resource, as cdk-nag prints it in findings. */
function logicalIdOf(construct: Construct): string {
  const resource = construct.node.defaultChild as CfnElement;
  return Stack.of(construct).getLogicalId(resource);
}

function acknowledgePublic(route: HttpRoute): void {
  Validations.of(route).acknowledge({
    id: 'AwsSolutions-APIG4',
    reason: 'Callable without a token by its definition (x-access public or invitation-link: open calls, published results, health, invitation links); the app re-verifies any bearer token and the use case checks visibility.',
  });
}
