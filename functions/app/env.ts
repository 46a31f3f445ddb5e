import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Identity } from '../domain/identity.ts';

/** Hono typing shared by the app's modules: `c.get('identity')` is set by the identity middleware. */
export interface AppEnv {
  /** `requestId` is set first of all (functions/app/edge.ts), for logs and 500 bodies. */
  Variables: { identity: Identity | undefined; requestId: string };
  /** Under hono/aws-lambda: `{event, requestContext, lambdaContext}`; under node-server: empty. */
  Bindings: {
    requestContext?: { requestId?: string; authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
    lambdaContext?: { awsRequestId?: string };
  };
}

export type PodiumApp = OpenAPIHono<AppEnv>;
