/**
 * The local platform's CURSOR_SECRET (functions/adapters/config.ts): made once per data folder and
 * kept there, so page links stay valid across restarts and no two folders share a secret.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const FILE = 'cursor-secret';

export async function localCursorSecret(dataDir: string): Promise<string> {
  const path = join(dataDir, FILE);
  try {
    const secret = (await readFile(path, 'utf8')).trim();
    if (secret.length >= 32) return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  // One process owns the folder (lock.ts), so a plain write cannot race another start.
  const secret = randomBytes(32).toString('base64url');
  await writeFile(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}
