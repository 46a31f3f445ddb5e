/**
 * Web: the built single-page app in a private bucket behind CloudFront (Origin Access Control),
 * with `/api/*` forwarded to the HTTP API on the same origin, so the browser needs no CORS for
 * the API and the hosted sign-in returns to one fixed URL.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DefaultStackSynthesizer,
  Duration,
  Lazy,
  RemovalPolicy,
  Stack,
  Token,
  Validations,
  type CfnElement,
} from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  Function as CloudFrontFunction,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';

/**
 * Serves the app shell for client-side routes (paths whose last segment has no extension) and
 * leaves asset paths alone, so a missing asset is still a 404. Only on the default behaviour:
 * API errors under /api/* pass through untouched, unlike distribution-wide error responses.
 */
const SPA_REWRITE = `function handler(event) {
  var request = event.request;
  if (!/\\.[^/]*$/.test(request.uri)) {
    request.uri = '/index.html';
  }
  return request;
}`;

/**
 * The app loads scripts and styles from itself only: vite emits no inline script or style, and the
 * few dynamic `style={…}` props are set by Preact through the CSSOM, which CSP does not govern, so
 * there is no 'unsafe-inline'. It talks to its own /api, to the sign-in origins (discovery at the
 * issuer, the token endpoint at the hosted UI) and to S3: pitch parts go up by XHR to presigned
 * URLs and videos play from presigned URLs, at the pitch bucket's regional origin.
 *
 * The bucket's name cannot be in the CloudFront header (the bucket's CORS names the distribution,
 * so the header naming the bucket would be a dependency cycle). The header therefore allows this
 * region's S3 hosts, and the deployed index.html carries a second policy (a <meta> element, written
 * at deploy time) that allows only the pitch bucket. A browser enforces both, so the page may reach
 * the pitch bucket and nothing else at S3.
 */
export function contentSecurityPolicy(o: { s3Origin: string; signInOrigins: readonly string[] }): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    ...s3Directives(o),
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
}

function s3Directives(o: { s3Origin: string; signInOrigins: readonly string[] }): string[] {
  return [`media-src 'self' ${o.s3Origin}`, `connect-src 'self' ${o.s3Origin} ${o.signInOrigins.join(' ')}`.trimEnd()];
}

/** The narrower policy in index.html: only what names the pitch bucket (a <meta> policy may not set frame-ancestors). */
export function pageContentSecurityPolicy(o: { pitchVideosOrigin: string; signInOrigins: readonly string[] }): string {
  return s3Directives({ s3Origin: o.pitchVideosOrigin, signInOrigins: o.signInOrigins }).join('; ');
}

/** Puts the policy early in <head> (after the charset), before any script or stylesheet it must govern. */
export function withPolicyMeta(html: string, policy: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">`;
  const anchor = /<meta\s+charset[^>]*>/i.exec(html) ?? /<head[^>]*>/i.exec(html) ?? /^<!doctype[^>]*>/i.exec(html);
  if (!anchor) return meta + html;
  const at = anchor.index + anchor[0].length;
  return html.slice(0, at) + meta + html.slice(at);
}

/**
 * `https://<bucket>.s3.<region>.amazonaws.com`: the host the SDK presigns for (virtual-hosted,
 * regional), and so the only S3 origin the browser needs.
 */
export function bucketRegionalOrigin(bucket: IBucket): string {
  const stack = Stack.of(bucket);
  return `https://${bucket.bucketName}.s3.${stack.region}.${stack.urlSuffix}`;
}

export interface WebProps {
  /** Folder with the built app (`npm run build:web` writes web/dist); must hold index.html. */
  readonly distFolder: string;
  /** Bucket for CloudFront standard logs and the site bucket's access logs. */
  readonly accessLogs: IBucket;
  /** The pitch-video bucket the browser uploads to and plays from (presigned URLs). */
  readonly pitchVideos: IBucket;
}

/** The runtime configuration the web app fetches from /config.json. */
export interface WebConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly region: string;
}

export class Web extends Construct {
  readonly siteBucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<id>.cloudfront.net` */
  readonly url: string;
  private readonly distFolder: string;
  private readonly signInOrigins: string[] = [];
  private readonly pitchVideos: IBucket;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    this.distFolder = path.resolve(props.distFolder);
    this.pitchVideos = props.pitchVideos;
    if (!existsSync(path.join(this.distFolder, 'index.html'))) {
      throw new Error(
        `No web build at ${this.distFolder} (index.html missing). Run \`npm run build:web\` first, ` +
          'or pass `-c podium:webDist=<folder with index.html>`.',
      );
    }

    this.siteBucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'site/',
      // Its content is rebuilt on every deploy, but emptying it on stack deletion would take
      // another custom-resource Lambda; retaining keeps deletion from failing on a full bucket.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const spaRewrite = new CloudFrontFunction(this, 'SpaRewrite', {
      code: FunctionCode.fromInline(SPA_REWRITE),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Serve index.html for client-side routes',
    });

    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Podium web app security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // Lazy: the sign-in origins are known only once the user pool exists (it needs our URL).
          contentSecurityPolicy: Lazy.string({
            produce: () => {
              const stack = Stack.of(this);
              return contentSecurityPolicy({ s3Origin: `https://*.s3.${stack.region}.${stack.urlSuffix}`, signInOrigins: this.signInOrigins });
            },
          }),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });

    const siteOrigin = S3BucketOrigin.withOriginAccessControl(this.siteBucket);
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Podium web app and API',
      defaultRootObject: 'index.html',
      // The API contract is a static file built with the app (npm run generate), served from
      // the site bucket rather than by the Lambda (which carries no document generator).
      additionalBehaviors: {
        '/api/openapi.json': {
          origin: siteOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
          compress: true,
        },
      },
      defaultBehavior: {
        origin: siteOrigin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [{ function: spaRewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'Open calls accept SMEs, reviewers and investors from any country; there is no region to restrict to.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason: 'No WAF web ACL by default (a CLOUDFRONT-scoped ACL must live in us-east-1 and costs a monthly fee); API Gateway stage throttling bounds request rates. Attach one through webAclId where the programme requires it.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason: 'The distribution uses the default *.cloudfront.net certificate, for which CloudFront does not allow a minimum TLS version to be set; a custom domain with an ACM certificate and TLSv1.2_2021 removes this.',
    });

    this.url = `https://${this.distribution.distributionDomainName}`;
    this.node.addValidation({
      validate: () => (this.signInOrigins.length > 0 ? [] : ['Web: call allowSignInWith(...) with the identity provider origins, or the app cannot sign in under its CSP.']),
    });
  }

  /** Origins the app must reach to sign in (the issuer for discovery, the hosted UI for tokens). */
  allowSignInWith(...origins: string[]): void {
    this.signInOrigins.push(...origins);
  }

  /** Forwards `/api/*` to the HTTP API at `apiDomainName`, uncached, with the viewer's headers. */
  routeApi(apiDomainName: string): void {
    this.distribution.addBehavior(
      '/api/*',
      new HttpOrigin(apiDomainName, {
        protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      }),
      {
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        compress: true,
      },
    );
  }

  /** Uploads the built app plus the /config.json it reads at start-up, and invalidates the cache. */
  deploySite(config: WebConfig): BucketDeployment {
    // Our own role and log group instead of the handler's default AWSLambdaBasicExecutionRole.
    const logGroup = new LogGroup(this, 'DeployLogs', { retention: RetentionDays.ONE_MONTH });
    const role = new Role(this, 'DeployRole', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);

    if (this.signInOrigins.length === 0) throw new Error('Web: call allowSignInWith(...) before deploySite(), or the page cannot sign in under its CSP.');
    // index.html again, with the policy that names the pitch bucket (resolved at deploy time).
    const policy = pageContentSecurityPolicy({ pitchVideosOrigin: bucketRegionalOrigin(this.pitchVideos), signInOrigins: this.signInOrigins });
    const page = withPolicyMeta(readFileSync(path.join(this.distFolder, 'index.html'), 'utf8'), policy);
    const deployment = new BucketDeployment(this, 'Deploy', {
      // Later sources win: the index.html with the <meta> policy replaces the built one.
      sources: [Source.asset(this.distFolder), Source.data('index.html', page), Source.jsonData('config.json', config)],
      destinationBucket: this.siteBucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      // Old hashed assets stay so that a browser holding the previous index.html still works.
      prune: false,
      // Revalidate with the ETag rather than serve a stale shell or config after a deploy.
      cacheControl: [CacheControl.noCache()],
      memoryLimit: 512,
      role,
      logGroup,
    });
    this.acknowledgeDeploymentFindings(role);
    return deployment;
  }

  /**
   * The grants BucketDeployment gives its handler: read the staged asset from the CDK assets
   * bucket, replace the site bucket's objects, invalidate the distribution. They are CDK's, not
   * ours to narrow, and reach no other bucket.
   */
  private acknowledgeDeploymentFindings(role: Role): void {
    const stack = Stack.of(this);
    const reason = (what: string) => `BucketDeployment handler (CDK-provided): ${what}.`;
    const siteObjects = `Resource::<${stack.getLogicalId(this.siteBucket.node.defaultChild as CfnElement)}.Arn>/*`;
    const findings: Array<[string, string]> = [
      ['Action::s3:GetBucket*', reason('reads the bucket location/metadata of the assets bucket and the site bucket')],
      ['Action::s3:GetObject*', reason('reads the zipped web build from the CDK assets bucket')],
      ['Action::s3:List*', reason('lists the site bucket to sync it')],
      ['Action::s3:Abort*', reason('may abort its own multipart uploads into the site bucket')],
      ['Action::s3:DeleteObject*', reason('replaces objects in the site bucket only')],
      [`Resource::${cdkAssetsBucketArn(stack)}/*`, reason('the staged asset key is only known at deploy time, inside the CDK assets bucket')],
      [siteObjects, reason('writes every file of the web build into the site bucket')],
      ['Resource::*', reason('aws-cdk-lib grants cloudfront:CreateInvalidation/GetInvalidation on * and offers no way to scope them to this distribution')],
    ];
    for (const [finding, why] of findings) {
      Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason: why });
    }

    // The handler function itself is a stack-level singleton named after its configuration.
    const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!handler) throw new Error('BucketDeployment handler not found: has aws-cdk-lib renamed it?');
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'BucketDeployment handler runtime is chosen and updated by aws-cdk-lib, not by this project.',
    });
  }
}

/** The CDK bootstrap assets bucket ARN as cdk-nag renders it, e.g. `arn:aws:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-eu-west-1`. */
function cdkAssetsBucketArn(stack: Stack): string {
  const literal = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
  const synthesizer = stack.synthesizer;
  const qualifier =
    (synthesizer instanceof DefaultStackSynthesizer ? synthesizer.bootstrapQualifier : undefined) ??
    DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  const account = literal(stack.account, 'AccountId');
  const region = literal(stack.region, 'Region');
  return `arn:${literal(stack.partition, 'Partition')}:s3:::cdk-${qualifier}-assets-${account}-${region}`;
}
