/**
 * Durations and file sizes in the words people read — the server's pitch verdicts ("The video is
 * 3 min 1 s; this competition allows 3 min.") and the web app's upload panel say them alike, from
 * this one file. Pure code with no imports, so the web bundle takes nothing else from the server.
 */

const KiB = 1024;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/** "3 s", "3 min", "2 min 41 s". */
export function formatDuration(seconds: number): string {
  const total = Math.round(seconds);
  const m = Math.floor(total / 60);
  const s = total % 60;
  if (m === 0) return `${s} s`;
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

/** Binary units: "1 GiB", "12.3 MiB", "740 KiB", "512 B". */
export function formatBytes(bytes: number): string {
  if (bytes >= GiB) return `${+(bytes / GiB).toFixed(2)} GiB`;
  if (bytes >= MiB) return `${+(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= KiB) return `${Math.ceil(bytes / KiB)} KiB`;
  return `${Math.round(bytes)} B`;
}
