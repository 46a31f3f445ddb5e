/**
 * The stored assignment preview (use-cases/assignment-preview-job.ts): items in objects of a fixed
 * size, the summary last; a page is cut across object boundaries, and the pages join to the list.
 * Over a Map standing in for the bucket (the same FileStore methods the S3 adapter has).
 */
import { describe, expect, it } from 'vitest';
import { readPreviewPage, storePreview, type PreviewItem, type PreviewSummary } from '../../functions/use-cases/assignment-preview-job.ts';
import type { FileStore } from '../../functions/use-cases/ports.ts';

function bucket() {
  const objects = new Map<string, string>();
  const files: FileStore = {
    put: async (key, body) => void objects.set(key, typeof body === 'string' ? body : Buffer.from(body).toString('utf8')),
    read: async (key) => (objects.has(key) ? new TextEncoder().encode(objects.get(key)) : undefined),
    startUpload: async () => 'x',
    uploadPart: async () => 'etag',
    completeUpload: async () => undefined,
    presignDownload: async () => 'https://example.test',
    delete: async (key) => void objects.delete(key),
  };
  return { files, objects };
}

const items: PreviewItem[] = Array.from({ length: 11 }, (_, i) => ({ submissionId: `s${String(i).padStart(2, '0')}`, reviewerSub: `r${i % 4}`, change: i === 10 ? 'removed' : i % 2 ? 'kept' : 'added' }));
const summary = { roundId: 'R', counts: { pairs: 10, added: 5, removed: 1, kept: 5, items: 11 } } as unknown as PreviewSummary;

describe('a stored assignment preview', () => {
  it('is written in objects of the given size, under exports/, summary last', async () => {
    const { files, objects } = bucket();
    const order: string[] = [];
    const put = files.put;
    files.put = async (k, b, t) => (order.push(k), put(k, b, t));
    await storePreview(files, 'C', 'J', summary, items, 3);
    expect([...objects.keys()].every((k) => k.startsWith('exports/assignment-previews/C/J/'))).toBe(true);
    expect(objects.size).toBe(4 + 1);
    expect(order.at(-1)).toMatch(/summary\.json$/);
  });

  for (const limit of [1, 2, 3, 4, 5, 11, 50])
    it(`answers pages of ${limit} that join to the whole list, across object boundaries`, async () => {
      const { files } = bucket();
      await storePreview(files, 'C', 'J', summary, items, 3);
      const seen: PreviewItem[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await readPreviewPage(files, 'C', 'J', limit, cursor);
        expect(page.summary).toEqual(summary);
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(seen).toEqual(items);
      expect(pages).toBe(Math.ceil(items.length / limit));
    });

  it('is not found once expired (its objects gone), and refuses a cursor of another preview', async () => {
    const { files, objects } = bucket();
    await storePreview(files, 'C', 'J', summary, items, 3);
    const first = await readPreviewPage(files, 'C', 'J', 4);
    await expect(readPreviewPage(files, 'C', 'K', 4, first.nextCursor)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await storePreview(files, 'C', 'K', summary, items, 3);
    await expect(readPreviewPage(files, 'C', 'K', 4, first.nextCursor)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    objects.delete('exports/assignment-previews/C/J/pairs-00001.json');
    await expect(readPreviewPage(files, 'C', 'J', 4, first.nextCursor)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    objects.clear();
    await expect(readPreviewPage(files, 'C', 'J', 4)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
