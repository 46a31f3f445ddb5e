/**
 * Which ports over AWS an API area's code reads, found in its code: the modules its Lambda entry
 * bundles (esbuild's metafile, not through the adapters' chunk that composition.ts loads), and in
 * them every read of a port — `ports.awards.getLedger(…)`, `deps.mailer` passed on. (TypeScript
 * here is the native compiler, with no API to ask for types, so this reads the text: `x.awards`
 * counts unless what follows is a member the port does not have, as in `ledger.awards.filter(…)`.
 * It may count a port that is not read, never miss one that is read as a property — the code
 * reads ports no other way, e.g. by a computed name.) tests/unit/area-ports.test.ts checks
 * functions/lambda/area-ports.ts against it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { lambdaBuildOptions } from '../../infra/lambda-function.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const PORTS_FILE = path.join(REPO_ROOT, 'functions/use-cases/ports.ts');

/** The modules of our own code the entry bundles, its chunks included, not counting the adapters' chunk composition.ts loads. */
export async function areaModules(entry: string): Promise<string[]> {
  const { metafile } = (await build({ ...lambdaBuildOptions(entry, path.join(REPO_ROOT, 'bench/tmp/area-ports')), metafile: true })) as { metafile: Metafile };
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !metafile.inputs[file]) return;
    seen.add(file);
    for (const i of metafile.inputs[file]!.imports)
      // The adapters' chunk is what the list makes; any other chunk (the ranking computation) is the area's code.
      if (!(i.kind === 'dynamic-import' && /^functions\/lambda\/\w+-adapters\.ts$/.test(i.path))) visit(i.path);
  };
  visit(path.relative(REPO_ROOT, entry));
  return [...seen].filter((f) => f.startsWith('functions/') && f.endsWith('.ts')).map((f) => path.join(REPO_ROOT, f));
}

const withoutComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

/** The body of `interface name {…}` (or `type name = {…}`) in `source`, braces matched. */
function bodyOf(source: string, name: string): string | undefined {
  const m = new RegExp(`(?:interface ${name}\\b[^{]*|type ${name}\\s*=\\s*)\\{`).exec(source);
  if (!m) return undefined;
  let depth = 1;
  let i = m.index + m[0].length;
  const start = i;
  for (; i < source.length && depth > 0; i++) depth += source[i] === '{' ? 1 : source[i] === '}' ? -1 : 0;
  return source.slice(start, i - 1);
}

/** Each port of `Ports` (functions/use-cases/ports.ts) and the names of its members. */
export function portMembers(): Map<string, Set<string>> {
  const source = withoutComments(readFileSync(PORTS_FILE, 'utf8'));
  const ports = bodyOf(source, 'Ports');
  if (!ports) throw new Error('No interface Ports in functions/use-cases/ports.ts');
  const members = new Map<string, Set<string>>();
  for (const [, port, type] of ports.matchAll(/^\s*(\w+)\??:\s*(\w+)/gm)) {
    const body = bodyOf(source, type!) ?? '';
    const own = [...body.matchAll(/^\s{2}(?:readonly\s+)?(\w+)\??\s*[(:<]/gm)].map((m) => m[1]!);
    // Members of what it extends, one level (`interface X extends A, B {`).
    const ext = new RegExp(`interface ${type}\\s+extends\\s+([^{]+)\\{`).exec(source)?.[1]?.split(',').map((s) => s.trim().replace(/<.*$/, '')) ?? [];
    for (const e of ext) own.push(...[...(bodyOf(source, e) ?? '').matchAll(/^\s{2}(?:readonly\s+)?(\w+)\??\s*[(:<]/gm)].map((m) => m[1]!));
    members.set(port!, new Set(own));
  }
  return members;
}

/** The ports among `ports` that `files` read (see the header). */
export function portsRead(files: readonly string[], ports: readonly string[]): Set<string> {
  const members = portMembers();
  const read = new Set<string>();
  for (const file of files) {
    const source = withoutComments(readFileSync(file, 'utf8'));
    // The domain is pure: a module that does not import the ports' types is handed no port, so its
    // `entry.awards` is data (only its imports are followed).
    if (/[\\/]functions[\\/]domain[\\/]/.test(file) && !/use-cases\/ports\.ts/.test(source)) continue;
    for (const port of ports) {
      if (read.has(port)) continue;
      const known = members.get(port);
      if (!known) throw new Error(`${port} is not a port of Ports`);
      for (const m of source.matchAll(new RegExp(`\\.${port}\\b(\\??\\.(\\w+))?`, 'g')))
        if (!m[2] || known.has(m[2])) {
          read.add(port);
          break;
        }
    }
  }
  return read;
}
