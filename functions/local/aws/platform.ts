/**
 * The deployed shape of Podium on one machine: the synthesized template's HTTP API (routes,
 * JWT authorizer, Lambda integrations) in front of the bundled, minified functions of the cloud
 * assembly, the bucket notifications that invoke the pitch processor and the schedule that invokes
 * the announcer, the queues and the event source mappings that feed the job function — all read from the template, each function run in processes of its own with the
 * environment the template gives it (intrinsics.ts replaces resource names by the stand-ins').
 *
 * What differs from AWS is only configuration: the stand-ins' endpoints, dummy credentials, and
 * the `overrides` a caller passes (the local platform keeps e-mail in the outbox: MAIL_MODE=outbox).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { S3Event } from 'aws-lambda';
import type { JWTVerifyGetKey } from 'jose';
import { describePlatform, matchesPathPattern, readCloudAssembly, wildcardMatch, type LambdaFunctionSpec, type SynthesizedPlatform } from './cloud-assembly.ts';
import { httpApi } from './http-api.ts';
import { IntrinsicResolver, type LocalResources } from './intrinsics.ts';
import { LambdaService, type InvokeResult } from './lambda-service.ts';
import type { EventSourcePoller, LocalSqs } from './sqs.ts';

const RUNTIME_DIR = dirname(fileURLToPath(import.meta.url));

export interface AwsPlatformOptions {
  /** A cloud assembly folder (synthesize.ts). */
  assemblyDirectory: string;
  local: LocalResources;
  /** The stand-ins the functions' SDK clients talk to, and the (dummy) credentials they accept. */
  standIns: {
    dynamodbEndpoint: string;
    s3Endpoint: string;
    /** Where the template's queues live (needed when it has any). */
    sqs?: LocalSqs;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  /** The identity provider's public keys, for the JWT authorizer. */
  keys: JWTVerifyGetKey;
  /** Deliberate local configuration, applied to the variables the template sets (e.g. MAIL_MODE: 'outbox'). */
  overrides?: Record<string, string>;
  /** Local settings for what the template leaves to the code's defaults (e.g. LOG_LEVEL), set in every function. */
  settings?: Record<string, string>;
  /** Function output and integration errors; silent when absent. */
  log?: (message: string) => void;
}

export interface AwsPlatform {
  readonly platform: SynthesizedPlatform;
  /** Whether the CloudFront distribution would send this path to the HTTP API (anything else is the site's). */
  servesPath(path: string): boolean;
  /** A request to the HTTP API. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** An S3 event (AWS's shape) for the bucket: invokes the functions its notifications name. */
  deliverS3Event(event: S3Event): Promise<void>;
  /** Invokes every scheduled rule's targets once, as EventBridge does when the rule fires. */
  runSchedules(): Promise<void>;
  /** Invokes a function directly (tests). */
  invoke(functionId: string, event: unknown): Promise<InvokeResult>;
  stop(): Promise<void>;
}

export function startAwsPlatform(o: AwsPlatformOptions): AwsPlatform {
  const platform = describePlatform(readCloudAssembly(o.assemblyDirectory));
  const stackName = platform.assembly.stackName;
  const sqs = o.standIns.sqs;
  const resolver = new IntrinsicResolver(platform.assembly.template, { ...o.local, ...(sqs ? { sqs } : {}) });
  if (platform.queues.length > 0 && !sqs) throw new Error('The template has SQS queues: start the SQS stand-in (functions/local/aws/sqs.ts) and pass it as standIns.sqs.');
  for (const q of platform.queues)
    sqs!.createQueue(q.logicalId, {
      visibilityTimeoutSeconds: q.visibilityTimeoutSeconds,
      ...(q.redrive ? { redrive: { deadLetterQueue: q.redrive.deadLetterQueueId, maxReceiveCount: q.redrive.maxReceiveCount } } : {}),
    });
  const log = o.log;

  // Every function's environment is resolved now: an unknown intrinsic fails the start, not a request.
  const environments = new Map<string, Record<string, string>>();
  for (const fn of platform.functions.values()) environments.set(fn.logicalId, functionEnvironment(fn));

  function functionEnvironment(fn: LambdaFunctionSpec): Record<string, string> {
    const variables: Record<string, string> = {};
    for (const [name, value] of Object.entries(fn.environment)) variables[name] = resolver.string(value, `${name} of ${fn.logicalId}`);
    for (const [name, value] of Object.entries(o.overrides ?? {})) if (name in variables) variables[name] = value;
    Object.assign(variables, o.settings);
    return {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      ...variables,
      // What the Lambda service sets (reserved: a template cannot override them).
      _HANDLER: fn.handler,
      LAMBDA_TASK_ROOT: fn.codeDirectory,
      LAMBDA_RUNTIME_DIR: RUNTIME_DIR,
      AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
      ...(fn.logFormat ? { AWS_LAMBDA_LOG_FORMAT: fn.logFormat } : {}),
      ...(fn.applicationLogLevel ? { AWS_LAMBDA_LOG_LEVEL: fn.applicationLogLevel } : {}),
      AWS_REGION: o.local.region,
      AWS_DEFAULT_REGION: o.local.region,
      // The execution role's credentials, on Lambda; here what the stand-ins accept.
      AWS_ACCESS_KEY_ID: o.standIns.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: o.standIns.credentials.secretAccessKey,
      // The stand-ins: where the SDK clients go, and the checksum mode they need (DESIGN.md).
      DYNAMODB_ENDPOINT: o.standIns.dynamodbEndpoint,
      S3_ENDPOINT: o.standIns.s3Endpoint,
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
      // The local Node may be older than the Lambda runtime; the SDK's notice about it is noise here.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
  }

  const lambda = new LambdaService({
    functions: platform.functions,
    environment: (fn) => environments.get(fn.logicalId)!,
    region: o.local.region,
    accountId: o.local.accountId,
    onLog: log && ((fn, line) => log(`[${shortName(fn)}] ${line}`)),
  });

  const api = platform.httpApi;
  const handleApi = api
    ? httpApi({
        routes: api.routes,
        resolver,
        keys: o.keys,
        invoke: (id, event) => lambda.invoke(id, event),
        apiId: api.logicalId.toLowerCase().slice(0, 10),
        accountId: o.local.accountId,
        onIntegrationError: log && ((route, message) => log(`[api gateway] ${route}: ${message}`)),
      })
    : async (_req: IncomingMessage, res: ServerResponse) => {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
      };

  // Lambda's pollers: each mapping's queue feeds its function (synchronous invocations).
  const pollers: EventSourcePoller[] = platform.queueEventSources.map((m) =>
    sqs!.poll(m.queueId, {
      batchSize: m.batchSize,
      reportBatchItemFailures: m.reportBatchItemFailures,
      invoke: async (event) => {
        const result = await lambda.invoke(m.functionId, event);
        return result.ok ? { ok: true, payload: result.payload } : { ok: false, error: `${result.errorType}: ${result.errorMessage}` };
      },
      onError: log && ((message) => log(`[sqs ${m.queueId}] ${message}`)),
    }),
  );

  const notifications = platform.bucketNotifications.map((n) => ({ ...n, bucketName: resolver.string(n.bucket, 'the bucket of a notification') }));

  const invokeAsync = async (functionId: string, event: unknown, what: string) => {
    // Asynchronous invocations report nothing to the caller; a failure is only logged (on AWS it
    // would be retried and then go to the function's failure destination).
    const result = await lambda.invoke(functionId, event);
    if (!result.ok) log?.(`[${what}] ${shortName(lambda.functionSpec(functionId))} failed: ${result.errorType}: ${result.errorMessage}`);
  };

  return {
    platform,
    servesPath(path) {
      if (!api) return false;
      // CloudFront takes the first behaviour whose pattern matches (the default one matches all).
      return api.cdnBehaviors?.find((b) => matchesPathPattern(b.pathPattern, path))?.toApi ?? true;
    },
    handle: handleApi,
    async deliverS3Event(event) {
      const work: Promise<void>[] = [];
      for (const record of event.Records ?? []) {
        const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
        for (const n of notifications) {
          if (record.s3.bucket.name !== n.bucketName) continue;
          if (!n.events.some((pattern) => wildcardMatch(pattern, `s3:${record.eventName}`))) continue;
          if ((n.prefix && !key.startsWith(n.prefix)) || (n.suffix && !key.endsWith(n.suffix))) continue;
          work.push(invokeAsync(n.functionId, { Records: [record] }, 's3 notification'));
        }
      }
      await Promise.all(work);
    },
    async runSchedules() {
      await Promise.all(
        platform.schedules.flatMap((rule) =>
          rule.functionIds.map((id) =>
            invokeAsync(
              id,
              {
                version: '0',
                id: randomUUID(),
                'detail-type': 'Scheduled Event',
                source: 'aws.events',
                account: o.local.accountId,
                time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
                region: o.local.region,
                resources: [`arn:aws:events:${o.local.region}:${o.local.accountId}:rule/${stackName}-${rule.logicalId}`],
                detail: {},
              },
              'schedule',
            ),
          ),
        ),
      );
    },
    invoke: (id, event) => lambda.invoke(id, event),
    stop: async () => {
      await Promise.all(pollers.map((p) => p.stop()));
      await lambda.stop();
    },
  };
}

/** `ApiHandlerFunction426EBE6D` → `ApiHandlerFunction`: the construct's name, for log prefixes. */
function shortName(fn: LambdaFunctionSpec): string {
  return fn.logicalId.replace(/[0-9A-F]{8}$/, '');
}
