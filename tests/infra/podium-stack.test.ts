/**
 * Template tests: what the synthesised CloudFormation says about each concern. Bundling is
 * skipped, so these run in about a second.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectionOf, TABLE_KEYS } from '../../functions/adapters/dynamodb/table-definition.ts';
import { buildOpenApiDocument } from '../../functions/app/openapi-document.ts';

/** The API contract's operations: every one a route; those callable without a token, routes without the authorizer. */
const documented = Object.entries(buildOpenApiDocument().paths as Record<string, Record<string, { 'x-access': string[] }>>).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, anonymous: op['x-access'].includes('public') || op['x-access'].includes('invitation-link') })),
);
const ANONYMOUS = documented.filter((o) => o.anonymous).map((o) => o.key);
import { API_AREAS } from '../../functions/app/api-area-of.ts';
import { AREA_CONSTRUCT_ID, AREA_SENDS_MAIL } from '../../infra/api.ts';
import { podiumApp, removeTempDirs } from './podium-app.ts';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

afterAll(removeTempDirs);

let template: Template;
let outdir: string;
let logicalIds: { table: string; pitchVideos: string; site: string; userPool: string; webClient: string; httpApi: string };

beforeAll(() => {
  // Prepare
  const { app, stack } = podiumApp();
  // Act
  template = Template.fromStack(stack);
  outdir = app.outdir;
  const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);
  logicalIds = {
    table: id(stack.data.table),
    pitchVideos: id(stack.data.pitchVideos),
    site: id(stack.web.siteBucket),
    userPool: id(stack.auth.userPool),
    webClient: id(stack.auth.webClient),
    httpApi: id(stack.api.httpApi),
  };
});

function resource(logicalId: string): Resource {
  const found = template.toJSON().Resources[logicalId] as Resource | undefined;
  if (!found) throw new Error(`no resource ${logicalId}`);
  return found;
}

describe('data', () => {
  it('has one on-demand, PITR-protected, retained table keyed by TABLE_KEYS', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    const table = resource(logicalIds.table);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
    });
  });

  it('declares every GSI from TABLE_KEYS with string keys and its projection', () => {
    const table = resource(logicalIds.table).Properties as {
      GlobalSecondaryIndexes: Array<{ IndexName: string; KeySchema: unknown; Projection: unknown }>;
      AttributeDefinitions: Array<{ AttributeName: string; AttributeType: string }>;
    };
    expect(table.GlobalSecondaryIndexes).toEqual(
      TABLE_KEYS.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: (() => {
          const p = projectionOf(index);
          return p.type === 'INCLUDE' ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...p.nonKeyAttributes] } : { ProjectionType: p.type };
        })(),
      })),
    );
    // Indexes may share key attributes (gsi4 is keyed like gsi1, which it replaces): each is defined once.
    const allKeys = [...new Set([TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, ...TABLE_KEYS.indexes.flatMap((i) => [i.partitionKey, i.sortKey])])];
    expect(table.AttributeDefinitions).toHaveLength(allKeys.length);
    expect(table.AttributeDefinitions).toEqual(
      expect.arrayContaining(allKeys.map((name) => ({ AttributeName: name, AttributeType: 'S' }))),
    );
  });

  it('keeps pitch videos private, encrypted, versioned and retained', () => {
    const bucket = resource(logicalIds.pitchVideos);
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { LogFilePrefix: 'pitch-videos/' },
    });
  });

  it('aborts incomplete multipart uploads after a day and expires old versions', () => {
    const rules = (resource(logicalIds.pitchVideos).Properties.LifecycleConfiguration as { Rules: unknown[] }).Rules;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }),
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' }),
      ]),
    );
  });

  it('lets only the web origin PUT/GET/HEAD pitch videos (and POST answer files) cross-origin and exposes ETag', () => {
    const cors = resource(logicalIds.pitchVideos).Properties.CorsConfiguration as { CorsRules: Array<Record<string, unknown>> };
    expect(cors.CorsRules).toHaveLength(1);
    const [rule] = cors.CorsRules;
    expect(rule).toMatchObject({ AllowedHeaders: ['*'], ExposedHeaders: ['ETag'] });
    expect([...(rule!.AllowedMethods as string[])].sort()).toEqual(['GET', 'HEAD', 'POST', 'PUT']);
    expect(JSON.stringify(rule!.AllowedOrigins)).toContain('WebDistribution');
  });

  it('denies non-TLS requests on every bucket', () => {
    const policies = template.findResources('AWS::S3::BucketPolicy');
    expect(Object.keys(policies)).toHaveLength(3);
    for (const policy of Object.values(policies)) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      );
    }
  });
});

describe('auth', () => {
  it('lets people sign themselves up with a verified email and a strong password', () => {
    expect(resource(logicalIds.userPool).DeletionPolicy).toBe('Retain');
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      // An e-mail change takes effect only once the new address is verified.
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'email', Required: true }),
        Match.objectLike({ Name: 'name', Required: true }),
      ]),
    });
  });

  it('has the organisers group and a hosted UI domain', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
      GroupName: 'organisers',
      UserPoolId: { Ref: logicalIds.userPool },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'podium-test' });
  });

  it('gives the web app a public code-flow client (PKCE) returning to CloudFront', () => {
    const client = resource(logicalIds.webClient).Properties;
    expect(client).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
    });
    expect(client.ReadAttributes).toEqual(expect.arrayContaining(['email', 'name']));
    const distribution = { 'Fn::GetAtt': [expect.stringMatching(/^WebDistribution/), 'DomainName'] };
    expect(client.CallbackURLs).toEqual([{ 'Fn::Join': ['', ['https://', distribution, '/auth/callback']] }]);
    expect(client.LogoutURLs).toEqual([{ 'Fn::Join': ['', ['https://', distribution, '/']] }]);
  });

  it('records each confirmed sign-up by a post-confirmation trigger that may only put account items', () => {
    const [fnId, fn, ...more] = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) => id.startsWith('AuthAccountCreatedFunction')).flat();
    expect(more).toEqual([]);
    const fnProps = (fn as Resource).Properties;
    expect(resource(logicalIds.userPool).Properties.LambdaConfig).toEqual({ PostConfirmation: { 'Fn::GetAtt': [fnId, 'Arn'] } });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
      Principal: 'cognito-idp.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [logicalIds.userPool, 'Arn'] },
    });
    // Cognito waits 5 s for a trigger; the function knows the table and nothing else (no secret, no pool: no cycle).
    expect(fnProps).toMatchObject({ Timeout: 5, Runtime: 'nodejs24.x', Architectures: ['arm64'] });
    expect((fnProps.Environment as { Variables: unknown }).Variables).toEqual({ TABLE_NAME: { Ref: logicalIds.table } });
    const policies = Object.values(template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^AuthAccountCreatedRole') }] },
    }));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown; Condition?: unknown }>);
    const table = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(table).toEqual([
      {
        Effect: 'Allow',
        Action: 'dynamodb:PutItem',
        Resource: { 'Fn::GetAtt': [logicalIds.table, 'Arn'] },
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['USER#*'] } },
      },
    ]);
    // Besides that, only its own log group.
    expect(statements.filter((s) => !table.includes(s)).flatMap((s) => [s.Action].flat()).every((a) => a.startsWith('logs:'))).toBe(true);
  });
});

describe('api', () => {
  const routes = () =>
    Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties as { RouteKey: string; AuthorizationType?: string; AuthorizerId?: unknown },
    );

  it('is an HTTP API with a Cognito JWT authorizer for the web client', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: { 'Fn::GetAtt': [logicalIds.userPool, 'ProviderURL'] },
        Audience: [{ Ref: logicalIds.webClient }],
      },
    });
  });

  it('has exactly one route per documented operation; only those callable without a token skip the JWT authorizer', () => {
    const byKey = new Map(routes().map((r) => [r.RouteKey, r]));
    expect([...byKey.keys()].sort()).toEqual(documented.map((o) => o.key).sort());
    const anonymousInTemplate = [...byKey].filter(([, r]) => r.AuthorizationType === 'NONE').map(([key]) => key);
    expect(anonymousInTemplate.sort()).toEqual([...ANONYMOUS].sort());
    for (const [key, r] of byKey)
      if (!ANONYMOUS.includes(key)) expect(r, key).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: expect.any(String) } });
    // The two routes that answered 401 on AWS when a hand-written list disagreed with the app.
    expect(ANONYMOUS).toEqual(expect.arrayContaining(['GET /api/competitions/{competitionId}/results', 'GET /api/invitations/{competitionId}/{token}']));
  });

  it('logs access on the throttled $default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] }, Format: Match.stringLikeRegexp('requestId') },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('gives every public route its own, lower throttle, after the routes exist', () => {
    const [id, stage] = Object.entries(template.findResources('AWS::ApiGatewayV2::Stage'))[0]!;
    expect(id).toMatch(/^ApiDefaultStage/);
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    expect(stage.Properties.RouteSettings).toEqual(Object.fromEntries(ANONYMOUS.map((k) => [k, { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 }])));
    const routeIds = Object.entries(template.findResources('AWS::ApiGatewayV2::Route'))
      .filter(([, r]) => r.Properties.AuthorizationType === 'NONE')
      .map(([routeId]) => routeId);
    expect(routeIds).toHaveLength(ANONYMOUS.length);
    expect(stage.DependsOn).toEqual(expect.arrayContaining(routeIds));
  });

  it('signs pagination cursors with one generated, retained secret that every function gets', () => {
    const [secretId, secret] = Object.entries(template.findResources('AWS::SecretsManager::Secret'))[0]!;
    expect(secret.DeletionPolicy).toBe('Retain');
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
    // Every function with the table but the sign-up trigger, which writes account records only (auth below).
    const functions = Object.entries(template.findResources('AWS::Lambda::Function'))
      .filter(([id, f]) => f.Properties.Environment?.Variables?.TABLE_NAME && !id.startsWith('AuthAccountCreated'))
      .map(([, f]) => f);
    expect(functions.length).toBeGreaterThanOrEqual(3);
    for (const f of functions) expect(JSON.stringify(f.Properties.Environment.Variables.CURSOR_SECRET)).toContain(secretId);
  });

  it('runs the api handler on Node 24 / ARM64 with its configuration', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^ApiHandlerLogs') } },
      Environment: {
        Variables: {
          TABLE_NAME: { Ref: logicalIds.table },
          BUCKET_NAME: { Ref: logicalIds.pitchVideos },
          AUTH_ISSUER: { 'Fn::GetAtt': [logicalIds.userPool, 'ProviderURL'] },
          AUTH_AUDIENCE: { Ref: logicalIds.webClient },
        },
      },
    });
  });

  it('ships source maps without loading them at start-up (no --enable-source-maps on any function)', () => {
    // Loading the map costs every cold start ≈ 20–40 ms; infra/lambda-function.ts says how to map traces instead.
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThanOrEqual(3);
    for (const f of functions) expect(JSON.stringify(f.Properties.Environment?.Variables ?? {})).not.toContain('enable-source-maps');
  });

  it('grants the api handler only named actions, scoped to its table, bucket and log group', () => {
    const [policy, ...others] = Object.values(template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^ApiHandlerRole') }] },
    }));
    expect(others).toHaveLength(0);
    const statements = policy!.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>;
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem', 's3:PutObject', 's3:AbortMultipartUpload']));

    const tableStatement = statements.find((s) => [s.Action].flat().includes('dynamodb:GetItem'));
    expect(tableStatement?.Resource).toEqual([
      { 'Fn::GetAtt': [logicalIds.table, 'Arn'] },
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalIds.table, 'Arn'] }, '/index/*']] },
    ]);
    const bucketStatement = statements.find((s) => [s.Action].flat().includes('s3:AbortMultipartUpload'));
    expect(bucketStatement?.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalIds.pitchVideos, 'Arn'] }, '/pitches/*']] });
    // Deleting videos is the processor's job; ListParts is not needed (the API records ETags).
    // The API deletes only caption files (issue 14): replaced captions and read raw uploads; and replaced answer files (§3).
    const deletes = statements.filter((s) => [s.Action].flat().includes('s3:DeleteObject'));
    expect(deletes.flatMap((s) => JSON.stringify(s.Resource).match(/\/[a-z-]+\/\*/g) ?? []).sort()).toEqual(['/answer-files/*', '/caption-uploads/*', '/captions/*']);
    expect(actions).not.toContain('s3:ListMultipartUploadParts');
    expect(JSON.stringify(statements)).not.toMatch(/"Resource":"\*"/);
  });

  it('uses its own role without AWS managed policies', () => {
    const roles = template.findResources('AWS::IAM::Role');
    for (const [id, role] of Object.entries(roles)) {
      // CDK's own deploy-time bucket-notifications handler is the one exception (acknowledged).
      if (id.startsWith('BucketNotificationsHandler')) continue;
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('mail', () => {
  it('creates an SES identity for the sender and lets exactly the API areas that send mail send from it', () => {
    template.resourceCountIs('AWS::SES::EmailIdentity', 1);
    // The identity decides who sends; every sender may also use the configuration set (infra/mail.ts), which alone sends nothing.
    for (const area of API_AREAS) {
      const role = `^Api${AREA_CONSTRUCT_ID[area]}Role`;
      const policies = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp(role) }] } }));
      const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>);
      const ses = statements.filter((st) => [st.Action].flat().includes('ses:SendEmail'));
      expect(JSON.stringify(ses.map((s) => s.Resource)).includes('identity/'), area).toBe(AREA_SENDS_MAIL[area]);
    }
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MAIL_MODE: 'ses', MAIL_FROM: Match.anyValue(), WEB_ORIGIN: Match.anyValue() }) },
    });
    const processorPolicies = Object.values(template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^MediaPitchProcessorRole') }] },
    }));
    expect(JSON.stringify(processorPolicies)).not.toContain('ses:');
  });
});

describe('announcements', () => {
  it('runs the announcer every 15 minutes with item, query and job-queue rights only (the notifications job sends the mail)', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AnnouncementsAnnouncerFunction'), 'Arn'] } })],
    });
    const policies = Object.values(template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^AnnouncementsAnnouncerRole') }] },
    }));
    const text = JSON.stringify(policies);
    expect(text).toContain('dynamodb:Query');
    expect(text).toContain('sqs:SendMessage');
    for (const forbidden of ['dynamodb:Scan', 'ses:', 's3:PutObject', 's3:DeleteObject']) expect(text).not.toContain(forbidden);
    // The job function that sends the entrants' notifications may send from the identity.
    const runner = JSON.stringify(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^JobsRunnerRole') }] } }));
    expect(runner).toContain('ses:SendEmail');
  });
});

describe('media', () => {
  it('notifies the pitch processor of every object created under pitches/ and answer-files/', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: logicalIds.pitchVideos },
      NotificationConfiguration: {
        LambdaFunctionConfigurations: ['pitches/', 'answer-files/'].map((prefix) => ({
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: prefix }] } },
          LambdaFunctionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MediaPitchProcessorFunction'), 'Arn'] },
        })),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 's3.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [logicalIds.pitchVideos, 'Arn'] },
    });
  });

  it('runs the processor with its configuration and a timeout long enough for ranged reads', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      Timeout: 60,
      Environment: { Variables: Match.objectLike({ TABLE_NAME: { Ref: logicalIds.table }, BUCKET_NAME: { Ref: logicalIds.pitchVideos } }) },
      Description: Match.stringLikeRegexp('verifies uploaded pitch videos'),
    });
  });

  it('grants the processor only item reads/writes on the table and read/delete under pitches/ and answer-files/', () => {
    const [policy, ...others] = Object.values(template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^MediaPitchProcessorRole') }] },
    }));
    expect(others).toHaveLength(0);
    const statements = policy!.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>;
    const byAction = (a: string) => statements.find((st) => [st.Action].flat().includes(a));
    expect([byAction('dynamodb:GetItem')?.Action].flat().sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    expect(byAction('dynamodb:GetItem')?.Resource).toEqual({ 'Fn::GetAtt': [logicalIds.table, 'Arn'] });
    const objectStatements = statements.filter((st) => [st.Action].flat().includes('s3:GetObject'));
    for (const st of objectStatements) expect([st.Action].flat().sort()).toEqual(['s3:DeleteObject', 's3:GetObject']);
    expect(objectStatements.flatMap((st) => [st.Resource].flat())).toEqual(expect.arrayContaining(['/pitches/*', '/answer-files/*'].map((p) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalIds.pitchVideos, 'Arn'] }, p]] }))));
    expect(objectStatements.flatMap((st) => [st.Resource].flat())).toHaveLength(2);
    const actions = statements.flatMap((st) => [st.Action].flat());
    expect(actions).not.toContain('dynamodb:Query');
    expect(actions).not.toContain('s3:PutObject');
  });
});

describe('web', () => {
  const distributionConfig = () =>
    Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig as {
      Origins: Array<{ Id: string; DomainName: unknown; OriginAccessControlId?: unknown; CustomOriginConfig?: Record<string, unknown> }>;
      DefaultCacheBehavior: Record<string, unknown>;
      CacheBehaviors: Array<Record<string, unknown>>;
      CustomErrorResponses?: unknown;
      DefaultRootObject: string;
    };

  it('serves the private site bucket through Origin Access Control', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    const config = distributionConfig();
    expect(config.DefaultRootObject).toBe('index.html');
    const s3Origin = config.Origins.find((o) => o.OriginAccessControlId);
    expect(s3Origin?.DomainName).toEqual({ 'Fn::GetAtt': [logicalIds.site, 'RegionalDomainName'] });
    expect(config.DefaultCacheBehavior).toMatchObject({ TargetOriginId: s3Origin?.Id, ViewerProtocolPolicy: 'redirect-to-https' });
  });

  it('rewrites client-side routes to index.html on the default behaviour only (no error-page fallback)', () => {
    const config = distributionConfig();
    expect(config.CustomErrorResponses).toBeUndefined();
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [expect.stringMatching(/^WebSpaRewrite/), 'FunctionARN'] } },
    ]);
    template.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionConfig: { Runtime: 'cloudfront-js-2.0' },
      FunctionCode: Match.stringLikeRegexp("request.uri = '/index.html'"),
    });
  });

  it('forwards /api/* to the HTTP API uncached, with all methods and viewer headers except Host', () => {
    const config = distributionConfig();
    const api = config.CacheBehaviors.find((b) => b.PathPattern === '/api/*');
    expect(api).toMatchObject({
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // Managed-AllViewerExceptHostHeader
      ViewerProtocolPolicy: 'https-only',
    });
    expect(api!.FunctionAssociations).toBeUndefined();
    const origin = config.Origins.find((o) => o.Id === api!.TargetOriginId);
    expect(JSON.stringify(origin?.DomainName)).toContain(logicalIds.httpApi);
    expect(origin?.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
  });

  it('adds security headers, including a CSP, to the app', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: Match.objectLike({
          // Its content (a Fn::Join naming the region and the sign-in domain) is checked below.
          ContentSecurityPolicy: Match.objectLike({ ContentSecurityPolicy: Match.anyValue(), Override: true }),
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31_536_000 }),
          FrameOptions: Match.objectLike({ FrameOption: 'DENY' }),
        }),
      },
    });
    expect(distributionConfig().DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: expect.stringMatching(/^WebSecurityHeaders/) });
  });

  /** A CloudFormation string (Fn::Join of literals and Refs) as text, Refs shown as ${LogicalId}. */
  const render = (value: unknown): string => {
    if (typeof value === 'string') return value;
    const v = value as { 'Fn::Join'?: [string, unknown[]]; Ref?: string; 'Fn::GetAtt'?: [string, string] };
    if (v.Ref) return `\${${v.Ref}}`;
    if (v['Fn::GetAtt']) return `\${${v['Fn::GetAtt'].join('.')}}`;
    if (v['Fn::Join']) return v['Fn::Join'][1].map(render).join(v['Fn::Join'][0]);
    throw new Error(`cannot render ${JSON.stringify(value)}`);
  };
  const directives = (policy: string) => Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
  const signIn = ['https://cognito-idp.${AWS::Region}.${AWS::URLSuffix}', expect.stringMatching(/^https:\/\/\$\{AuthUserPoolDomain\w+\}\.auth\.\$\{AWS::Region\}\.amazoncognito\.com$/)];

  it('has a CSP without unsafe-inline whose media and connect sources are S3 in the region and the sign-in origins only', () => {
    const [policy] = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    const csp = render(policy!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).not.toContain('unsafe-');
    const d = directives(csp);
    expect(d['default-src']).toEqual(["'self'"]);
    expect(d['frame-ancestors']).toEqual(["'none'"]);
    expect(d['style-src']).toEqual(["'self'"]);
    expect(d['script-src']).toEqual(["'self'"]);
    const regionalS3 = 'https://*.s3.${AWS::Region}.${AWS::URLSuffix}';
    expect(d['media-src']).toEqual(["'self'", regionalS3]);
    expect(d['connect-src']).toEqual(["'self'", regionalS3, ...signIn]);
  });

  it('deploys index.html with a <meta> policy that narrows S3 to the pitch bucket', () => {
    const [deployment] = Object.values(template.findResources('Custom::CDKBucketDeployment'));
    const props = deployment!.Properties as { SourceObjectKeys: string[]; SourceMarkers: Record<string, unknown>[] };
    const html = readFileSync(path.join(outdir, `asset.${props.SourceObjectKeys[1]!.replace(/\.zip$/, '')}`, 'index.html'), 'utf8');
    const content = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(content).toBeDefined();
    // Markers stand for deploy-time values; put the logical ids in their place.
    const policy = Object.entries(props.SourceMarkers[1]!).reduce((text, [marker, value]) => text.split(marker).join(render(value)), content!);
    const bucket = `https://\${${logicalIds.pitchVideos}}.s3.\${AWS::Region}.\${AWS::URLSuffix}`;
    expect(directives(policy)).toEqual({ 'media-src': ["'self'", bucket], 'connect-src': ["'self'", bucket, ...signIn] });
    expect(html.indexOf('<meta http-equiv')).toBeLessThan(html.indexOf('<title>')); // before anything it governs
  });

  it('deploys the build with a generated config.json naming the issuer and client', () => {
    const [deployment] = Object.values(template.findResources('Custom::CDKBucketDeployment'));
    const props = deployment!.Properties as Record<string, unknown>;
    expect(props.DestinationBucketName).toEqual({ Ref: logicalIds.site });
    expect(props.SourceObjectKeys).toHaveLength(3); // the build, index.html with its <meta> policy, config.json
    expect(props.DistributionPaths).toEqual(['/*']);
    // Source.jsonData with tokens becomes markers substituted at deploy time.
    const markers = JSON.stringify(props.SourceMarkers);
    expect(markers).toContain(logicalIds.userPool);
    expect(markers).toContain(logicalIds.webClient);
  });

  it('outputs the URLs and ids a deployer needs', () => {
    const outputs = Object.keys(template.toJSON().Outputs as object);
    expect(outputs).toEqual(expect.arrayContaining(['WebUrl', 'ApiUrl', 'UserPoolId', 'UserPoolClientId', 'HostedUiDomain']));
  });
});

describe('synth guard', () => {
  it('refuses to synthesise without a web build and says how to make one', () => {
    expect(() => podiumApp({ context: { 'podium:webDist': '/nonexistent/podium-web-dist' } })).toThrow(/npm run build:web/);
  });
});
