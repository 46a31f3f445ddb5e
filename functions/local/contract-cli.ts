/**
 * `npm run generate`: writes the API contract from the route definitions — the OpenAPI document
 * (web/generated/public/api/openapi.json, served as a static file next to the web app) and the
 * TypeScript types the web app's client is typed with (web/generated/api.d.ts). Both are build
 * outputs (not in git), made again by every build, type-check and test run, so nothing can drift.
 * It also lists the languages' catalogue files (functions/local/i18n-cli.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { type OpenAPI3 } from 'openapi-typescript';
import { writeLocales } from './i18n-cli.ts';

const WEB = fileURLToPath(new URL('../../web/', import.meta.url));
export const DOCUMENT_FILE = join(WEB, 'generated/public/api/openapi.json');
export const TYPES_FILE = join(WEB, 'generated/api.d.ts');

export async function writeContract(): Promise<void> {
  // Imported here, not above: the app reads the language list this CLI writes first (writeLocales),
  // which a fresh clone does not have yet.
  const { buildOpenApiDocument } = await import('../app/openapi-document.ts');
  const document = buildOpenApiDocument();
  const types = await openapiTS(document as unknown as OpenAPI3, { silent: true, alphabetize: false });
  await mkdir(dirname(DOCUMENT_FILE), { recursive: true });
  await writeFile(DOCUMENT_FILE, `${JSON.stringify(document, null, 2)}\n`);
  await writeFile(TYPES_FILE, types);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeLocales()
    .then(writeContract)
    .catch((err: unknown) => {
    process.stderr.write(`Could not write the API contract: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  });
}
