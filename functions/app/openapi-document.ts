/**
 * The OpenAPI 3.1 document, built from the route definitions (route.ts) with zod's own JSON
 * Schema conversion. Run at build time (`npm run generate`, functions/local/contract-cli.ts) into a
 * static file that the web app, its typed client, the docs page, API Gateway's routes
 * (infra/api.ts) and the tests all read; never imported by a Lambda entry.
 */
import * as z from 'zod';
import type * as core from 'zod/v4/core';
import { ANONYMOUS_ACCESS, type Access } from './access-policy.ts';
import { areaOf, type ApiArea } from './api-area-of.ts';
import { createFullApp } from './api-areas.ts';
import type { AppDeps } from './deps.ts';
import type { RouteConfig } from './route.ts';
import { ERROR_DOCS, OPERATION_DOCS } from './operation-docs.ts';
import * as responses from './response-schemas.ts';
import type { ErrorStatus, ResponseName } from './route-helpers.ts';

type Json = Record<string, unknown>;
type Io = 'input' | 'output';

export interface OpenApiOperation {
  method: RouteConfig['method'];
  path: string;
  access: Access[];
  /** Callable without a token: API Gateway routes it without the JWT authorizer. */
  anonymous: boolean;
  /** The area whose Lambda function serves it (api-area-of.ts). */
  area: ApiArea;
}

/** The operations the app mounts, read from the route definitions (no handler ever runs). */
export function apiOperations(): RouteConfig[] {
  const never = new Proxy({}, { get: () => () => { throw new Error('The document builder never runs a handler.'); } });
  return createFullApp(never as AppDeps).operations;
}

/** What API Gateway needs to know of each operation. */
export function gatewayOperations(operations: RouteConfig[] = apiOperations()): OpenApiOperation[] {
  return operations.map((o) => ({
    method: o.method,
    path: o.path,
    access: o['x-access'],
    anonymous: o['x-access'].some((a) => ANONYMOUS_ACCESS.has(a)),
    area: areaOf(o.tags),
  }));
}

/** Converts schemas and collects the named ones, so each named schema becomes one component. */
class Components {
  private readonly named = new Map<string, Json>(); // `${io}:${id}` → schema
  private readonly pending: { io: Io; json: Json }[] = [];

  schema(schema: core.$ZodType, io: Io): Json {
    const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any', reused: 'inline', cycles: 'ref' }) as Json;
    const { $schema: _, $defs, ...rest } = json as Json & { $defs?: Record<string, Json> };
    for (const [id, def] of Object.entries($defs ?? {})) {
      const key = `${io}:${id}`;
      const known = this.named.get(key);
      if (known && JSON.stringify(known) !== JSON.stringify(def)) throw new Error(`Two different schemas are named ${id} (${io}).`);
      this.named.set(key, def);
    }
    this.pending.push({ io, json: rest });
    return rest;
  }

  /** Names: a schema's id, with "Input" appended when its request form differs from its response form. */
  finish(): Record<string, Json> {
    const nameOf = new Map<string, string>();
    for (const key of this.named.keys()) {
      const [io, id] = key.split(/:(.*)/s) as [Io, string];
      const other = this.named.get(`${io === 'input' ? 'output' : 'input'}:${id}`);
      const differs = other !== undefined && JSON.stringify(other) !== JSON.stringify(this.named.get(key));
      nameOf.set(key, io === 'input' && differs ? `${id}${id.endsWith('Input') ? 'Request' : 'Input'}` : id);
    }
    const rewrite = (node: unknown, io: Io): unknown => {
      if (Array.isArray(node)) return node.map((n) => rewrite(n, io));
      if (node === null || typeof node !== 'object') return node;
      const out: Json = {};
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) out[k] = `#/components/schemas/${nameOf.get(`${io}:${v.slice(8)}`)}`;
        else out[k] = rewrite(v, io);
      }
      return out;
    };
    for (const p of this.pending) Object.assign(p.json, rewrite({ ...p.json }, p.io));
    const schemas: Record<string, Json> = {};
    for (const [key, def] of [...this.named].sort(([a], [b]) => a.localeCompare(b))) schemas[nameOf.get(key)!] = rewrite(def, key.startsWith('input:') ? 'input' : 'output') as Json;
    return schemas;
  }
}

function shapeOf(schema: core.$ZodType): Record<string, core.$ZodType> {
  const shape = (schema as unknown as { shape?: Record<string, core.$ZodType> }).shape;
  if (!shape) throw new Error('Path and query parameters must be declared as a z.object.');
  return shape;
}

function parameters(config: RouteConfig, components: Components): Json[] {
  const out: Json[] = [];
  const declared = [...config.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const params = config.request?.params ? shapeOf(config.request.params) : {};
  for (const name of declared) {
    const s = params[name];
    if (!s) throw new Error(`${config.method.toUpperCase()} ${config.path}: path parameter ${name} has no schema.`);
    out.push({ name, in: 'path', required: true, schema: components.schema(s, 'output'), ...describe(s) });
  }
  for (const name of Object.keys(params)) if (!declared.includes(name)) throw new Error(`${config.path}: ${name} is not in the path.`);
  for (const [name, s] of Object.entries(config.request?.query ? shapeOf(config.request.query) : {}))
    out.push({ name, in: 'query', required: !z.safeParse(s, undefined).success, schema: components.schema(s, 'output'), ...describe(s) });
  return out;
}

function describe(s: core.$ZodType): Json {
  const description = z.globalRegistry.get(s)?.description as string | undefined;
  return description ? { description } : {};
}

const TAGS = [
  { name: 'competitions', description: 'Open, edit, publish and read competitions' },
  { name: 'submissions', description: 'Register as an entrant, write and submit; organisers list and export' },
  { name: 'reviews', description: 'Evaluation (organisers): rounds, conflicts, assignment, moderation and the ranking' },
  { name: 'reviewing', description: 'Reviewing: invitations of investors and jury members, and each reviewer\'s queue and reviews' },
  { name: 'awards', description: 'Prize plan, proposal from the ranking, confirmed awards within budget and caps' },
  { name: 'results', description: 'Publication, outcomes, feedback reports, notifications and investor matches' },
  { name: 'pitches', description: 'Video pitches: direct resumable uploads to S3, verified on arrival, short-lived playback' },
  { name: 'jobs', description: 'Long work outside requests: exports prepared in the background, their progress, and short-lived download links' },
];

export function buildOpenApiDocument(operations: RouteConfig[] = apiOperations()): Json {
  const components = new Components();
  const paths: Record<string, Record<string, Json>> = {};
  const errorSchema = components.schema(responses.ErrorBody, 'output');
  for (const o of operations) {
    const doc = OPERATION_DOCS[operationKey(o)];
    if (!doc) throw new Error(`${operationKey(o)} has no summary in operation-docs.ts`);
    const responses: Json = {};
    for (const [status, r] of Object.entries(o.responses)) {
      const content = r.content
        ? Object.fromEntries(Object.entries(r.content).map(([type, c]) => [type, { schema: components.schema(responseSchema(c.schema), 'output') }]))
        : undefined;
      const description = /^2/.test(status) ? doc.responses[Number(status)] : ERROR_DOCS[Number(status) as ErrorStatus];
      if (!description) throw new Error(`${operationKey(o)} ${status} has no description`);
      responses[status] = { description, ...(content ? { content } : {}) };
    }
    // Any other status (413 too large, 500…) has the one error shape.
    responses.default = { description: 'An error: a stable code, a sentence, and the fields concerned', content: { 'application/json': { schema: errorSchema } } };
    const body = o.request?.body;
    const operation: Json = {
      ...(o.tags ? { tags: o.tags } : {}),
      summary: doc.summary,
      ...(doc.description ? { description: doc.description } : {}),
      operationId: operationId(o),
      ...(o.security ? { security: o.security } : { security: [] }),
      'x-access': o['x-access'],
      parameters: parameters(o, components),
      ...(body ? { requestBody: { required: body.required ?? true, content: { 'application/json': { schema: components.schema(body.content['application/json'].schema, 'input') } } } } : {}),
      responses,
    };
    (paths[o.path] ??= {})[o.method] = operation;
  }
  const schemas = components.finish();
  return {
    openapi: '3.1.0',
    info: {
      title: 'Podium API',
      version: '0.1.0',
      description: 'Idea competitions, hackathons and video-pitch competitions for SME innovation programmes.',
    },
    tags: TAGS,
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An OpenID Connect ID token (Cognito on AWS; `npm run token -- <email>` locally).' },
      },
    },
  };
}

function responseSchema(name: ResponseName): core.$ZodType {
  const schema = (responses as Record<string, unknown>)[name];
  if (!(schema instanceof z.ZodType)) throw new Error(`No response schema named ${name} in response-schemas.ts.`);
  return schema;
}

/** `get /api/competitions/{competitionId}/results` → `getCompetitionResults`-like stable names. */
/** How operation-docs.ts names an operation: `GET /api/health`. */
export const operationKey = (o: Pick<RouteConfig, 'method' | 'path'>) => `${o.method.toUpperCase()} ${o.path}`;

function operationId(o: RouteConfig): string {
  const words = o.path
    .replace(/^\/api\//, '')
    .split('/')
    .map((part) => (part.startsWith('{') ? `by-${part.slice(1, -1)}` : part))
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return [o.method, ...words].map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}
