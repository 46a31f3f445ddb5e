/**
 * dynalite in a process of its own, as DynamoDB is a service of its own: a benchmark that runs
 * the stand-in in its own process measures what the platform costs next to the database's work,
 * not how the two share one thread. Prints the endpoint on its first line.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { RunningService } from '../functions/local/stand-ins.ts';

const CHILD = `
import { startDynalite } from ${JSON.stringify(path.resolve(import.meta.dirname, '../functions/local/stand-ins.ts'))};
const db = await startDynalite({ path: process.argv[1] });
process.stdout.write(db.endpoint + '\\n');
process.on('SIGTERM', () => db.stop().then(() => process.exit(0)));
`;

export function startDynaliteProcess(dataPath: string): Promise<RunningService> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, dataPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`dynalite exited with ${code}`)));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (!out.includes('\n')) return;
      child.removeAllListeners('exit');
      resolve({
        endpoint: out.trim(),
        stop: () => new Promise<void>((done) => {
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
      });
    });
  });
}
