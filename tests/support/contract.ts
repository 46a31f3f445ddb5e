/**
 * The API contract, checked on every response the API tests see: the harness's `call()` passes
 * each answer here, and an answer whose status is not documented for its operation, or whose
 * body does not match the documented schema (no extra fields, no missing ones), fails the test.
 * The document is the one `npm run generate` writes, built in memory from the same routes.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { buildOpenApiDocument } from '../../functions/app/openapi-document.ts';

type Json = Record<string, any>;

export const openApiDocument = buildOpenApiDocument() as Json;

// Formats (e-mail…) are the request validation's business; here the shape is what counts.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const compiled = new Map<string, ValidateFunction>();

function validatorFor(key: string, schema: Json): ValidateFunction {
  let v = compiled.get(key);
  if (!v) {
    v = ajv.compile({ ...schema, components: openApiDocument.components });
    compiled.set(key, v);
  }
  return v;
}

interface Template {
  path: string;
  regex: RegExp;
  literal: number;
}

const templates: Template[] = Object.keys(openApiDocument.paths).map((path) => ({
  path,
  regex: new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  literal: path.replace(/\{[^}]+\}/g, '').length,
}));

/** The documented operation a request reaches (the most literal template wins). */
export function operationFor(method: string, path: string): { path: string; operation: Json } | undefined {
  const bare = path.split('?')[0]!;
  const matches = templates.filter((t) => t.regex.test(bare) && openApiDocument.paths[t.path][method.toLowerCase()]).sort((a, b) => b.literal - a.literal);
  const t = matches[0];
  return t ? { path: t.path, operation: openApiDocument.paths[t.path][method.toLowerCase()] } : undefined;
}

const UNDOCUMENTED = new Set<string>();

/** Throws when the answer breaks the contract. */
export function checkAgainstContract(method: string, path: string, res: { status: number; headers: Headers; json: unknown; text: string }) {
  // The path as the request's URL resolves it (`/a/%2e%2e/b` is `/b`), which is what the app routed.
  const bare = new URL(path.split('?')[0]!, 'http://podium.test').pathname;
  if (UNDOCUMENTED.has(`${method.toUpperCase()} ${bare}`)) return;
  const found = operationFor(method, bare);
  const where = `${method.toUpperCase()} ${bare} → ${res.status}`;
  if (!found) {
    // No such operation: only the one "no route" error may answer.
    if (res.status === 404 || res.status === 405 || res.status === 413) return expectJson(`${where} (no route)`, 'error', openApiDocument.components.schemas.Error, res);
    throw new Error(`${where}: no documented operation for this request.`);
  }
  const documented = found.operation.responses[String(res.status)] as Json | undefined;
  const response = documented ?? (res.status >= 400 ? (found.operation.responses.default as Json) : undefined);
  if (!response) throw new Error(`${where}: status ${res.status} is not documented for ${found.path}.`);
  const content = response.content as Json | undefined;
  if (!content) {
    if (res.text !== '') throw new Error(`${where}: documented without a body, but a body came back.`);
    return;
  }
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (!content[type]) throw new Error(`${where}: content type ${type || '(none)'} is not documented (${Object.keys(content).join(', ')}).`);
  if (type !== 'application/json') return;
  expectJson(`${where}`, `${method} ${found.path} ${res.status}`, content[type].schema, res);
}

function expectJson(where: string, key: string, schema: Json, res: { json: unknown }) {
  const validate = validatorFor(key, schema);
  if (!validate(res.json)) {
    const problems = (validate.errors ?? []).slice(0, 6).map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` "${String(e.params.additionalProperty)}"` : ''}`);
    throw new Error(`${where}: the body does not match the documented schema: ${problems.join('; ')}`);
  }
}
