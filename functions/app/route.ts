/**
 * How an operation is defined: one plain object says its method and path, who may call it
 * (`x-access`), what it takes and what it answers, with zod schemas; what it does, in words, is
 * in operation-docs.ts. At run time `route()` mounts it on the Hono app with zod validation of
 * the path, query and body; at build time the same objects become the OpenAPI document (openapi-document.ts), so the document, API Gateway's
 * routes (infra/api.ts) and the web app's client types are all derived from one definition —
 * and no document generator ships in the Lambda bundle.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { validator } from 'hono/validator';
import { safeParse } from 'zod/mini';
import type * as core from 'zod/v4/core';
import type { Access } from './access-policy.ts';
import type { ResponseName } from './route-helpers.ts';
import type { AppEnv, PodiumApp } from './env.ts';
import { zodToValidationFailed } from './validation-errors.ts';

type Method = 'get' | 'post' | 'put' | 'delete' | 'patch';
type ZodObjectLike = core.$ZodType<Record<string, unknown>>;

/** What a status answers; what it means, in words, is in operation-docs.ts. */
export interface ResponseConfig {
  /** Schemas by name (response-schemas.ts), resolved only when the document is built. */
  content?: Record<string, { schema: ResponseName }>;
}

export interface RouteConfig {
  method: Method;
  /** OpenAPI style: `/api/competitions/{competitionId}`. */
  path: string;
  tags?: string[];
  /** `[{ bearerAuth: [] }]`, or `[{}, { bearerAuth: [] }]` where a token is optional. */
  security?: Record<string, string[]>[];
  /** Runs before validation (e.g. `signedIn`, so an anonymous caller gets 401, not a 400). */
  middleware?: MiddlewareHandler<AppEnv>;
  'x-access': Access[];
  request?: {
    params?: ZodObjectLike;
    query?: ZodObjectLike;
    body?: { required?: boolean; content: { 'application/json': { schema: core.$ZodType } } };
  };
  responses: Record<number, ResponseConfig>;
}

type Out<S> = S extends core.$ZodType ? core.output<S> : never;
type RequestOf<R extends RouteConfig> = NonNullable<R['request']>;

/** What `c.req.valid(...)` returns inside the handler, typed from the route's schemas. */
export type ValidInput<R extends RouteConfig> = {
  out: {
    param: Out<RequestOf<R>['params']>;
    query: Out<RequestOf<R>['query']>;
    json: RequestOf<R>['body'] extends { content: { 'application/json': { schema: infer S } } } ? Out<S> : never;
  };
};

export type RouteHandler<R extends RouteConfig> = (c: Context<AppEnv, string, ValidInput<R>>) => Response | Promise<Response>;

function zodValidator(target: 'param' | 'query' | 'json', schema: core.$ZodType): MiddlewareHandler<AppEnv> {
  return validator(target, (value) => {
    const result = safeParse(schema, value);
    // Every zod failure becomes one 400 shape naming the fields.
    if (!result.success) throw zodToValidationFailed(result.error, target);
    return result.data as Record<string, unknown>;
  }) as unknown as MiddlewareHandler<AppEnv>;
}

/** `{competitionId}` → `:competitionId` (Hono's path syntax). */
export const honoPath = (openApiPath: string) => openApiPath.replace(/\{([^}]+)\}/g, ':$1');

/** Mounts one operation: its middleware, then validation of path, query and body, then the handler. */
export function route<R extends RouteConfig>(app: PodiumApp, config: R, handler: RouteHandler<R>): void {
  app.operations.push(config);
  const chain: MiddlewareHandler<AppEnv>[] = [];
  if (config.middleware) chain.push(config.middleware);
  if (config.request?.params) chain.push(zodValidator('param', config.request.params));
  if (config.request?.query) chain.push(zodValidator('query', config.request.query));
  const body = config.request?.body?.content['application/json'].schema;
  if (body) chain.push(zodValidator('json', body));
  const on = app.on.bind(app) as (method: string, path: string, ...handlers: MiddlewareHandler<AppEnv>[]) => unknown;
  on(config.method.toUpperCase(), honoPath(config.path), oneStep(chain, handler as unknown as MiddlewareHandler<AppEnv>));
}

/**
 * The operation's steps as ONE router entry (a cold start registers every route: one entry per
 * route, not one per validator). The steps run in order; each passes on by calling `next` (the
 * validators, `signedIn`) or fails by throwing; one that neither calls on nor throws has answered.
 */
function oneStep(steps: MiddlewareHandler<AppEnv>[], handler: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> {
  if (steps.length === 0) return handler;
  return async (c, next) => {
    for (const step of steps) {
      let passed = false;
      const answer = await step(c, async () => {
        passed = true;
      });
      if (!passed) return answer instanceof Response ? answer : c.res;
    }
    return handler(c, next);
  };
}
