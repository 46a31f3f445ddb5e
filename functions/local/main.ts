/**
 * `npm start`: runs Podium on this machine. Data lives in PODIUM_DATA_DIR (default `.podium` in
 * the current folder), the port is PORT (default 3000). Ctrl-C stops it cleanly.
 */
import { resolve } from 'node:path';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts.ts';
import { DataDirLockedError } from './lock.ts';
import { startPodium, type RunningPodium } from './server.ts';

// The SDK's notice about its 2027 Node 22 requirement is noise for someone trying Podium out.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a number between 0 and 65535, not "${raw}".`);
    process.exit(1);
  }
  return port;
}

function banner(podium: RunningPodium): string {
  const accounts = DEMO_ACCOUNTS.map((a) => `    ${a.email.padEnd(22)} ${a.name}${a.groups.length ? ` (${a.groups.join(', ')})` : ''}`);
  return [
    '',
    `  Podium is running at ${podium.url}`,
    '',
    `  API docs     ${podium.url}/api-docs`,
    `  Data folder  ${podium.dataDir}`,
    '',
    `  Demo accounts (password "${DEMO_PASSWORD}"):`,
    ...accounts,
    '',
    '  A bearer token for curl:  npm run token -- sme1@demo.test',
    `    curl -H "Authorization: Bearer $(npm run -s token -- sme1@demo.test)" ${podium.url}/api/me`,
    '  Stop with Ctrl-C.',
    '',
  ].join('\n');
}

function describeStartupError(err: unknown, port: number): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return `Port ${port} is already in use. Stop whatever uses it, or start with another port: PORT=3001 npm start`;
  if (code === 'EACCES') return `Not allowed to listen on port ${port}. Try a port above 1024: PORT=3001 npm start`;
  return err instanceof Error ? err.message : String(err);
}

async function main(): Promise<void> {
  const dataDir = resolve(process.env.PODIUM_DATA_DIR ?? '.podium');
  const port = parsePort(process.env.PORT);

  let podium: RunningPodium;
  try {
    podium = await startPodium({ port, dataDir, host: process.env.HOST || undefined });
  } catch (err) {
    if (err instanceof DataDirLockedError) console.error(err.message);
    else console.error(`Podium could not start: ${describeStartupError(err, port)}`);
    process.exit(1);
  }
  console.log(banner(podium));

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`\nSecond ${signal}: exiting without waiting.`);
      process.exit(1);
    }
    stopping = true;
    console.log('\nStopping Podium…');
    podium.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`Podium did not stop cleanly: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
