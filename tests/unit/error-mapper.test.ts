/**
 * The error mapper under the Lambda bundle's minification: esbuild renames `class AlreadyExists`
 * to a letter there, so a status decided by class name differs between tests and AWS. Bundles
 * the real mapper and error classes with the deployed function's settings and checks each status.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_BUNDLE } from '../../infra/lambda-function.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

const ENTRY = `
import { Hono } from 'hono';
import { handleError } from './functions/app/error-handler.ts';
import * as errors from './functions/domain/errors.ts';

const cases = {
  'already-exists': () => new errors.AlreadyExists('ALREADY_REGISTERED', 'You have already registered.'),
  'rule-violation': () => new errors.RuleViolation('NOT_ELIGIBLE', 'Not eligible.'),
  'validation': () => new errors.ValidationFailed('Check title.', { title: 'Required.' }),
  'unauthenticated': () => new errors.Unauthenticated(),
  'forbidden': () => new errors.Forbidden('No.'),
  'not-found': () => new errors.NotFound('No such thing.'),
  'deadline': () => new errors.DeadlinePassed('Too late.'),
  'state': () => new errors.InvalidState('Not now.'),
  'version': () => new errors.VersionConflict(),
};
const app = new Hono();
app.onError(handleError);
app.get('/:case', (c) => { throw cases[c.req.param('case')](); });
export const request = (p) => app.request(p);
export const alreadyExistsName = errors.AlreadyExists.name;
`;

let dir: string;
let bundle: { request(p: string): Promise<Response>; alreadyExistsName: string };

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'podium-minified-'));
  const outfile = path.join(dir, 'errors.mjs');
  await build({
    stdin: { contents: ENTRY, resolveDir: REPO_ROOT, sourcefile: 'entry.ts', loader: 'ts' },
    outfile,
    bundle: true,
    platform: LAMBDA_BUNDLE.platform,
    target: LAMBDA_BUNDLE.target,
    format: LAMBDA_BUNDLE.format,
    minify: LAMBDA_BUNDLE.minify,
    banner: { js: LAMBDA_BUNDLE.banner },
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    logLevel: 'silent',
  });
  bundle = await import(pathToFileURL(outfile).href);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('error mapper in a minified bundle', () => {
  it('answers every domain error with its status and code although the classes are renamed', async () => {
    expect(bundle.alreadyExistsName).not.toBe('AlreadyExists'); // the bundle really is minified
    const expected: [string, number, string][] = [
      ['already-exists', 409, 'ALREADY_REGISTERED'],
      ['rule-violation', 422, 'NOT_ELIGIBLE'],
      ['validation', 400, 'VALIDATION_FAILED'],
      ['unauthenticated', 401, 'UNAUTHENTICATED'],
      ['forbidden', 403, 'FORBIDDEN'],
      ['not-found', 404, 'NOT_FOUND'],
      ['deadline', 409, 'DEADLINE_PASSED'],
      ['state', 409, 'INVALID_STATE'],
      ['version', 409, 'VERSION_CONFLICT'],
    ];
    for (const [name, status, code] of expected) {
      const res = await bundle.request(`/${name}`);
      const body = (await res.json()) as { error: { code: string } };
      expect({ name, status: res.status, code: body.error.code }).toEqual({ name, status, code });
    }
  });
});
