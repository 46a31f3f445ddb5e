/**
 * `npm run token -- sme1@demo.test` prints a bearer ID token for a demo account, for curl and the
 * API docs' "Authorize" box. It signs with the key in the data folder (creating it if the server
 * never ran), so the local server accepts the token. The token's issuer names the platform's
 * origin, so it is taken from the Podium running on the data folder (whatever PORT that was
 * started with); when none runs, from PORT (default 3000). Deliberately a local CLI: no HTTP
 * endpoint mints tokens.
 */
import { resolve } from 'node:path';
import { DEMO_ACCOUNTS, findDemoAccount } from './demo-accounts.ts';
import { runningOrigin } from './lock.ts';
import { issuerFor, signLocalIdToken } from './oidc.ts';

async function main(argv: string[]): Promise<number> {
  const email = argv[0];
  const account = email === undefined ? undefined : findDemoAccount(email);
  if (!account) {
    const list = DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(22)} ${a.name}`).join('\n');
    process.stderr.write(
      `${email === undefined ? 'Which account?' : `No demo account "${email}".`} Usage: npm run token -- <email>\n\nDemo accounts:\n${list}\n`,
    );
    return 2;
  }
  const dataDir = resolve(process.env.PODIUM_DATA_DIR ?? '.podium');
  let origin = await runningOrigin(dataDir);
  if (origin === undefined) {
    origin = `http://localhost:${process.env.PORT || '3000'}`;
    // stderr, so `$(npm run -s token -- …)` still captures only the token.
    process.stderr.write(`No Podium is running on ${dataDir}; this token is for one started at ${origin}.\n`);
  }
  const token = await signLocalIdToken({ dataDir, issuer: issuerFor(origin), account });
  process.stdout.write(`${token}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`Could not make a token: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
