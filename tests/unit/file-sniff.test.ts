import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sniffBytes, sniffHead } from '../../functions/domain/file-sniff.ts';
import { docxBytes, odtBytes, pdfBytes, pngBytes, zipBytes } from '../support/file-bytes.ts';

const SIGNATURES: number[][] = [
  [...'%PDF-'].map((c) => c.charCodeAt(0)),
  [0x89, 0x50, 0x4e, 0x47],
  [0xff, 0xd8, 0xff],
  [...'GIF8'].map((c) => c.charCodeAt(0)),
  [...'RIFF'].map((c) => c.charCodeAt(0)),
  [0x50, 0x4b, 0x03, 0x04],
];
const carriesSignature = (b: Uint8Array) => SIGNATURES.some((sig) => sig.every((x, i) => b[i] === x));

describe('the answer-file sniffer', () => {
  it('recognises real files by their content', async () => {
    expect(await sniffBytes(pdfBytes())).toEqual({ ok: true, format: 'pdf', kind: 'pdf' });
    expect(await sniffBytes(pngBytes())).toEqual({ ok: true, format: 'png', kind: 'image' });
    expect(await sniffBytes(docxBytes())).toEqual({ ok: true, format: 'docx', kind: 'office' });
    expect(await sniffBytes(odtBytes())).toEqual({ ok: true, format: 'odt', kind: 'office' });
    const xlsx = zipBytes([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'xl/workbook.xml', data: '<workbook/>' }]);
    expect(await sniffBytes(xlsx)).toMatchObject({ ok: true, format: 'xlsx' });
  });

  it('refuses a ZIP that is no office document, and an empty file', async () => {
    expect(await sniffBytes(zipBytes([{ name: 'readme.txt', data: 'hello' }]))).toMatchObject({ ok: false, code: 'ZIP_NOT_OFFICE' });
    // OOXML markers without a document part, and an ODF mimetype that is not first.
    expect(await sniffBytes(zipBytes([{ name: '[Content_Types].xml', data: '<Types/>' }]))).toMatchObject({ ok: false });
    expect(await sniffBytes(zipBytes([{ name: 'a.txt', data: 'x' }, { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text' }]))).toMatchObject({ ok: false });
    expect(await sniffBytes(new Uint8Array(0))).toMatchObject({ ok: false, code: 'EMPTY' });
  });

  it('never accepts random bytes that carry no signature', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 600 }), async (bytes) => {
        fc.pre(!carriesSignature(bytes));
        expect(sniffHead(bytes)).toBeUndefined();
        expect((await sniffBytes(bytes)).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('never takes random bytes behind a ZIP header for an office document', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 2000 }), async (rest) => {
        const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...rest]);
        expect((await sniffBytes(bytes)).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('judges by content whatever follows a real signature, and only the signature’s kind', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...(['pdf', 'png', 'jpeg'] as const)), fc.uint8Array({ maxLength: 300 }), async (kind, tail) => {
        const head = kind === 'pdf' ? pdfBytes().subarray(0, 5) : kind === 'png' ? pngBytes().subarray(0, 8) : new Uint8Array([0xff, 0xd8, 0xff]);
        const r = await sniffBytes(new Uint8Array([...head, ...tail]));
        expect(r).toMatchObject({ ok: true, format: kind });
      }),
    );
  });
});
