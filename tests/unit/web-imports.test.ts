/**
 * The web app compiles against the API's generated contract only: nothing under web/src imports
 * server code, except the pure helpers both sides share from functions/shared/ (money, durations
 * sizes and the i18n catalogues), which themselves import nothing but the ICU message formatter — so the web bundle cannot pull in server modules,
 * and no helper is kept in two copies.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB = join(ROOT, 'web/src');
const FUNCTIONS = join(ROOT, 'functions');
const SHARED = join(FUNCTIONS, 'shared');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|cts|js|jsx|mjs)$/.test(e.name) ? [path] : [];
  });
}

/** Every module a file names: static imports and re-exports (type-only ones too), `import('…')` in code or in types, `require('…')`. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) out.push(m[1]!);
  return out;
}

const inside = (path: string, dir: string) => path === dir || path.startsWith(dir + sep);

/** The imports of `file` that reach into functions/ outside functions/shared/. */
function serverImports(file: string, text: string): string[] {
  return specifiers(text).filter((s) => {
    if (!s.startsWith('.')) return /(^|\/)functions\//.test(s);
    const target = resolve(dirname(file), s);
    return inside(target, FUNCTIONS) && !inside(target, SHARED);
  });
}

describe('what the web app imports from the server', () => {
  it('finds server imports in every form they take (the scanner itself)', () => {
    // Prepare: the shapes web/src/types.ts and money.ts used before the generated client.
    const file = join(WEB, 'types.ts');
    const text = [
      "import type * as S from '../../functions/app/schemas.ts';",
      "import { formatMoney } from '../../functions/domain/awards.ts';",
      "export type Review = import('../../functions/domain/evaluation.ts').Review;",
      "type UseCases = typeof import('../../functions/use-cases/awards.ts');",
      "export { x } from '../../functions/domain/pitch.ts';",
      "import { formatMoney as f } from '../../functions/shared/money.ts';",
      "import type { components } from '../generated/api.d.ts';",
    ].join('\n');
    // Act + Assess: all but the shared module and the generated contract are caught.
    expect(serverImports(file, text).sort()).toEqual([
      '../../functions/app/schemas.ts',
      '../../functions/domain/awards.ts',
      '../../functions/domain/evaluation.ts',
      '../../functions/domain/pitch.ts',
      '../../functions/use-cases/awards.ts',
    ]);
  });

  it('web/src imports nothing from functions/ except functions/shared/', () => {
    const offending = sourceFiles(WEB).flatMap((file) =>
      serverImports(file, readFileSync(file, 'utf8')).map((s) => `${relative(ROOT, file)} imports ${s}`),
    );
    expect(offending).toEqual([]);
  });

  it('functions/shared/ is self-contained: it imports nothing but its own files (and the ICU formatter)', () => {
    // The one package both sides format messages with (functions/shared/i18n/translate.ts), and its
    // parser's syntax trees, in which the server's messages are compiled at build time.
    const PACKAGES = new Set(['intl-messageformat', '@formatjs/icu-messageformat-parser']);
    const outside = sourceFiles(SHARED).flatMap((file) =>
      specifiers(readFileSync(file, 'utf8'))
        .filter((s) => (!s.startsWith('.') && !PACKAGES.has(s)) || (s.startsWith('.') && !inside(resolve(dirname(file), s), SHARED)))
        .map((s) => `${relative(ROOT, file)} imports ${s}`),
    );
    expect(outside).toEqual([]);
  });

  it('the shared helpers are defined once, in functions/shared/, and both sides use them from there', () => {
    const shared = ['formatMoney', 'currencyDigits', 'formatShare', 'formatDuration', 'formatBytes'];
    const everywhere = [...sourceFiles(WEB), ...sourceFiles(FUNCTIONS)];
    const definedAt = (name: string) =>
      everywhere
        .filter((f) => new RegExp(`\\b(function\\s+${name}\\b|(const|let)\\s+${name}\\s*=)`).test(readFileSync(f, 'utf8')))
        .map((f) => relative(ROOT, f));
    for (const name of shared) expect(definedAt(name), name).toHaveLength(1);
    for (const name of shared) expect(definedAt(name)[0], name).toMatch(/^functions\/shared\//);

    const users = (module: string) =>
      everywhere.filter((f) => specifiers(readFileSync(f, 'utf8')).some((s) => s.startsWith('.') && resolve(dirname(f), s) === join(SHARED, module)));
    for (const module of ['money.ts', 'units.ts']) {
      const by = users(module).map((f) => relative(ROOT, f));
      expect(by.some((f) => f.startsWith('web/src/')), `${module} used by the web`).toBe(true);
      expect(by.some((f) => f.startsWith('functions/domain/')), `${module} used by the domain`).toBe(true);
    }
  });
});
