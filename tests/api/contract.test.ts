/**
 * The API contract itself: the OpenAPI document built from the route definitions is valid
 * OpenAPI 3.1, describes every success response with a real schema (no loose objects, no
 * anything-goes bodies but the audit trail's recorded values), shares one error schema, and is
 * what `npm run generate` wrote for the web app and API Gateway. That every response the tests
 * see matches it is checked on each call by the harness (tests/support/contract.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_FILE } from '../../functions/local/contract-cli.ts';
import { OPERATION_DOCS } from '../../functions/app/operation-docs.ts';
import { openApiDocument } from '../support/contract.ts';

type Json = Record<string, any>;
const doc = openApiDocument;
const operations = Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })));

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('is tagged by area and describes parameters and inputs', () => {
    const tags = new Set(operations.flatMap(({ op }) => op.tags as string[]));
    expect(tags).toEqual(new Set(['competitions', 'submissions', 'pitches', 'answer-files', 'reviews', 'reviewing', 'awards', 'results', 'jobs', 'expo', 'votes', 'programmes', 'teams', 'messages', 'privacy']));
    expect(doc.paths['/api/competitions/{competitionId}/submissions'].get.parameters.map((p: { name: string }) => p.name)).toContain('status');
    expect(doc.components.schemas.CompetitionInput.properties.kind.enum).toEqual(['idea', 'hackathon', 'pitch']);
    expect(new Set(operations.map(({ op }) => op.operationId)).size).toBe(operations.length);
  });

  it('gives every success response a real schema: objects closed, nothing left as "any JSON"', () => {
    const loose: string[] = [];
    const visit = (node: unknown, where: string) => {
      if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${where}[${i}]`));
      if (node === null || typeof node !== 'object') return;
      const s = node as Json;
      if (s['x-free-form']) return;
      if (s.type === 'object' && s.additionalProperties === undefined && s.propertyNames === undefined) loose.push(where);
      if (!('$ref' in s) && !s.type && !s.anyOf && !s.oneOf && !s.allOf && !s.const && !s.enum && !where.endsWith('properties')) loose.push(`${where} (untyped)`);
      for (const [k, v] of Object.entries(s)) if (k !== 'examples' && k !== 'default') visit(v, k === 'properties' ? `${where}.properties` : `${where}.${k}`);
    };
    const schemas = doc.components.schemas as Record<string, Json>;
    const reached = new Set<string>();
    const follow = (node: unknown) => {
      if (Array.isArray(node)) return node.forEach(follow);
      if (node === null || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node as Json)) {
        if (k === '$ref' && typeof v === 'string') {
          const name = v.split('/').pop()!;
          if (!reached.has(name)) {
            reached.add(name);
            follow(schemas[name]);
          }
        } else follow(v);
      }
    };
    for (const { key, op } of operations)
      for (const [status, r] of Object.entries(op.responses as Record<string, Json>)) {
        if (!/^2/.test(status)) continue;
        const json = r.content?.['application/json']?.schema;
        if (!json) {
          // Only CSV downloads and empty answers go without a JSON schema.
          expect(r.content === undefined || r.content['text/csv'] !== undefined, `${key} ${status}`).toBe(true);
          continue;
        }
        visit(json, `${key} ${status}`);
        follow(json);
      }
    for (const name of reached) visit(schemas[name], `#/components/schemas/${name}`);
    expect(loose).toEqual([]);
  });

  it('gives every operation its words from operation-docs.ts, which names no operation or success the API does not have', () => {
    for (const { key, op } of operations) {
      expect(op.summary, key).toBe(OPERATION_DOCS[key]!.summary);
      // A success the route no longer answers has no description left behind.
      expect(Object.keys(OPERATION_DOCS[key]!.responses), key).toEqual(Object.keys(op.responses).filter((s) => /^2/.test(s)));
    }
    expect(Object.keys(OPERATION_DOCS).sort()).toEqual(operations.map((o) => o.key).sort());
  });

  it('answers every error with the one error schema', () => {
    for (const { key, op } of operations)
      for (const [status, r] of Object.entries(op.responses as Record<string, Json>))
        if (!/^2/.test(status)) expect(r.content['application/json'].schema, `${key} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
  });

  it('says who may call every operation, and which need no token', () => {
    for (const { key, op } of operations) expect(op['x-access']?.length, key).toBeGreaterThan(0);
    const anonymous = operations.filter(({ op }) => op['x-access'].includes('public') || op['x-access'].includes('invitation-link')).map((o) => o.key);
    expect(anonymous).toEqual(expect.arrayContaining(['GET /api/competitions', 'GET /api/competitions/{competitionId}', 'GET /api/competitions/{competitionId}/results', 'GET /api/invitations/{competitionId}/{token}']));
  });

  it('is the very document `npm run generate` wrote', () => {
    expect(existsSync(DOCUMENT_FILE), `${DOCUMENT_FILE} is missing: run npm run generate (npm test does)`).toBe(true);
    expect(JSON.parse(readFileSync(DOCUMENT_FILE, 'utf8'))).toEqual(doc);
  });
});
