/**
 * One process owns a data folder: dynalite's LevelDB store breaks when two processes share it
 * (the second crashes on its first request), so the second one must refuse to start instead.
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, isAbsolute } from 'node:path';

export const LOCK_FILE = 'podium.lock';
/** Where the Podium holding the lock listens, for `npm run token` (whose issuer must match). */
export const ORIGIN_FILE = 'podium.origin';

export class DataDirLockedError extends Error {
  constructor(
    readonly pid: number,
    dataDir: string,
  ) {
    super(
      `Another Podium (pid ${pid}) is already using ${displayPath(dataDir)} — stop it first, or set PODIUM_DATA_DIR to use another folder.`,
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly path: string;
  /** Writes `<dataDir>/podium.origin`: this process's pid and the origin it listens on. */
  publishOrigin(origin: string): Promise<void>;
  /** Removes the origin file and the lock file if they are still ours; safe to call more than once. */
  release(): Promise<void>;
}

/** Takes `<dataDir>/podium.lock`, taking over a lock left behind by a process that has died. */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const lockPath = join(dataDir, LOCK_FILE);
  const content = `${process.pid}\n${randomUUID()}\n`;

  for (let attempt = 0; attempt < 5; attempt++) {
    if (await createExclusively(lockPath, content)) return ownLock(lockPath, content);

    const existing = await readIfPresent(lockPath);
    if (existing === undefined) continue; // released in between: try again
    const pid = parsePid(existing);
    if (pid !== undefined && isAlive(pid)) throw new DataDirLockedError(pid, dataDir);
    await takeAwayStale(lockPath, existing);
  }
  throw new Error(`Could not take the lock ${lockPath}; is another Podium starting at the same moment?`);
}

function ownLock(lockPath: string, content: string): DataDirLock {
  const originPath = join(dirname(lockPath), ORIGIN_FILE);
  let origin: string | undefined;
  let released = false;
  return {
    path: lockPath,
    async publishOrigin(o) {
      origin = originContent(o);
      const tmp = `${originPath}.${process.pid}.${randomUUID()}.tmp`;
      await writeFile(tmp, origin);
      await rename(tmp, originPath);
    },
    async release() {
      if (released) return;
      released = true;
      if (origin !== undefined && (await readIfPresent(originPath)) === origin) await unlink(originPath).catch(() => undefined);
      if ((await readIfPresent(lockPath)) === content) await unlink(lockPath).catch(() => undefined);
    },
  };
}

const originContent = (origin: string) => `${JSON.stringify({ pid: process.pid, origin })}\n`;

/**
 * The origin of the Podium running on `dataDir`, or undefined when none runs there: the origin
 * file counts only while the process that holds the lock is alive and is the one that wrote it
 * (a file left by a crash, or one from before a restart, names another pid).
 */
export async function runningOrigin(dataDir: string): Promise<string | undefined> {
  const lock = await readIfPresent(join(dataDir, LOCK_FILE));
  const pid = lock === undefined ? undefined : parsePid(lock);
  if (pid === undefined || !isAlive(pid)) return undefined;
  const text = await readIfPresent(join(dataDir, ORIGIN_FILE));
  if (text === undefined) return undefined;
  try {
    const o = JSON.parse(text) as { pid?: unknown; origin?: unknown };
    return o.pid === pid && typeof o.origin === 'string' ? o.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `wx` semantics with the content already in place: write a private file, then hard-link it to
 * the lock name (fails atomically if the name exists), so nobody ever reads a half-written pid.
 */
async function createExclusively(lockPath: string, content: string): Promise<boolean> {
  const tmp = `${lockPath}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(tmp, content, { flag: 'wx' });
  try {
    await link(tmp, lockPath);
    return true;
  } catch (e) {
    if (errorCode(e) === 'EEXIST') return false;
    if (errorCode(e) === 'EPERM' || errorCode(e) === 'ENOTSUP') {
      // File systems without hard links: fall back to a plain exclusive create.
      try {
        await writeFile(lockPath, content, { flag: 'wx' });
        return true;
      } catch (e2) {
        if (errorCode(e2) === 'EEXIST') return false;
        throw e2;
      }
    }
    throw e;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** Moves a dead process's lock aside; if a live one slipped in meanwhile, puts it back. */
async function takeAwayStale(lockPath: string, staleContent: string): Promise<void> {
  const aside = `${lockPath}.${randomUUID()}.stale`;
  try {
    await rename(lockPath, aside);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return;
    throw e;
  }
  const moved = await readIfPresent(aside);
  if (moved !== undefined && moved !== staleContent) await link(aside, lockPath).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return undefined;
    throw e;
  }
}

function parsePid(content: string): number | undefined {
  const pid = Number.parseInt(content.split('\n')[0] ?? '', 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return errorCode(e) === 'EPERM';
  }
}

function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

/** `.podium` rather than `/home/me/project/.podium` when the folder is under the cwd. */
function displayPath(dataDir: string): string {
  const rel = relative(process.cwd(), dataDir);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : dataDir;
}
