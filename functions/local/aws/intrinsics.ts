/**
 * CloudFormation values → what stands for them on this machine. A synthesized template names its
 * resources by intrinsic functions (`{"Ref": "DataTable…"}`, `{"Fn::GetAtt": ["AuthUserPool…",
 * "ProviderURL"]}`, a `{{resolve:secretsmanager:…}}` dynamic reference); deployed, CloudFormation
 * fills in the real names. Locally each kind of resource has exactly one stand-in (the dynalite
 * table, the s3rver bucket, the local OpenID provider and its client, the platform's own origin,
 * the data folder's cursor secret), so the rules below map by resource type — and refuse, loudly,
 * anything they do not know, or a second resource of a kind that has only one stand-in, rather
 * than start functions whose configuration would silently differ from the deployed one.
 */

/** The one local stand-in for each kind of resource the functions are configured with. */
export interface LocalResources {
  region: string;
  accountId: string;
  /** Every AWS::DynamoDB::Table. */
  tableName: string;
  /** The AWS::S3::Bucket the functions use (the pitch videos). */
  bucketName: string;
  /** AWS::Cognito::UserPool ProviderURL: the local OpenID provider's issuer. */
  issuer: string;
  /** AWS::Cognito::UserPoolClient: the local web client's id. */
  clientId: string;
  /** `https://` + the CloudFront distribution's domain: the local platform's own origin. */
  webOrigin: string;
  /** The SecretString of the AWS::SecretsManager::Secret (the cursor secret). */
  secretString: string;
  /**
   * The SQS stand-in (sqs.ts), where every AWS::SQS::Queue is a queue named by its logical id.
   * Absent: a template whose functions name a queue cannot run here.
   */
  sqs?: { queueUrl(name: string): string; queueArn(name: string): string };
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, any>;
  Metadata?: Record<string, unknown>;
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
}

/** A template value the local platform cannot stand in for. */
export class UnmappedIntrinsic extends Error {
  constructor(where: string, value: unknown, why: string) {
    super(
      `The local AWS emulation cannot provide ${where} = ${JSON.stringify(value)}: ${why}. ` +
        'Teach functions/local/aws/intrinsics.ts what stands for it on this machine.',
    );
    this.name = 'UnmappedIntrinsic';
  }
}

/** Marks a secret's `Ref` (its ARN) until the dynamic reference around it is resolved. */
const SECRET_ARN_PREFIX = 'arn:aws:secretsmanager:local:000000000000:secret:';
const DYNAMIC_SECRET = /\{\{resolve:secretsmanager:([^:}]+(?::[^:}]+)*?):SecretString:([^:}]*):([^:}]*):([^:}]*)\}\}/g;

/** Resolves template values; one instance per template, so "one of a kind" holds across all of them. */
export class IntrinsicResolver {
  /** kind → the logical id first mapped to its single stand-in. */
  readonly #singles = new Map<string, string>();

  constructor(
    private readonly template: CfnTemplate,
    private readonly local: LocalResources,
  ) {}

  /** A string for `value`, or UnmappedIntrinsic. `where` names the value in error messages. */
  string(value: unknown, where: string): string {
    const resolved = this.#value(value, where);
    return this.#dynamicReferences(resolved, where);
  }

  #value(value: unknown, where: string): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UnmappedIntrinsic(where, value, 'not a string');
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length !== 1) throw new UnmappedIntrinsic(where, value, 'not an intrinsic function');
    const [fn, arg] = entries[0]!;
    switch (fn) {
      case 'Ref':
        return this.#ref(String(arg), where, value);
      case 'Fn::GetAtt':
        return this.#getAtt(arg, where, value);
      case 'Fn::Join':
        return this.#join(arg, where, value);
      default:
        throw new UnmappedIntrinsic(where, value, `${fn} is not supported`);
    }
  }

  #ref(id: string, where: string, whole: unknown): string {
    switch (id) {
      case 'AWS::Region':
        return this.local.region;
      case 'AWS::AccountId':
        return this.local.accountId;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
    }
    const type = this.#typeOf(id, where, whole);
    switch (type) {
      case 'AWS::DynamoDB::Table':
        return this.#single('table', id, this.local.tableName);
      case 'AWS::S3::Bucket':
        return this.#single('bucket', id, this.local.bucketName);
      case 'AWS::Cognito::UserPoolClient':
        return this.#single('user pool client', id, this.local.clientId);
      case 'AWS::SQS::Queue':
        // A queue's Ref is its URL.
        return this.#sqs(where, whole).queueUrl(id);
      case 'AWS::SecretsManager::Secret':
        // A secret's Ref is its ARN; only a dynamic reference to it yields the value (below).
        this.#single('secret', id, this.local.secretString);
        return `${SECRET_ARN_PREFIX}${id}`;
      case 'AWS::SES::ConfigurationSet':
        // Its name (H6, infra/mail.ts). Locally mail goes to the outbox, which names no configuration set.
        return id;
      default:
        throw new UnmappedIntrinsic(where, whole, `no local stand-in for a ${type}`);
    }
  }

  #getAtt(arg: unknown, where: string, whole: unknown): string {
    const [id, attribute] = Array.isArray(arg) ? (arg as string[]) : String(arg).split('.');
    const type = this.#typeOf(String(id), where, whole);
    if (type === 'AWS::Cognito::UserPool' && attribute === 'ProviderURL') return this.#single('user pool', String(id), this.local.issuer);
    if (type === 'AWS::SQS::Queue' && attribute === 'Arn') return this.#sqs(where, whole).queueArn(String(id));
    if (type === 'AWS::SQS::Queue' && attribute === 'QueueUrl') return this.#sqs(where, whole).queueUrl(String(id));
    if (type === 'AWS::SQS::Queue' && attribute === 'QueueName') return String(id);
    throw new UnmappedIntrinsic(where, whole, `no local stand-in for the ${attribute} of a ${type}`);
  }

  #join(arg: unknown, where: string, whole: unknown): string {
    if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string' || !Array.isArray(arg[1])) throw new UnmappedIntrinsic(where, whole, 'malformed Fn::Join');
    const [separator, parts] = arg as [string, unknown[]];
    // The web app's URL: CloudFront serves it over https from the distribution's domain; locally
    // the platform serves it (over http, on its own port) — so the whole URL is replaced.
    if (separator === '' && parts.length === 2 && parts[0] === 'https://') {
      const domain = parts[1] as { 'Fn::GetAtt'?: unknown };
      const att = Array.isArray(domain?.['Fn::GetAtt']) ? (domain['Fn::GetAtt'] as string[]) : undefined;
      if (att && att[1] === 'DomainName' && this.#typeOf(att[0]!, where, whole) === 'AWS::CloudFront::Distribution')
        return this.#single('distribution', att[0]!, this.local.webOrigin);
    }
    return parts.map((part, i) => this.#value(part, `${where} (part ${i + 1})`)).join(separator);
  }

  /** `{{resolve:secretsmanager:<arn>:SecretString:::}}` → the local secret; any other dynamic reference fails. */
  #dynamicReferences(value: string, where: string): string {
    const resolved = value.replace(DYNAMIC_SECRET, (match, secretId: string, jsonKey: string, stage: string, version: string) => {
      if (!secretId.startsWith(SECRET_ARN_PREFIX)) throw new UnmappedIntrinsic(where, match, 'the secret is not one of this template\'s secrets');
      if (jsonKey || stage || version) throw new UnmappedIntrinsic(where, match, 'only the whole SecretString of the current version is supported');
      return this.local.secretString;
    });
    if (resolved.includes('{{resolve:')) throw new UnmappedIntrinsic(where, value, 'an unsupported dynamic reference');
    return resolved;
  }

  #sqs(where: string, whole: unknown): NonNullable<LocalResources['sqs']> {
    if (!this.local.sqs) throw new UnmappedIntrinsic(where, whole, 'no SQS stand-in was given to the platform');
    return this.local.sqs;
  }

  #typeOf(id: string, where: string, whole: unknown): string {
    const resource = this.template.Resources[id];
    if (!resource) throw new UnmappedIntrinsic(where, whole, `${id} is not a resource of the template`);
    return resource.Type;
  }

  /** The local platform has one of each: a second resource of the same kind cannot be told apart. */
  #single(kind: string, id: string, value: string): string {
    const first = this.#singles.get(kind);
    if (first === undefined) this.#singles.set(kind, id);
    else if (first !== id)
      throw new UnmappedIntrinsic(`a ${kind}`, { Ref: id }, `the local platform has one ${kind} and ${first} already stands for it`);
    return value;
  }
}
