/**
 * Data: the single DynamoDB table, the pitch-video bucket, and the bucket that receives access
 * logs from the other buckets and from CloudFront. Everything holding user data is retained
 * and recoverable (PITR, versioning).
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
  type IBucket,
} from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { projectionOf, TABLE_KEYS } from '../functions/adapters/dynamodb/table-definition.ts';

/** Browsers upload pitch parts straight to S3 and read the ETag of each part for completion. */
// POST: answer files go up as presigned POST forms (issue 14 §3).
const PITCH_CORS_METHODS = [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD, HttpMethods.POST];

export class Data extends Construct {
  readonly table: Table;
  readonly pitchVideos: Bucket;
  /** Destination for S3 server access logs and CloudFront standard logs. */
  readonly accessLogs: IBucket;
  /** Signs pagination cursors (functions/adapters/dynamodb/cursor.ts), the same for every function. */
  readonly cursorSecret: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    const accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CloudFront standard logging writes with the awslogsdelivery account's ACL grant, so ACLs
      // must stay enabled on this bucket (and only on this one).
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      encryption: BucketEncryption.S3_MANAGED,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log destination bucket; logging it into itself would loop and logging it elsewhere adds a bucket with the same question.',
    });
    this.accessLogs = accessLogs;

    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // AWS-owned keys cost nothing and need no key policy; the table holds no data that a
      // customer-managed key's separate access control would protect better.
      encryption: TableEncryption.AWS_MANAGED,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of TABLE_KEYS.indexes) {
      const projection = projectionOf(index);
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        // As table-definition.ts says: ALL, KEYS_ONLY, or INCLUDE with the attributes named there.
        ...(projection.type === 'INCLUDE'
          ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...projection.nonKeyAttributes] }
          : { projectionType: projection.type === 'KEYS_ONLY' ? ProjectionType.KEYS_ONLY : ProjectionType.ALL }),
      });
    }

    this.cursorSecret = new Secret(this, 'CursorSecret', {
      description: 'Podium: signs pagination cursors so a crafted cursor cannot reach another listing',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.cursorSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Rotating it would only send people holding a page link back to the first page; it protects no data, so a rotation Lambda is not worth its cost.',
    });

    this.pitchVideos = new Bucket(this, 'PitchVideos', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'pitch-videos/',
      lifecycleRules: [
        { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { id: 'expire-noncurrent', noncurrentVersionExpiration: Duration.days(30) },
        // Export files (infra/jobs.ts) are downloaded within minutes; a week is plenty.
        { id: 'expire-exports', prefix: 'exports/', expiration: Duration.days(7) },
        // Raw caption uploads are read and deleted within seconds (issue 14); any left behind, a day later.
        { id: 'expire-caption-uploads', prefix: 'caption-uploads/', expiration: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * Lets the web app at `origin` (e.g. `https://d123.cloudfront.net`) upload and play pitch
   * videos with presigned URLs. Called once the distribution exists.
   */
  allowBrowserAccessFrom(origin: string): void {
    this.pitchVideos.addCorsRule({
      allowedOrigins: [origin],
      allowedMethods: PITCH_CORS_METHODS,
      allowedHeaders: ['*'],
      exposedHeaders: ['ETag'],
      maxAge: 3000,
    });
  }
}
