/**
 * The catalogues' tooling (functions/shared/i18n/*.json).
 *
 * - `writeLocales()` (run by `npm run generate`): lists the catalogue files into
 *   locales.generated.ts and compiles their "server" sections (parsed, compacted) into server-catalogues.generated.ts
 *   (and the privacy pages' long texts into server-documents.generated.ts),
 *   so adding a language is adding one file.
 * - `npm run i18n -- add drafts.json`: merges `{ "en": { "web": { key: msg } }, "fr": …, "de": … }`
 *   into the catalogues (upserting keys, sorted), under a lock so several people can add at once.
 * - `npm run i18n -- missing`: lists keys a catalogue lacks or has beyond English.
 */
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@formatjs/icu-messageformat-parser';
import { compact } from '../shared/i18n/translate.ts';

export const CATALOGUE_DIR = fileURLToPath(new URL('../shared/i18n/', import.meta.url));
export const SECTIONS = ['server', 'web'] as const;
type Section = (typeof SECTIONS)[number];
export type Catalogue = Record<Section, Record<string, string>>;

export async function catalogueLocales(): Promise<string[]> {
  const names = (await readdir(CATALOGUE_DIR)).filter((f) => /^[a-z]{2,3}(-[A-Z]{2})?\.json$/.test(f)).map((f) => f.slice(0, -5));
  return ['en', ...names.filter((n) => n !== 'en').sort()];
}

export async function readCatalogue(locale: string): Promise<Catalogue> {
  return JSON.parse(await readFile(join(CATALOGUE_DIR, `${locale}.json`), 'utf8')) as Catalogue;
}

export async function writeLocales(): Promise<void> {
  const locales = await catalogueLocales();
  await writeFile(
    join(CATALOGUE_DIR, 'locales.generated.ts'),
    `// Written by \`npm run generate\` from the catalogue files in this folder; not in git.\nexport const LOCALES = ${JSON.stringify(locales)} as const;\n`,
  );
  // The server's messages: only each file's "server" section, parsed here into ICU syntax trees,
  // so the Lambda bundles carry neither the web's text nor the ICU parser (infra/lambda-function.ts
  // swaps it for its no-parser build; tests/unit/i18n-catalogues.test.ts checks this file is current).
  // The long texts only the privacy pages serve (DOCUMENT_PREFIXES) go to a module of their own,
  // so the bundles that format mail do not carry them (server-documents.generated.ts).
  const compiled: Record<'messages' | 'documents', string[]> = { messages: [], documents: [] };
  for (const l of locales) {
    const { server } = await readCatalogue(l);
    const trees = Object.entries(sorted(server)).map(([key, text]) => [key, compact(parse(text, { locale: new Intl.Locale(l), ignoreTag: false }))] as const);
    const isDocument = ([key]: readonly [string, unknown]) => DOCUMENT_PREFIXES.some((p) => key.startsWith(p));
    compiled.messages.push(`  ${JSON.stringify(l)}: ${JSON.stringify(Object.fromEntries(trees.filter((e) => !isDocument(e))))},\n`);
    compiled.documents.push(`  ${JSON.stringify(l)}: ${JSON.stringify(Object.fromEntries(trees.filter(isDocument)))},\n`);
  }
  const header = `// Written by \`npm run generate\` from the catalogue files in this folder; not in git.\nimport type { CompiledMessages } from './translate.ts';\n\n`;
  const type = `Record<(typeof import('./locales.generated.ts').LOCALES)[number], CompiledMessages>`;
  await writeFile(join(CATALOGUE_DIR, 'server-catalogues.generated.ts'), `${header}export const SERVER_CATALOGUES: ${type} = {\n${compiled.messages.join('')}};\n`);
  await writeFile(join(CATALOGUE_DIR, 'server-documents.generated.ts'), `${header}export const SERVER_DOCUMENTS: ${type} = {\n${compiled.documents.join('')}};\n`);
}

/** The server keys of the long texts (the privacy notice, the records of processing): shared/i18n/documents.ts serves them. */
export const DOCUMENT_PREFIXES = ['privacyNotice.', 'processing.'];

function sorted(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = join(CATALOGUE_DIR, '.lock');
  for (let i = 0; ; i++) {
    try {
      await mkdir(lock);
      break;
    } catch {
      if (i > 200) throw new Error(`The catalogues are locked (${lock}); remove it if no one is adding.`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

export async function addMessages(drafts: Record<string, Partial<Catalogue>>): Promise<number> {
  return withLock(async () => {
    let count = 0;
    for (const [locale, sections] of Object.entries(drafts)) {
      const file = join(CATALOGUE_DIR, `${locale}.json`);
      const cat = await readCatalogue(locale).catch((): Catalogue => ({ server: {}, web: {} }));
      for (const section of SECTIONS) {
        const add = sections[section] ?? {};
        for (const [k, v] of Object.entries(add)) {
          if (typeof v !== 'string') throw new Error(`${locale}.${section}.${k}: a message is a string.`);
          cat[section] = { ...cat[section], [k]: v };
          count++;
        }
        cat[section] = sorted(cat[section] ?? {});
      }
      await writeFile(file, `${JSON.stringify({ server: cat.server, web: cat.web }, null, 2)}\n`);
    }
    return count;
  });
}

export async function missingMessages(): Promise<string[]> {
  const [source, ...others] = await catalogueLocales();
  const en = await readCatalogue(source!);
  const out: string[] = [];
  for (const locale of others) {
    const cat = await readCatalogue(locale);
    for (const section of SECTIONS) {
      for (const k of Object.keys(en[section])) if (!(k in (cat[section] ?? {}))) out.push(`${locale}: missing ${section}.${k}`);
      for (const k of Object.keys(cat[section] ?? {})) if (!(k in en[section])) out.push(`${locale}: extra ${section}.${k}`);
    }
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [command, file] = process.argv.slice(2);
  (async () => {
    if (command === 'add' && file) {
      const n = await addMessages(JSON.parse(await readFile(file, 'utf8')));
      await writeLocales();
      process.stdout.write(`${n} messages added or updated.\n`);
    } else if (command === 'missing') {
      const lines = await missingMessages();
      process.stdout.write(lines.length ? `${lines.join('\n')}\n` : 'Every catalogue has exactly the English keys.\n');
    } else {
      process.stdout.write('Usage: npm run i18n -- add <drafts.json> | missing\n');
      process.exitCode = 2;
    }
  })().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
