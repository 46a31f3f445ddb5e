/**
 * Runtime configuration, read once from the environment and validated, failing fast. The same
 * variables configure Lambda (set by CDK) and the local runtime (set by functions/local/main.ts);
 * only their values differ.
 */
import * as z from 'zod/mini';

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The variables and their rules (built only when `plainlyValid` declines, see there). */
export const envSchema = () => z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  BUCKET_NAME: z.string().check(z.minLength(1)),
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'eu-west-1'),
  /** Set only to reach a stand-in (dynalite); empty on AWS. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  /** Set only to reach a stand-in (s3rver); empty on AWS. */
  S3_ENDPOINT: z.optional(z.url()),
  AUTH_ISSUER: z.url(),
  AUTH_AUDIENCE: z.string().check(z.minLength(1)),
  /** Defaults to `${AUTH_ISSUER}/.well-known/jwks.json` (Cognito's location). */
  AUTH_JWKS_URL: z.optional(z.url()),
  /** `ses` sends e-mail through Amazon SES; `outbox` keeps it in the table for the dev UI. */
  MAIL_MODE: z._default(z.enum(['ses', 'outbox']), 'outbox'),
  /** The verified SES sender, e.g. `podium@programme.eu` (required with MAIL_MODE=ses). */
  MAIL_FROM: z.optional(z.string()),
  /** The SES configuration set mail is sent through, which publishes bounces and complaints (infra/mail.ts). */
  MAIL_CONFIGURATION_SET: z.optional(z.string()),
  /**
   * The SQS queue that feeds the job function (set by CDK on AWS). Without it, jobs run in this
   * process from an in-process queue (the local runtime, the tests): the same runJob either way.
   */
  JOB_QUEUE_URL: z.optional(z.url()),
  /** Public address of the web app, for links in e-mails. */
  WEB_ORIGIN: z._default(z.url(), 'http://localhost:3000'),
  /**
   * Signs pagination cursors (adapters/dynamodb/cursor.ts), so a crafted or replayed cursor is
   * refused. Stable across deployments and the same for every function; changing it only sends
   * people back to the first page. Locally, a random one is kept in the data folder.
   */
  CURSOR_SECRET: z.string().check(z.minLength(32, 'must be at least 32 characters (e.g. `openssl rand -base64 48`)')),
  /**
   * Threshold of the structured logs (adapters/logger.ts reads the same variable when it loads;
   * validated here so a typo fails at start). Default INFO inside Lambda, WARN anywhere else;
   * the tests use ERROR.
   */
  LOG_LEVEL: z.optional(z.enum(LOG_LEVELS)),
  /**
   * Where business metrics go (adapters/metrics.ts): `emf` prints CloudWatch Embedded Metric
   * Format lines, published once per invocation; `memory` keeps counts in the process. Default:
   * `emf` inside Lambda (which sets AWS_LAMBDA_FUNCTION_NAME), `memory` anywhere else.
   */
  METRICS: z.optional(z.enum(['emf', 'memory'])),
  AWS_LAMBDA_FUNCTION_NAME: z.optional(z.string()),
  /**
   * Issue 14 §4, set by infra/media-processing.ts where the deployment converts pitches: the role
   * MediaConvert assumes and the H.264/AAC job template. Both present → the MediaConvert
   * transcoder; else conversion is "not available in this deployment".
   */
  MEDIACONVERT_ROLE_ARN: z.optional(z.string()),
  MEDIACONVERT_JOB_TEMPLATE: z.optional(z.string()),
  /** Issue 14 §4: set where the deployment has automatic captions (Amazon Transcribe writes there). */
  TRANSCRIBE_OUTPUT_PREFIX: z.optional(z.string()),
}).check(z.refine((e) => e.MAIL_MODE !== 'ses' || (e.MAIL_FROM ?? '') !== '', { message: 'MAIL_FROM is required when MAIL_MODE=ses', path: ['MAIL_FROM'] }));

type Env = z.output<ReturnType<typeof envSchema>>;
export type Config = Omit<Env, 'METRICS' | 'AWS_LAMBDA_FUNCTION_NAME'> & { METRICS: 'emf' | 'memory' };

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  let data = plainlyValid(env);
  if (!data) {
    const parsed = envSchema().safeParse(env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`Invalid configuration: ${problems}`);
    }
    data = parsed.data;
  }
  const { AWS_LAMBDA_FUNCTION_NAME, METRICS, ...rest } = data;
  return { ...rest, METRICS: METRICS ?? (AWS_LAMBDA_FUNCTION_NAME ? 'emf' : 'memory') };
}

const URLS = ['DYNAMODB_ENDPOINT', 'S3_ENDPOINT', 'AUTH_ISSUER', 'AUTH_JWKS_URL', 'JOB_QUEUE_URL', 'WEB_ORIGIN'] as const;
const ENUMS: Record<string, readonly string[]> = { MAIL_MODE: ['ses', 'outbox'], LOG_LEVEL: LOG_LEVELS, METRICS: ['emf', 'memory'] };
const KEYS = [...URLS, 'TABLE_NAME', 'BUCKET_NAME', 'AWS_REGION', 'AUTH_AUDIENCE', 'MAIL_MODE', 'MAIL_FROM', 'MAIL_CONFIGURATION_SET', 'CURSOR_SECRET', 'LOG_LEVEL', 'METRICS', 'AWS_LAMBDA_FUNCTION_NAME', 'MEDIACONVERT_ROLE_ARN', 'MEDIACONVERT_JOB_TEMPLATE', 'TRANSCRIBE_OUTPUT_PREFIX'] as const;

/**
 * The environment as the schema above reads it, when every value is plainly valid (what CDK and
 * the local runtime set): the same result without building the schema, which is most of what
 * reading the configuration costs a cold start (≈ 3 ms, bench/lambda.ts). Anything less plain
 * (a value the schema would trim, reject or explain) returns undefined, and the schema decides.
 * A variable added to the schema goes in KEYS (and URLS or ENUMS) too; tests/unit/config.test.ts
 * checks that both read every variable alike.
 */
function plainlyValid(env: Record<string, string | undefined>): Env | undefined {
  const e: Record<string, string | undefined> = { AWS_REGION: 'eu-west-1', MAIL_MODE: 'outbox', WEB_ORIGIN: 'http://localhost:3000' };
  for (const key of KEYS) if (env[key] !== undefined) e[key] = env[key];
  const present = (key: string) => e[key] !== undefined && e[key] !== '';
  if (!present('TABLE_NAME') || !present('BUCKET_NAME') || !present('AWS_REGION') || !present('AUTH_AUDIENCE') || !present('AUTH_ISSUER')) return undefined;
  if (e.CURSOR_SECRET === undefined || e.CURSOR_SECRET.length < 32) return undefined;
  for (const key of URLS) if (e[key] !== undefined && (/\s/.test(e[key]) || !URL.canParse(e[key]))) return undefined;
  for (const [key, allowed] of Object.entries(ENUMS)) if (e[key] !== undefined && !allowed.includes(e[key])) return undefined;
  if (e.MAIL_MODE === 'ses' && !present('MAIL_FROM')) return undefined;
  return e as Env;
}
