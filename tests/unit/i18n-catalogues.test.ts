/**
 * The catalogues (functions/shared/i18n/<locale>.json) against English, the source: every language
 * has exactly English's keys, every message parses as ICU and uses the same arguments and tags as
 * English's, and every English key is used somewhere in the code (web keys in web/src, server keys
 * in functions/), so neither a missing translation nor a dead one survives.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { catalogueLocales, DOCUMENT_PREFIXES, readCatalogue, SECTIONS } from '../../functions/local/i18n-cli.ts';
import { LOCALES } from '../../functions/shared/i18n/locales.ts';
import { expand } from '../../functions/shared/i18n/translate.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Argument names (with their type) and tag names a message uses, at any depth. */
function signature(ast: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const el of ast) {
    if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) out.add(`${el.value}:${el.type}`);
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      out.add(`${el.value}:${el.type}`);
      for (const opt of Object.values(el.options)) signature(opt.value, out);
    }
    if (el.type === TYPE.tag) {
      out.add(`<${el.value}>`);
      signature(el.children, out);
    }
  }
  return out;
}

async function sourceText(dir: string): Promise<string> {
  const parts: string[] = [];
  for (const entry of await readdir(join(ROOT, dir), { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.generated.ts')) parts.push(await readFile(join(entry.parentPath, entry.name), 'utf8'));
  }
  return parts.join('\n');
}

describe('i18n catalogues', async () => {
  const locales = await catalogueLocales();
  const en = await readCatalogue('en');

  it('lists every catalogue file as a language (npm run generate), English first', () => {
    expect([...LOCALES]).toEqual(locales);
    expect(locales.length).toBeGreaterThanOrEqual(3);
  });

  for (const locale of locales) {
    it(`${locale}: has exactly the English keys, each parsing with English's arguments and tags`, async () => {
      const cat = await readCatalogue(locale);
      expect(Object.keys(cat).sort()).toEqual([...SECTIONS].sort());
      for (const section of SECTIONS) {
        const missing = Object.keys(en[section]).filter((k) => !(k in cat[section]));
        const extra = Object.keys(cat[section]).filter((k) => !(k in en[section]));
        expect({ locale, section, missing, extra }).toEqual({ locale, section, missing: [], extra: [] });
        for (const [key, message] of Object.entries(cat[section])) {
          let ast: MessageFormatElement[];
          try {
            ast = parse(message);
          } catch (e) {
            throw new Error(`${locale} ${section}.${key} is not a valid ICU message: ${(e as Error).message}`);
          }
          expect({ key, uses: [...signature(ast)].sort() }).toEqual({ key, uses: [...signature(parse(en[section][key]!))].sort() });
          expect(message.trim(), `${locale} ${section}.${key} is empty`).not.toBe('');
        }
      }
    });
  }

  it('compiles every language\'s server messages into server-catalogues.generated.ts, the long texts into server-documents.generated.ts (current: npm run generate)', async () => {
    const { SERVER_CATALOGUES } = await import('../../functions/shared/i18n/server-catalogues.generated.ts');
    const { SERVER_DOCUMENTS } = await import('../../functions/shared/i18n/server-documents.generated.ts');
    const isDocument = (key: string) => DOCUMENT_PREFIXES.some((p) => key.startsWith(p));
    for (const locale of locales) {
      const { server } = await readCatalogue(locale);
      const messages = SERVER_CATALOGUES[locale as keyof typeof SERVER_CATALOGUES];
      const documents = SERVER_DOCUMENTS[locale as keyof typeof SERVER_DOCUMENTS];
      expect(Object.keys(messages).sort()).toEqual(Object.keys(server).filter((k) => !isDocument(k)).sort());
      expect(Object.keys(documents).sort()).toEqual(Object.keys(server).filter(isDocument).sort());
      expect(Object.keys(documents).length).toBeGreaterThan(0);
      const compiled = { ...messages, ...documents };
      // What the server formats, expanded back, is exactly what the parser makes of the catalogue.
      for (const [key, text] of Object.entries(server)) expect({ key, ast: JSON.parse(JSON.stringify(expand(compiled[key]!))) }).toEqual({ key, ast: JSON.parse(JSON.stringify(parse(text, { locale: new Intl.Locale(locale), ignoreTag: false }))) });
    }
  });

  it('uses every English key somewhere in the code (no dead messages)', async () => {
    const [web, server] = await Promise.all([sourceText('web/src'), sourceText('functions')]);
    const quoted = (text: string, key: string) => text.includes(`'${key}'`) || text.includes(`"${key}"`) || text.includes(`\`${key}\``);
    // Keys chosen by a value from the server (an error code) are looked up by prefix: `error.${code}`.
    const dynamic = (text: string, key: string) => [...text.matchAll(/[`'"]([a-zA-Z.]+\.)\$\{|tPrefix\(['"]([a-zA-Z.]+\.)['"]/g)].some((m) => key.startsWith((m[1] ?? m[2])!));
    const unused = [
      ...Object.keys(en.web).filter((k) => !quoted(web, k) && !dynamic(web, k)).map((k) => `web.${k}`),
      ...Object.keys(en.server).filter((k) => !quoted(server, k) && !dynamic(server, k)).map((k) => `server.${k}`),
    ];
    expect(unused).toEqual([]);
  });
});
