import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Identity } from '../domain/identity.ts';

/** Hono typing shared by the app's modules: `c.get('identity')` is set by the identity middleware. */
export interface AppEnv {
  Variables: { identity: Identity | undefined };
  /** Under hono/aws-lambda: `{event, requestContext, lambdaContext}`; under node-server: empty. */
  Bindings: { requestContext?: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } } };
}

export type PodiumApp = OpenAPIHono<AppEnv>;
