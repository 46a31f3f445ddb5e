/**
 * `npm run token -- sme1@demo.test` prints a bearer ID token for a demo account, for curl and the
 * API docs' "Authorize" box. It signs with the key in the data folder (creating it if the server
 * never ran), so the local server accepts the token. Deliberately a local CLI: no HTTP endpoint
 * mints tokens.
 */
import { resolve } from 'node:path';
import { DEMO_ACCOUNTS, findDemoAccount } from './demo-accounts.ts';
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
  const port = process.env.PORT ?? '3000';
  const token = await signLocalIdToken({ dataDir, issuer: issuerFor(`http://localhost:${port}`), account });
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
