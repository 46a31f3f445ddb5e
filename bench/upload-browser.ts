/**
 * `upload.200mb.browser_throughput_ratio`: a 200 MiB pitch uploaded where users upload it — in
 * Chromium, through the real submission page of the locally running platform (functions/local/
 * server.ts, the node runtime): an entrant signs in, opens the page and chooses the file in its file
 * input. Timed from choosing the file until the page says the upload is done ("Uploaded —
 * verifying…": every part sent, reported and the multipart upload completed; the server's
 * verification of the video is not upload time and is left out). Against a plain SDK multipart upload
 * (@aws-sdk/lib-storage with its defaults: 5 MiB parts, 4 in parallel) of the same file, from Node
 * (the file's bytes in memory: the SDK's fastest case), to the same s3rver — the one the page's
 * presigned URLs point at, straight from the browser (the local server does not proxy them). Interleaved SDK, browser, SDK,
 * browser… five rounds each (BENCH_UPLOAD_ROUNDS), medians. Target ≥ 0.9.
 * `…_fastest_rounds`: the fastest round of each, the figure least disturbed by other work on the
 * machine; `upload.browser.load_average`: the machine's load when the rounds ended.
 *
 * Needs the built web app (`npm run build:web`; built here if there is none) and Chromium
 * (/usr/bin/chromium or CHROMIUM_PATH).
 */
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { execFileSync, spawn } from 'node:child_process';
import { PRIVACY_NOTICE } from '../functions/domain/privacy.ts';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findDemoAccount } from '../functions/local/demo-accounts.ts';
import { signLocalIdToken } from '../functions/local/oidc.ts';
import { localS3Client } from '../functions/local/stand-ins.ts';
import { chromiumPath, launchBrowser, signIn } from '../tests/browser/support.ts';
import type { BenchResult } from './result.ts';
import { bigPitch } from './upload.ts';

const MiB = 1024 * 1024;
const ROUNDS = Number(process.env.BENCH_UPLOAD_ROUNDS ?? 5);
/** The SDK's uploads go to a bucket of their own on the same s3rver: no pitch processing for them. */
const BASELINE_BUCKET = 'bench-baseline';

/**
 * The platform in a process of its own, as `npm start` runs it: the SDK (here) and Chromium (its
 * own processes) are then both clients from outside, neither sharing a thread with s3rver. Prints
 * its URL on its first line; stops on SIGTERM.
 */
const PLATFORM = `
import { startPodium } from ${JSON.stringify(fileURLToPath(new URL('../functions/local/server.ts', import.meta.url)))};
const podium = await startPodium({ port: 0, dataDir: process.argv[1], seed: false, quiet: true });
process.stdout.write(podium.url + '\\n');
process.on('SIGTERM', () => podium.stop().then(() => process.exit(0)));
`;

function startPlatformProcess(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PLATFORM, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the platform exited with ${code}`)));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (!out.includes('\n')) return;
      child.removeAllListeners('exit');
      resolve({
        url: out.trim(),
        stop: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function benchUploadBrowser(sizeMiB = 200): Promise<BenchResult[]> {
  chromiumPath();
  if (!existsSync(fileURLToPath(new URL('../web/dist/index.html', import.meta.url))))
    execFileSync('npm', ['run', '-s', 'build:web'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'inherit' });

  const dir = await mkdtemp(join(tmpdir(), 'podium-bench-upload-browser-'));
  const dataDir = join(dir, 'data');
  let podium: Awaited<ReturnType<typeof startPlatformProcess>> | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  try {
    podium = await startPlatformProcess(dataDir);
    browser = await launchBrowser();
    const base = podium.url;
    const issuer = `${base}/oidc`;
    const tokens: Record<string, string> = {};
    for (const email of ['organiser@demo.test', 'sme1@demo.test'])
      tokens[email] = await signLocalIdToken({ dataDir, issuer, account: findDemoAccount(email)! });
    const call = async (method: string, path: string, who: string, body?: unknown) => {
      const res = await fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${tokens[who]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json().catch(() => undefined)) as any;
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };

    // An open pitch competition that takes a 200 MiB video; the entrant registered, a draft saved.
    const wall = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString().slice(0, 16);
    const created = await call('POST', '/api/competitions', 'organiser@demo.test', {
      title: 'Upload bench',
      description: 'Bench',
      kind: 'pitch',
      sectors: [],
      eligibility: { countries: [], smeOnly: true },
      schedule: { timeZone: 'UTC', submissionsOpen: wall(-1), submissionsClose: wall(24 * 7), evaluationStart: wall(24 * 8), evaluationEnd: wall(24 * 14), resultsDate: wall(24 * 21) },
      rubric: [{ name: 'A', description: '', weight: 1, scale: { min: 1, max: 5 } }],
      questions: [],
      pitch: { required: false, maxDurationSeconds: 180, maxSizeBytes: (sizeMiB + 56) * MiB, formats: ['mp4'] },
    });
    const competitionId: string = created.id;
    await call('POST', `/api/competitions/${competitionId}/publish`, 'organiser@demo.test', { version: created.version });
    await call('POST', `/api/competitions/${competitionId}/registration`, 'sme1@demo.test', {
      organisationName: 'Bench SME',
      country: 'BE',
      registryId: 'BE0111222333',
      smeDeclaration: true,
      team: [{ name: 'Sme', email: 'sme1@demo.test', role: 'CEO' }],
      privacy: { noticeVersion: PRIVACY_NOTICE.version, purposesVersion: 0 },
    });
    await call('POST', `/api/competitions/${competitionId}/submissions`, 'sme1@demo.test', { title: 'Bench pitch', summary: 'Bench.' });

    // The store the page sends parts to: the S3 origin its Content-Security-Policy allows to connect to.
    const csp = (await fetch(base + '/')).headers.get('content-security-policy') ?? '';
    const s3Endpoint = /connect-src 'self' (\S+?);/.exec(csp)?.[1];
    if (!s3Endpoint) throw new Error(`No S3 origin in the page's CSP: ${csp}`);
    const s3 = localS3Client(s3Endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: BASELINE_BUCKET }));
    let sdkStart = 0;
    if (process.env.BENCH_TRACE)
      s3.middlewareStack.add(
        (next, context) => async (args) => {
          const t = performance.now();
          const out = await next(args);
          if (context.commandName !== 'UploadPartCommand' || (args.input as { PartNumber?: number }).PartNumber! % 10 === 0)
            console.log(`sdk ${Math.round(t - sdkStart)}–${Math.round(performance.now() - sdkStart)} ms ${context.commandName} ${(args.input as { PartNumber?: number }).PartNumber ?? ''}`);
          return out;
        },
        { step: 'initialize' },
      );

    const bytes = await bigPitch(sizeMiB);
    const file = join(dir, 'pitch.mp4');
    await writeFile(file, bytes);

    const { page } = browser;
    page.setDefaultTimeout(180_000);
    await page.goto(base + '/');
    await signIn(page, 'sme1@demo.test');
    await page.goto(`${base}/competitions/${competitionId}/submission`);
    const panel = page.getByRole('region', { name: /Video pitch/ });
    const state = panel.locator('.pitch-state[role=status]');
    await panel.getByLabel(/Video pitch file/).waitFor();

    const sdkTimes: number[] = [];
    const browserTimes: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // A: the SDK, from Node, to the same s3rver.
      sdkStart = performance.now();
      await new Upload({ client: s3, params: { Bucket: BASELINE_BUCKET, Key: `plain-${round}.mp4`, Body: bytes, ContentType: 'video/mp4' } }).done();
      sdkTimes.push((performance.now() - sdkStart) / 1000);

      // B: the page. From the second round on it replaces the verified video, as a user would.
      if (round > 1) await panel.getByRole('button', { name: 'Replace video' }).click();
      const input = panel.getByLabel(/Video pitch file/);
      await input.waitFor();
      // Timed in the page: from the input's change event (the file is chosen) until the status line
      // first says the upload is done — a MutationObserver sees every render, however brief.
      await page.evaluate(() => {
        const w = window as unknown as { benchUpload: { start?: number; done?: number; text?: string } };
        const mark = (w.benchUpload = {} as { start?: number; done?: number; text?: string });
        performance.clearResourceTimings();
        performance.setResourceTimingBufferSize(1000);
        const status = document.querySelector('.pitch-panel .pitch-state[role=status]')!;
        document.addEventListener('change', () => (mark.start ??= performance.now()), { capture: true, once: true });
        const seen = new MutationObserver(() => {
          const text = status.textContent ?? '';
          if (mark.done === undefined && /^(Uploaded — verifying|Ready|Rejected|Upload stopped)/.test(text)) {
            mark.done = performance.now();
            mark.text = text;
            seen.disconnect();
          }
        });
        seen.observe(status, { childList: true, characterData: true, subtree: true });
      });
      await input.setInputFiles(file);
      await page.waitForFunction(() => (window as unknown as { benchUpload: { done?: number } }).benchUpload.done !== undefined, undefined, { polling: 100 });
      const mark = await page.evaluate(() => (window as unknown as { benchUpload: { start: number; done: number; text: string } }).benchUpload);
      if (!mark.text.startsWith('Uploaded')) throw new Error(`the page said "${mark.text}" instead of "Uploaded — verifying…" (web/dist older than web/src? npm run build:web)`);
      browserTimes.push((mark.done - mark.start) / 1000);
      // Not timed: the server's verdict, before the next round starts.
      await state.filter({ hasText: /^(Ready|Rejected)/ }).waitFor();
      const verdict = (await state.textContent()) ?? '';
      if (!verdict.startsWith('Ready')) throw new Error(`bench pitch was not accepted: ${verdict}`);
      if (process.env.BENCH_TRACE)
        console.log(
          (
            await page.evaluate(
              (t0) =>
                (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((e) => {
                  const u = new URL(e.name);
                  const what = u.searchParams.get('partNumber') ? `part ${u.searchParams.get('partNumber')}` : u.pathname.replace(/^.*\/pitch/, 'pitch');
                  return `${Math.round(e.startTime - t0)}–${Math.round(e.responseEnd - t0)} ms ${what}`;
                }),
              mark.start,
            )
          ).join('\n'),
        );
      if (process.env.BENCH_TRACE) console.log(`round ${round}: sdk ${sdkTimes.at(-1)!.toFixed(2)} s, browser ${browserTimes.at(-1)!.toFixed(2)} s`);
    }
    s3.destroy();

    const sdkSeconds = median(sdkTimes);
    const browserSeconds = median(browserTimes);
    const mbps = (seconds: number) => Math.round(((sizeMiB * MiB) / seconds / 1e6) * 10) / 10;
    const ratio = Math.round((sdkSeconds / browserSeconds) * 1000) / 1000;
    // On a shared machine a round can be slowed by other work: the fastest round of each is the
    // figure least disturbed by it.
    const best = Math.round((Math.min(...sdkTimes) / Math.min(...browserTimes)) * 1000) / 1000;
    return [
      { name: 'upload.200mb.browser_sdk_mb_per_s', value: mbps(sdkSeconds), unit: 'MB/s' },
      { name: 'upload.200mb.browser_mb_per_s', value: mbps(browserSeconds), unit: 'MB/s' },
      { name: 'upload.200mb.browser_throughput_ratio', value: ratio, unit: 'ratio', baseline: Math.round(sdkSeconds * 100) / 100, ratio },
      { name: 'upload.200mb.browser_throughput_ratio_fastest_rounds', value: best, unit: 'ratio', baseline: Math.round(Math.min(...sdkTimes) * 100) / 100, ratio: best },
      { name: 'upload.browser.load_average', value: Math.round(loadavg()[0]! * 10) / 10, unit: 'load (1 min)' },
    ];
  } finally {
    await browser?.close();
    await podium?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
