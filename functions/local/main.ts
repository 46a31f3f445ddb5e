/**
 * `npm start`: runs Podium on this machine. Data lives in PODIUM_DATA_DIR (default `.podium` in
 * the current folder), the port is PORT (default 3000), and PODIUM_RUNTIME says where the API runs:
 * `node` (default, the app in this process) or `lambda` (the synthesized HTTP API in front of the
 * bundled Lambda functions, as deployed). Ctrl-C or SIGTERM stops it cleanly: requests in
 * flight are answered and the data folder is left consistent and unlocked.
 */
import { resolve } from 'node:path';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts.ts';
import { DataDirLockedError } from './lock.ts';
import { PODIUM_RUNTIMES, startPodium, type PodiumRuntime, type RunningPodium } from './server.ts';

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

function parseRuntime(raw: string | undefined): PodiumRuntime {
  if (raw === undefined || raw === '') return 'node';
  if ((PODIUM_RUNTIMES as readonly string[]).includes(raw)) return raw as PodiumRuntime;
  console.error(`PODIUM_RUNTIME must be one of ${PODIUM_RUNTIMES.join(', ')}, not "${raw}".`);
  process.exit(1);
}

const RUNTIME_DESCRIPTIONS: Record<PodiumRuntime, string> = {
  node: 'the API app in this process',
  lambda: 'the bundled Lambda functions behind the synthesized HTTP API (as deployed)',
};

function banner(podium: RunningPodium): string {
  const accounts = DEMO_ACCOUNTS.map((a) => `    ${a.email.padEnd(22)} ${a.name}${a.groups.length ? ` (${a.groups.join(', ')})` : ''}`);
  return [
    '',
    `  Podium is running at ${podium.url}`,
    '',
    `  API docs     ${podium.url}/api-docs`,
    `  Data folder  ${podium.dataDir}`,
    `  API runtime  ${podium.runtime}: ${RUNTIME_DESCRIPTIONS[podium.runtime]}`,
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

/**
 * Why repeated signals are expected. `npm start` runs `exec node --import tsx …` (package.json),
 * so this process is npm's direct child. A Ctrl-C in a terminal sends SIGINT to the whole process
 * group — npm and this process — and npm forwards the one it got to its child, so the same
 * keypress arrives here once or twice, a few milliseconds apart (measured; the kernel merges them
 * only sometimes). A supervisor's `kill -TERM -<group>` does the same with SIGTERM. So: the first
 * signal starts a clean stop, copies of it are ignored, SIGTERM never forces (a supervisor that
 * loses patience sends SIGKILL), and only a SIGINT more than a second after the first — a person
 * pressing Ctrl-C again — exits at once.
 */
const REPEAT_IS_A_COPY_MS = 1000;

async function main(): Promise<void> {
  const dataDir = resolve(process.env.PODIUM_DATA_DIR ?? '.podium');
  const port = parsePort(process.env.PORT);
  const runtime = parseRuntime(process.env.PODIUM_RUNTIME);

  // Listening before anything starts: a stop during start-up (while seeding, say) stops what has
  // started, cleanly, instead of killing the process half-way through a write.
  const stopRequested = new AbortController();
  let podium: RunningPodium | undefined;
  let firstSignalAt: number | undefined;
  const stopAndExit = (running: RunningPodium) =>
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`Podium did not stop cleanly: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt !== undefined) {
      if (signal === 'SIGINT' && Date.now() - firstSignalAt > REPEAT_IS_A_COPY_MS) {
        console.error('\nSecond Ctrl-C: exiting without waiting.');
        process.exit(1);
      }
      return;
    }
    firstSignalAt = Date.now();
    console.log(`\nStopping Podium… (waiting for requests in flight; press Ctrl-C again to exit at once)`);
    stopRequested.abort(new Error(`Stopped by ${signal} while starting.`));
    if (podium) void stopAndExit(podium);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    // Structured logs from WARN up unless asked (`LOG_LEVEL=INFO npm start` shows a line per API request).
    podium = await startPodium({ port, dataDir, host: process.env.HOST || undefined, logLevel: process.env.LOG_LEVEL || 'WARN', runtime, signal: stopRequested.signal });
  } catch (err) {
    if (stopRequested.signal.aborted) process.exit(0); // what had started is stopped again
    if (err instanceof DataDirLockedError) console.error(err.message);
    else console.error(`Podium could not start: ${describeStartupError(err, port)}`);
    process.exit(1);
  }
  if (stopRequested.signal.aborted) return void stopAndExit(podium);
  console.log(banner(podium));
}

void main();
