import type { PitchUploader } from '../../web/src/upload/pitch-uploader.ts';
import type { Harness } from './api-harness.ts';

/**
 * Runs an uploader to its verdict. The pitch processor runs on S3's notifications, which the
 * harness delivers asynchronously; keep settling them until the uploader has its verdict.
 */
export async function runUpload(h: Harness, uploader: PitchUploader) {
  const outcome = uploader.run();
  let done = false;
  void outcome.finally(() => (done = true)).catch(() => undefined);
  while (!done) {
    await h.settle();
    await new Promise((r) => setTimeout(r, 10));
  }
  return outcome;
}
