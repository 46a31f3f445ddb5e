/**
 * `upload.200mb.throughput_ratio`: a 200 MiB pitch uploaded through the app's own upload client
 * (web/src/upload/pitch-uploader.ts — the code the web page runs, here under Node) against the
 * real API over HTTP, vs a plain SDK multipart upload (@aws-sdk/lib-storage with its defaults:
 * 5 MiB parts, 4 in parallel) of the same file to the same s3rver. Target ≥ 0.8.
 * `upload.200mb.throughput_ratio_vs_sdk_8mib_parts`: the same against the SDK with our part size
 * (8 MiB, 4 in parallel) — the stricter comparison.
 * `upload.api_video_bytes`: request-body bytes the API received during that upload that were not
 * JSON control messages — i.e. video — must be 0; `upload.api_control_bytes` shows the rest.
 */
import { serve } from '@hono/node-server';
import { Upload } from '@aws-sdk/lib-storage';
import { randomFillSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFullApp } from '../functions/app/api-areas.ts';
import { createPitchEventHandler } from '../functions/app/pitch-events.ts';
import { toS3Event } from '../functions/local/s3-events.ts';
import { ensureTable, localDocumentClient, localDynamoClient, localS3Client, startDynalite, startS3rver } from '../functions/local/stand-ins.ts';
import { registerEntrant } from '../functions/use-cases/register-entrant.ts';
import { createSubmission } from '../functions/use-cases/submissions.ts';
import { PitchUploader } from '../web/src/upload/pitch-uploader.ts';
import { benchPlatform, openBenchCompetition } from './platform.ts';
import type { BenchResult } from './result.ts';
import { PRIVACY_NOTICE } from '../functions/domain/privacy.ts';

const MiB = 1024 * 1024;
const ROUNDS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** A valid MP4 of `sizeMiB`: a 3 s clip followed by a `free` box of random bytes. */
export async function bigPitch(sizeMiB: number): Promise<Uint8Array<ArrayBuffer>> {
  const { readFile } = await import('node:fs/promises');
  const clip = new Uint8Array(await readFile(new URL('../tests/fixtures/video/faststart.mp4', import.meta.url)));
  const out = new Uint8Array(sizeMiB * MiB);
  out.set(clip);
  const pad = out.length - clip.length;
  new DataView(out.buffer).setUint32(clip.length, pad);
  out.set([0x66, 0x72, 0x65, 0x65], clip.length + 4);
  // Incompressible bytes, as video is.
  randomFillSync(out, clip.length + 8);
  return out;
}

export async function benchUpload(sizeMiB = 200): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'podium-bench-upload-'));
  const dynamo = await startDynalite({ path: join(dir, 'db') });
  let onEvent: (e: unknown) => void = () => undefined;
  const s3 = await startS3rver({ directory: join(dir, 's3'), buckets: ['bench'], onEvent: (e) => onEvent(e) });
  try {
    await ensureTable(localDynamoClient(dynamo.endpoint), 'bench');
    const s3client = localS3Client(s3.endpoint);
    const { deps, token: signToken } = await benchPlatform(localDocumentClient(dynamo.endpoint), s3client);
    const processEvent = createPitchEventHandler(deps);
    // Track notification processing so nothing is still writing when the stand-ins stop.
    const processing: Promise<unknown>[] = [];
    onEvent = (e) => void processing.push(processEvent(toS3Event(e)));

    const sme = { sub: 'sme', email: 'sme@bench.test', name: 'Sme', groups: [] };
    const c = await openBenchCompetition(deps, 'pitch');
    await registerEntrant(deps, sme, c.id, { organisationName: 'Bench SME', country: 'BE', registryId: 'BE0000000001', smeDeclaration: true, team: [{ name: 'A', email: sme.email, role: '' }], privacy: { noticeVersion: PRIVACY_NOTICE.version, purposesVersion: 0 } }, );
    const submission = await createSubmission(deps, sme, c.id, { title: 'T', summary: '', problem: '', solution: '', valueChain: [], sectors: [], answers: {} });
    const token = await signToken(sme);

    // The API over real HTTP, counting every request body it receives.
    const app = createFullApp(deps);
    let videoBytes = 0;
    let controlBytes = 0;
    const server = serve({
      port: 0,
      hostname: '127.0.0.1',
      fetch: async (req) => {
        const body = req.body ? new Uint8Array(await req.arrayBuffer()) : undefined;
        if (body) {
          if ((req.headers.get('content-type') ?? '').startsWith('application/json')) controlBytes += body.length;
          else videoBytes += body.length;
        }
        return app.fetch(new Request(req.url, { method: req.method, headers: req.headers, body }));
      },
    });
    await new Promise((r) => server.once('listening', r));
    const apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const file = await bigPitch(sizeMiB);

    // Alternate the two, three rounds each, and compare medians: the disk behind s3rver is noisy.
    const sdkTimes: number[] = [];
    const sdkTunedTimes: number[] = [];
    const ourTimes: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Baseline: a plain SDK multipart upload (lib-storage's defaults: 5 MiB parts, 4 at a time)…
      let sdkStart = performance.now();
      await new Upload({
        client: s3client,
        params: { Bucket: 'bench', Key: `baseline/plain-${round}.mp4`, Body: file, ContentType: 'video/mp4' },
      }).done();
      sdkTimes.push((performance.now() - sdkStart) / 1000);
      // …and a stricter one: the SDK tuned to 8 MiB parts, 4 at a time.
      sdkStart = performance.now();
      await new Upload({
        client: s3client,
        params: { Bucket: 'bench', Key: `baseline/tuned-${round}.mp4`, Body: file, ContentType: 'video/mp4' },
        partSize: 8 * MiB,
        queueSize: 4,
      }).done();
      sdkTunedTimes.push((performance.now() - sdkStart) / 1000);

      // Ours: from the first API call until the upload is complete (verification excluded).
      let completedAt = 0;
      let lastPhase = '';
      const blob = new Blob([file]); // what a browser's File is; made before the clock starts
      const start = performance.now();
      const outcome = await new PitchUploader({
        apiBase,
        competitionId: c.id,
        submissionId: submission.id,
        file: blob,
        fileName: 'bench.mp4',
        contentType: 'video/mp4',
        authorization: () => `Bearer ${token}`,
        pollMs: 50,
        onProgress: (p) => {
          if (process.env.BENCH_TRACE && p.phase !== lastPhase) console.log(p.phase, Math.round(performance.now() - start), 'ms');
          lastPhase = p.phase;
          if (p.phase === 'verifying' && completedAt === 0) completedAt = performance.now();
        },
      }).run();
      if (outcome.state !== 'ready') throw new Error(`bench upload was ${outcome.state}: ${outcome.reason}`);
      ourTimes.push((completedAt - start) / 1000);
    }
    const sdkSeconds = median(sdkTimes);
    const sdkTunedSeconds = median(sdkTunedTimes);
    const oursSeconds = median(ourTimes);
    await new Promise((r) => server.close(r));
    await Promise.all(processing);

    const mbps = (seconds: number) => Math.round(((sizeMiB * MiB) / seconds / 1e6) * 10) / 10;
    return [
      { name: 'upload.200mb.sdk_mb_per_s', value: mbps(sdkSeconds), unit: 'MB/s' },
      { name: 'upload.200mb.client_mb_per_s', value: mbps(oursSeconds), unit: 'MB/s' },
      {
        name: 'upload.200mb.throughput_ratio',
        value: Math.round((sdkSeconds / oursSeconds) * 1000) / 1000,
        unit: 'ratio',
        baseline: Math.round(sdkSeconds * 100) / 100,
        ratio: Math.round((sdkSeconds / oursSeconds) * 1000) / 1000,
      },
      {
        name: 'upload.200mb.throughput_ratio_vs_sdk_8mib_parts',
        value: Math.round((sdkTunedSeconds / oursSeconds) * 1000) / 1000,
        unit: 'ratio',
        baseline: Math.round(sdkTunedSeconds * 100) / 100,
        ratio: Math.round((sdkTunedSeconds / oursSeconds) * 1000) / 1000,
      },
      { name: 'upload.api_video_bytes', value: videoBytes, unit: 'bytes' },
      { name: 'upload.api_control_bytes', value: controlBytes, unit: 'bytes' },
    ];
  } finally {
    await dynamo.stop();
    await s3.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
