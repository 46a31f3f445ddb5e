/**
 * Reads a synthesized cloud assembly (what `cdk synth` writes: manifest.json, the stack template,
 * the asset folders) into what the local AWS emulation runs: the HTTP API's routes with their
 * authorizers and integrations, the Lambda functions behind them (bundle folder, handler, timeout,
 * memory, environment), the bucket notifications and the schedules. Nothing here is listed by
 * hand: a route, an authorizer or a timeout exists locally because the template says so.
 *
 * Features the emulation does not reproduce, and that would change what a request gets, are
 * refused loudly (CORS configuration, a stage other than `$default`, payload format 1.0, Lambda
 * authorizers, layers); what does not change an answer is ignored (throttling, access logs,
 * alarms, roles and grants — the stand-ins check no permissions).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnResource, CfnTemplate } from './intrinsics.ts';

export interface CloudAssembly {
  directory: string;
  stackName: string;
  template: CfnTemplate;
  /** S3 object key of each file asset (`<hash>.zip`) → its folder in the assembly. */
  assetFolders: Map<string, string>;
}

export interface LambdaFunctionSpec {
  logicalId: string;
  /** What AWS would call it: the FunctionName property, or `<stack>-<logical id>`. */
  name: string;
  description?: string;
  runtime: string;
  /** The bundle folder (LAMBDA_TASK_ROOT). */
  codeDirectory: string;
  /** `index.handler`: module `index` in the task root, export `handler`. */
  handler: string;
  timeoutSeconds: number;
  memoryMb: number;
  /** Raw template values, intrinsics unresolved. */
  environment: Record<string, unknown>;
  logFormat?: string;
  applicationLogLevel?: string;
  reservedConcurrency?: number;
}

export interface JwtAuthorizerSpec {
  logicalId: string;
  name?: string;
  /** e.g. `$request.header.Authorization` */
  identitySource: string[];
  /** Raw template values. */
  issuer: unknown;
  audience: unknown[];
}

export interface IntegrationSpec {
  logicalId: string;
  functionId: string;
  timeoutMs: number;
}

export interface HttpRouteSpec {
  routeKey: string;
  /** Upper case, or `ANY`; undefined for `$default`. */
  method?: string;
  /** e.g. `/api/competitions/{competitionId}`; undefined for `$default`. */
  path?: string;
  authorizationType: 'NONE' | 'JWT';
  authorizer?: JwtAuthorizerSpec;
  authorizationScopes: string[];
  integration: IntegrationSpec;
}

export interface HttpApiSpec {
  logicalId: string;
  name?: string;
  routes: HttpRouteSpec[];
  /**
   * The CloudFront distribution's behaviours in the order CloudFront tries them (the default one
   * last, as `*`), each saying whether it sends the request to this API; undefined when no
   * distribution fronts the API, so every path is the API's.
   */
  cdnBehaviors?: { pathPattern: string; toApi: boolean }[];
}

export interface BucketNotificationSpec {
  /** Raw template value (a Ref to the bucket). */
  bucket: unknown;
  /** e.g. `s3:ObjectCreated:*` */
  events: string[];
  prefix?: string;
  suffix?: string;
  functionId: string;
}

export interface ScheduleSpec {
  logicalId: string;
  expression: string;
  functionIds: string[];
}

export interface QueueSpec {
  logicalId: string;
  visibilityTimeoutSeconds: number;
  redrive?: { deadLetterQueueId: string; maxReceiveCount: number };
}

/** A Lambda event source mapping from an SQS queue. */
export interface QueueEventSourceSpec {
  logicalId: string;
  queueId: string;
  functionId: string;
  batchSize: number;
  reportBatchItemFailures: boolean;
}

export interface SynthesizedPlatform {
  assembly: CloudAssembly;
  httpApi?: HttpApiSpec;
  functions: Map<string, LambdaFunctionSpec>;
  bucketNotifications: BucketNotificationSpec[];
  schedules: ScheduleSpec[];
  queues: QueueSpec[];
  queueEventSources: QueueEventSourceSpec[];
}

/** The defaults API Gateway applies when the integration says nothing. */
const DEFAULT_INTEGRATION_TIMEOUT_MS = 30_000;
/** Lambda's defaults for a function that sets neither. */
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_MB = 128;

class UnsupportedTemplate extends Error {
  constructor(what: string) {
    super(`The local AWS emulation does not reproduce ${what}; extend functions/local/aws/ before relying on it locally.`);
    this.name = 'UnsupportedTemplate';
  }
}

export function readCloudAssembly(directory: string): CloudAssembly {
  const manifest = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as {
    artifacts?: Record<string, { type: string; properties?: { templateFile?: string; file?: string }; displayName?: string }>;
  };
  const artifacts = Object.entries(manifest.artifacts ?? {});
  const stacks = artifacts.filter(([, a]) => a.type === 'aws:cloudformation:stack');
  if (stacks.length !== 1) throw new UnsupportedTemplate(`a cloud assembly with ${stacks.length} stacks (expected one)`);
  const [stackName, stack] = stacks[0]!;
  const template = JSON.parse(readFileSync(join(directory, stack.properties!.templateFile!), 'utf8')) as CfnTemplate;

  const assetFolders = new Map<string, string>();
  for (const [, artifact] of artifacts.filter(([, a]) => a.type === 'cdk:asset-manifest')) {
    const assets = JSON.parse(readFileSync(join(directory, artifact.properties!.file!), 'utf8')) as {
      files?: Record<string, { source: { path: string; packaging?: string }; destinations: Record<string, { objectKey: string }> }>;
    };
    for (const file of Object.values(assets.files ?? {})) {
      if (file.source.packaging !== 'zip') continue; // a folder, zipped on upload: the Lambda code
      for (const destination of Object.values(file.destinations)) assetFolders.set(destination.objectKey, join(directory, file.source.path));
    }
  }
  return { directory, stackName, template, assetFolders };
}

export function describePlatform(assembly: CloudAssembly): SynthesizedPlatform {
  const resources = assembly.template.Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const functions = new Map<string, LambdaFunctionSpec>();
  const fn = (id: string, where: string): string => {
    if (!functions.has(id)) functions.set(id, lambdaFunction(assembly, id, where));
    return id;
  };

  const apis = ofType('AWS::ApiGatewayV2::Api').filter(([, r]) => r.Properties?.ProtocolType === 'HTTP');
  if (apis.length > 1) throw new UnsupportedTemplate(`${apis.length} HTTP APIs in one stack`);
  let httpApi: HttpApiSpec | undefined;
  if (apis.length === 1) {
    const [apiId, api] = apis[0]!;
    if (api.Properties?.CorsConfiguration) throw new UnsupportedTemplate('an HTTP API CORS configuration');
    const ofApi = (type: string) => ofType(type).filter(([, r]) => refOf(r.Properties?.ApiId) === apiId);
    const stages = ofApi('AWS::ApiGatewayV2::Stage');
    for (const [, stage] of stages)
      if (stage.Properties?.StageName !== '$default') throw new UnsupportedTemplate(`the stage "${stage.Properties?.StageName}" (only $default)`);

    const integrations = new Map<string, IntegrationSpec>();
    for (const [id, integration] of ofApi('AWS::ApiGatewayV2::Integration')) {
      const p = integration.Properties ?? {};
      if (p.IntegrationType !== 'AWS_PROXY') throw new UnsupportedTemplate(`the ${p.IntegrationType} integration ${id} (only Lambda proxy integrations)`);
      if (p.PayloadFormatVersion !== '2.0') throw new UnsupportedTemplate(`payload format ${p.PayloadFormatVersion} in ${id} (only 2.0)`);
      if (p.RequestParameters || p.ResponseParameters) throw new UnsupportedTemplate(`parameter mapping in ${id}`);
      const target = functionArnTarget(p.IntegrationUri);
      if (!target || resources[target]?.Type !== 'AWS::Lambda::Function') throw new UnsupportedTemplate(`the integration target ${JSON.stringify(p.IntegrationUri)} of ${id}`);
      integrations.set(id, { logicalId: id, functionId: fn(target, id), timeoutMs: Number(p.TimeoutInMillis ?? DEFAULT_INTEGRATION_TIMEOUT_MS) });
    }

    const authorizers = new Map<string, JwtAuthorizerSpec>();
    for (const [id, authorizer] of ofApi('AWS::ApiGatewayV2::Authorizer')) {
      const p = authorizer.Properties ?? {};
      if (p.AuthorizerType !== 'JWT') throw new UnsupportedTemplate(`the ${p.AuthorizerType} authorizer ${id} (only JWT authorizers)`);
      authorizers.set(id, {
        logicalId: id,
        name: p.Name,
        identitySource: p.IdentitySource ?? ['$request.header.Authorization'],
        issuer: p.JwtConfiguration?.Issuer,
        audience: p.JwtConfiguration?.Audience ?? [],
      });
    }

    const routes: HttpRouteSpec[] = [];
    for (const [id, route] of ofApi('AWS::ApiGatewayV2::Route')) {
      const p = route.Properties ?? {};
      const routeKey = String(p.RouteKey);
      const integrationId = integrationTarget(p.Target);
      const integration = integrationId ? integrations.get(integrationId) : undefined;
      if (!integration) throw new UnsupportedTemplate(`the target ${JSON.stringify(p.Target)} of route ${id}`);
      const authorizationType = p.AuthorizationType ?? 'NONE';
      if (authorizationType !== 'NONE' && authorizationType !== 'JWT') throw new UnsupportedTemplate(`${authorizationType} authorization on ${routeKey}`);
      const authorizer = authorizationType === 'JWT' ? authorizers.get(refOf(p.AuthorizerId) ?? '') : undefined;
      if (authorizationType === 'JWT' && !authorizer) throw new UnsupportedTemplate(`the authorizer ${JSON.stringify(p.AuthorizerId)} of ${routeKey}`);
      const [method, path] = routeKey === '$default' ? [undefined, undefined] : routeKey.split(' ', 2);
      routes.push({ routeKey, method, path, authorizationType, authorizer, authorizationScopes: p.AuthorizationScopes ?? [], integration });
    }
    httpApi = { logicalId: apiId, name: api.Properties?.Name, routes, cdnBehaviors: cdnBehaviors(resources, apiId) };
  }

  const bucketNotifications: BucketNotificationSpec[] = [];
  for (const [id, notification] of ofType('Custom::S3BucketNotifications')) {
    const config = notification.Properties?.NotificationConfiguration ?? {};
    for (const c of config.LambdaFunctionConfigurations ?? []) {
      const target = functionArnTarget(c.LambdaFunctionArn);
      if (!target) throw new UnsupportedTemplate(`the notification target ${JSON.stringify(c.LambdaFunctionArn)} in ${id}`);
      const rules = (c.Filter?.Key?.FilterRules ?? []) as { Name: string; Value: string }[];
      const rule = (name: string) => rules.find((r) => r.Name.toLowerCase() === name)?.Value;
      bucketNotifications.push({ bucket: notification.Properties?.BucketName, events: c.Events ?? [], prefix: rule('prefix'), suffix: rule('suffix'), functionId: fn(target, id) });
    }
  }

  const schedules: ScheduleSpec[] = [];
  for (const [id, rule] of ofType('AWS::Events::Rule')) {
    const p = rule.Properties ?? {};
    if (!p.ScheduleExpression || p.State === 'DISABLED') continue;
    const functionIds = ((p.Targets ?? []) as { Arn: unknown }[]).map((t) => {
      const target = functionArnTarget(t.Arn);
      if (!target) throw new UnsupportedTemplate(`the schedule target ${JSON.stringify(t.Arn)} in ${id}`);
      return fn(target, id);
    });
    schedules.push({ logicalId: id, expression: p.ScheduleExpression, functionIds });
  }

  const queues: QueueSpec[] = [];
  for (const [id, queue] of ofType('AWS::SQS::Queue')) {
    const p = queue.Properties ?? {};
    if (p.FifoQueue) throw new UnsupportedTemplate(`the FIFO queue ${id}`);
    const redrive = p.RedrivePolicy as { deadLetterTargetArn?: unknown; maxReceiveCount?: number } | undefined;
    const deadLetterQueueId = redrive ? queueArnTarget(redrive.deadLetterTargetArn) : undefined;
    if (redrive && !deadLetterQueueId) throw new UnsupportedTemplate(`the redrive target ${JSON.stringify(redrive.deadLetterTargetArn)} of ${id}`);
    queues.push({
      logicalId: id,
      // SQS's default.
      visibilityTimeoutSeconds: Number(p.VisibilityTimeout ?? 30),
      ...(redrive ? { redrive: { deadLetterQueueId: deadLetterQueueId!, maxReceiveCount: Number(redrive.maxReceiveCount) } } : {}),
    });
  }

  const queueEventSources: QueueEventSourceSpec[] = [];
  for (const [id, mapping] of ofType('AWS::Lambda::EventSourceMapping')) {
    const p = mapping.Properties ?? {};
    const queueId = queueArnTarget(p.EventSourceArn);
    if (!queueId) throw new UnsupportedTemplate(`the event source ${JSON.stringify(p.EventSourceArn)} of ${id} (only SQS queues of the template)`);
    const target = refOf(p.FunctionName);
    if (!target || resources[target]?.Type !== 'AWS::Lambda::Function') throw new UnsupportedTemplate(`the function ${JSON.stringify(p.FunctionName)} of ${id}`);
    if (p.FilterCriteria || p.MaximumBatchingWindowInSeconds) throw new UnsupportedTemplate(`filters or batching windows on ${id}`);
    queueEventSources.push({
      logicalId: id,
      queueId,
      functionId: fn(target, id),
      batchSize: Number(p.BatchSize ?? 10),
      reportBatchItemFailures: ((p.FunctionResponseTypes ?? []) as string[]).includes('ReportBatchItemFailures'),
    });
  }

  return { assembly, httpApi, functions, bucketNotifications, schedules, queues, queueEventSources };
}

function lambdaFunction(assembly: CloudAssembly, id: string, where: string): LambdaFunctionSpec {
  const resource = assembly.template.Resources[id] as CfnResource;
  const p = resource.Properties ?? {};
  const what = `the function ${id} (used by ${where})`;
  if (p.PackageType === 'Image') throw new UnsupportedTemplate(`container images (${what})`);
  if (!String(p.Runtime ?? '').startsWith('nodejs')) throw new UnsupportedTemplate(`the ${p.Runtime} runtime (${what})`);
  if (p.Layers?.length) throw new UnsupportedTemplate(`layers (${what})`);
  const key = p.Code?.S3Key;
  const codeDirectory = typeof key === 'string' ? assembly.assetFolders.get(key) : undefined;
  if (!codeDirectory || !existsSync(codeDirectory)) throw new UnsupportedTemplate(`code that is not a bundled asset of this assembly (${what}: ${JSON.stringify(p.Code)})`);
  return {
    logicalId: id,
    name: typeof p.FunctionName === 'string' ? p.FunctionName : `${assembly.stackName}-${id}`.slice(0, 64),
    description: p.Description,
    runtime: p.Runtime,
    codeDirectory,
    handler: p.Handler ?? 'index.handler',
    timeoutSeconds: Number(p.Timeout ?? DEFAULT_TIMEOUT_SECONDS),
    memoryMb: Number(p.MemorySize ?? DEFAULT_MEMORY_MB),
    environment: p.Environment?.Variables ?? {},
    logFormat: p.LoggingConfig?.LogFormat,
    applicationLogLevel: p.LoggingConfig?.ApplicationLogLevel,
    reservedConcurrency: p.ReservedConcurrentExecutions === undefined ? undefined : Number(p.ReservedConcurrentExecutions),
  };
}

function refOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null && 'Ref' in value ? String((value as { Ref: unknown }).Ref) : undefined;
}

/** `{"Fn::GetAtt": [fn, "Arn"]}` → fn (how CDK names a function in integrations, targets and notifications). */
function functionArnTarget(value: unknown): string | undefined {
  const att = (value as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
  return Array.isArray(att) && att[1] === 'Arn' ? String(att[0]) : undefined;
}

/** `{"Fn::GetAtt": [queue, "Arn"]}` → queue. */
function queueArnTarget(value: unknown): string | undefined {
  return functionArnTarget(value);
}

/** `integrations/<id>`, literal or as `Fn::Join ["", ["integrations/", {"Ref": id}]]`. */
function integrationTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value.startsWith('integrations/') ? value.slice('integrations/'.length) : undefined;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] } | undefined)?.['Fn::Join'];
  if (!join || join[0] !== '' || join[1].length !== 2 || join[1][0] !== 'integrations/') return undefined;
  return refOf(join[1][1]);
}

/** The behaviours of the distribution that has the API's execute-api domain as an origin. */
function cdnBehaviors(resources: Record<string, CfnResource>, apiId: string): HttpApiSpec['cdnBehaviors'] {
  const fronting = Object.values(resources)
    .filter((r) => r.Type === 'AWS::CloudFront::Distribution')
    .map((d) => d.Properties?.DistributionConfig ?? {})
    .filter((config) => ((config.Origins ?? []) as { DomainName: unknown }[]).some((o) => JSON.stringify(o.DomainName).includes(`{"Ref":"${apiId}"}`)));
  if (fronting.length === 0) return undefined;
  if (fronting.length > 1) throw new UnsupportedTemplate('two CloudFront distributions in front of one API');
  const config = fronting[0]!;
  const apiOrigins = new Set(
    ((config.Origins ?? []) as { Id: string; DomainName: unknown }[]).filter((o) => JSON.stringify(o.DomainName).includes(`{"Ref":"${apiId}"}`)).map((o) => o.Id),
  );
  return [
    ...((config.CacheBehaviors ?? []) as { PathPattern: string; TargetOriginId: string }[]).map((b) => ({ pathPattern: b.PathPattern, toApi: apiOrigins.has(b.TargetOriginId) })),
    { pathPattern: '*', toApi: apiOrigins.has(config.DefaultCacheBehavior?.TargetOriginId) },
  ];
}

/** CloudFront's path-pattern match: `*` any run of characters, `?` one character, case-sensitive. */
export function matchesPathPattern(pattern: string, path: string): boolean {
  return wildcardMatch(pattern.startsWith('/') || pattern === '*' ? pattern : `/${pattern}`, path);
}

/** `*` any run of characters, `?` one (CloudFront path patterns, S3 event names like `s3:ObjectCreated:*`). */
export function wildcardMatch(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return regex.test(value);
}
