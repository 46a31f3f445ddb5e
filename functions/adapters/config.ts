/**
 * Runtime configuration, read once from the environment and validated, failing fast. The same
 * variables configure Lambda (set by CDK) and the local runtime (set by functions/local/main.ts);
 * only their values differ.
 */
import * as z from 'zod';

const Env = z.object({
  TABLE_NAME: z.string().min(1),
  BUCKET_NAME: z.string().min(1),
  AWS_REGION: z.string().min(1).default('eu-west-1'),
  /** Set only to reach a stand-in (dynalite); empty on AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** Set only to reach a stand-in (s3rver); empty on AWS. */
  S3_ENDPOINT: z.url().optional(),
  AUTH_ISSUER: z.url(),
  AUTH_AUDIENCE: z.string().min(1),
  /** Defaults to `${AUTH_ISSUER}/.well-known/jwks.json` (Cognito's location). */
  AUTH_JWKS_URL: z.url().optional(),
});

export type Config = z.infer<typeof Env>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}
