import type { Hono } from 'hono';
import type { Identity } from '../domain/identity.ts';
import type { Log } from '../use-cases/ports.ts';

/** Hono typing shared by the app's modules: `c.get('identity')` is set by the identity middleware. */
export interface AppEnv {
  /**
   * `requestId` and `log` (this request's logger, its lines carrying the request and correlation
   * ids) are set first of all (functions/app/edge.ts), for logs and 500 bodies.
   */
  Variables: { identity: Identity | undefined; requestId: string; log: Log };
  /** Under hono/aws-lambda: `{event, requestContext, lambdaContext}`; the local server: `requestContext.http.sourceIp` only. */
  Bindings: {
    /** `http.sourceIp`: the caller's address (API Gateway's; the local server sets the same field). */
    requestContext?: { requestId?: string; authorizer?: { jwt?: { claims?: Record<string, unknown> } }; http?: { sourceIp?: string } };
    lambdaContext?: { awsRequestId?: string };
  };
}

/** The Hono app plus the definitions of the operations mounted on it (the OpenAPI document's source). */
export type PodiumApp = Hono<AppEnv> & { operations: import('./route.ts').RouteConfig[] };
