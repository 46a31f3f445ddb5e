/**
 * Issue 14 §3 end to end against dynalite and s3rver: a competition with every question type,
 * conditions, answer files posted straight to S3 with the presigned POST, judged on arrival by the
 * real processor (S3 notification), the file access matrix (team, organiser, blind reviewer,
 * stranger) and the malware-scan states.
 */
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import { createMalwareScanHandler } from '../../functions/app/malware-scan-events.ts';
import { openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';
import { pdfBytes, zipBytes } from '../support/file-bytes.ts';

const UPLOADED_NAME = 'zephyr-confidential-deck-77.pdf';

const QUESTIONS = [
  { id: 'name', type: 'shortText', label: 'Product name', required: true, maxLength: 60 },
  { id: 'pitch', type: 'longText', label: 'Elevator pitch', maxLength: 1000, maxWords: 50 },
  { id: 'funding', type: 'number', label: 'Funding sought', unit: 'EUR', min: 0, max: 1_000_000, integer: true, required: true },
  { id: 'sector', type: 'singleChoice', label: 'Main sector', options: ['Energy', 'Water', 'Food'], required: true },
  { id: 'markets', type: 'multipleChoice', label: 'Markets', options: ['EU', 'US', 'Asia'], minSelections: 1, maxSelections: 2 },
  { id: 'incorporated', type: 'yesNo', label: 'Are you incorporated?', required: true },
  { id: 'since', type: 'date', label: 'Incorporated on', min: '1990-01-01', max: '2026-12-31', required: true, showIf: { questionId: 'incorporated', equals: true } },
  { id: 'deck', type: 'file', label: 'Pitch deck', kinds: ['pdf'], maxBytes: 64 * 1024, required: true },
  { id: 'us-plan', type: 'file', label: 'US plan', kinds: ['pdf', 'office'], maxBytes: 64 * 1024, required: true, showIf: { questionId: 'markets', includes: 'US' } },
];

let h: Harness;
let cid: string;
const sid: Record<string, string> = {};
const smes = [people.sme1, people.sme2];

async function upload(who: Identity, competitionId: string, submissionId: string, questionId: string, bytes: Uint8Array<ArrayBuffer>, name = UPLOADED_NAME, declared = bytes.length) {
  const started = await h.call('POST', `/api/competitions/${competitionId}/submissions/${submissionId}/answers/${questionId}/file`, who, { fileName: name, sizeBytes: declared });
  if (started.status !== 201) return { started, posted: undefined };
  const form = new FormData();
  for (const [k, v] of Object.entries(started.json.upload.fields as Record<string, string>)) form.append(k, v);
  form.append('file', new Blob([bytes]), name);
  const posted = await fetch(started.json.upload.url, { method: 'POST', body: form });
  await posted.body?.cancel();
  await h.settle();
  return { started, posted };
}

const files = async (who: Identity | undefined, competitionId = cid, submissionId = sid[people.sme1.sub]!) => h.call('GET', `/api/competitions/${competitionId}/submissions/${submissionId}/files`, who);
const fileOf = async (who: Identity, q: string, competitionId = cid, submissionId = sid[people.sme1.sub]!) =>
  ((await files(who, competitionId, submissionId)).json.files as { questionId: string; state: string; downloadUrl?: string; fileName: string; reason?: string; scanNote?: string }[]).find((f) => f.questionId === q);

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  cid = (await openCompetition(h, { title: 'Typed questions', questions: QUESTIONS })).id;
  for (const [i, who] of smes.entries()) {
    expect((await h.call('POST', `/api/competitions/${cid}/registration`, who, registrationInput({ organisationName: `Org ${i + 1}`, registryId: `BE010000000${i + 1}`, team: [{ name: 'T', email: `t@org${i + 1}.eu` }] }))).status).toBe(201);
    const s = await h.call('POST', `/api/competitions/${cid}/submissions`, who, submissionContent({ answers: {} }));
    expect(s.status, s.text).toBe(201);
    sid[who.sub] = s.json.id;
  }
});
afterAll(() => h.stop());

describe('a competition with every question type', () => {
  it('stores and answers each type with its settings', async () => {
    const c = await h.call('GET', `/api/competitions/${cid}`, people.organiser);
    expect(c.json.questions).toEqual(QUESTIONS.map((q) => expect.objectContaining(q)));
  });

  it('refuses a condition on a later question, storing nothing', async () => {
    const before = await h.allItems();
    const r = await h.call('POST', '/api/competitions', people.organiser, {
      ...(await h.call('GET', `/api/competitions/${cid}`, people.organiser)).json,
      questions: [{ id: 'a', type: 'shortText', label: 'A', showIf: { questionId: 'b', equals: true } }, { id: 'b', type: 'yesNo', label: 'B' }],
    });
    expect(r.status).toBe(400);
    expect(r.json.error.fields).toHaveProperty(['questions.0.showIf']);
    expect(await h.allItems()).toEqual(before);
  });

  it('refuses answers that break their question’s rule, by field', async () => {
    const s = sid[people.sme1.sub]!;
    const r = await h.call('PUT', `/api/competitions/${cid}/submissions/${s}`, people.sme1, { ...submissionContent({ answers: { funding: 12.5, sector: 'Air', markets: ['EU', 'US', 'Asia'], incorporated: 'yes' } }), version: 1 });
    expect(r.status).toBe(422);
    expect(Object.keys(r.json.error.fields).sort()).toEqual(['answers.funding', 'answers.incorporated', 'answers.markets', 'answers.sector']);
  });
});

describe('answer files', () => {
  it('takes a PDF posted straight to S3 and verifies it by its content', async () => {
    const s = sid[people.sme1.sub]!;
    const { started, posted } = await upload(people.sme1, cid, s, 'deck', pdfBytes());
    expect(started.status, started.text).toBe(201);
    expect(started.json.file).toMatchObject({ state: 'uploaded', fileName: UPLOADED_NAME });
    expect(posted!.status).toBeLessThan(300);
    const f = await fileOf(people.sme1, 'deck');
    expect(f).toMatchObject({ state: 'verified', fileName: UPLOADED_NAME, format: 'pdf' });
    const download = await fetch(f!.downloadUrl!);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdfBytes());
    expect(download.headers.get('content-disposition')).toContain(UPLOADED_NAME);
  });

  it('refuses a declared size over the question’s limit before any upload', async () => {
    const r = await upload(people.sme1, cid, sid[people.sme1.sub]!, 'deck', pdfBytes(), 'big.pdf', 65 * 1024);
    expect(r.started.status).toBe(422);
    expect(r.started.json.error.code).toBe('FILE_TOO_LARGE');
    expect((await fileOf(people.sme1, 'deck'))?.state).toBe('verified'); // the previous file stays
  });

  it('rejects on arrival what is no PDF whatever its name, and removes the object', async () => {
    const s = sid[people.sme2.sub]!;
    const { started } = await upload(people.sme2, cid, s, 'deck', zipBytes([{ name: 'notes.txt', data: 'not a deck' }]), 'deck.pdf');
    const f = await fileOf(people.sme2, 'deck', cid, s);
    expect(f).toMatchObject({ state: 'rejected', reason: expect.stringMatching(/not an office document|not a PDF/), problem: { code: expect.stringMatching(/^(ZIP_NOT_OFFICE|NOT_RECOGNISED)$/) } });
    expect(f).not.toHaveProperty('downloadUrl');
    await expect(h.s3client.send(new HeadObjectCommand({ Bucket: h.bucket, Key: `answer-files/${cid}/${s}/deck/${started.json.file.fileId}` }))).rejects.toThrow();
    // A rejected file does not answer its question.
    const submit = await h.call('POST', `/api/competitions/${cid}/submissions/${s}/submit`, people.sme2, {
      version: 1,
      content: submissionContent({ answers: { name: 'X', funding: 1, sector: 'Food', incorporated: false, deck: { fileId: started.json.file.fileId } } }),
    });
    expect(submit.status).toBe(422);
    expect(submit.json.error.fields).toHaveProperty(['answers.deck']);
  });

  it('re-checks the size on arrival (a body larger than declared is rejected)', async () => {
    const s = sid[people.sme2.sub]!;
    const big = new Uint8Array(70 * 1024);
    big.set(pdfBytes());
    const { posted } = await upload(people.sme2, cid, s, 'deck', big, 'deck.pdf', 1000);
    const f = await fileOf(people.sme2, 'deck', cid, s);
    // S3 refuses the POST by its policy (the file stays awaited); where a store takes it anyway, the processor refuses it.
    if (posted!.ok) expect(f).toMatchObject({ state: 'rejected', reason: expect.stringMatching(/larger/), problem: { code: 'TOO_LARGE', maxBytes: expect.any(Number) } });
    else expect(f).toMatchObject({ state: 'uploaded' });
  });

  it('submits with a verified deck and choice answers; hidden questions are neither required nor kept', async () => {
    const s = sid[people.sme1.sub]!;
    const deck = (await fileOf(people.sme1, 'deck'))!;
    const files1 = (await files(people.sme1)).json.files as { questionId: string; fileId: string }[];
    const answers = { name: 'Hub', funding: 60000, sector: 'Energy', markets: ['EU'], incorporated: false, since: '2020-01-01', deck: { fileId: files1.find((f) => f.questionId === 'deck')!.fileId } };
    expect(deck.state).toBe('verified');
    const r = await h.call('POST', `/api/competitions/${cid}/submissions/${s}/submit`, people.sme1, { version: 1, content: submissionContent({ answers }) });
    expect(r.status, r.text).toBe(200);
    const { since: _, ...kept } = answers;
    expect(r.json.answers).toEqual(kept);
    expect((await h.call('GET', `/api/competitions/${cid}/submissions/${s}`, people.sme1)).json.answers).toEqual(kept);
  });

  it('requires a question once its condition holds', async () => {
    const s = sid[people.sme2.sub]!;
    const deck = await upload(people.sme2, cid, s, 'deck', pdfBytes('second'), 'deck2.pdf');
    const r = await h.call('POST', `/api/competitions/${cid}/submissions/${s}/submit`, people.sme2, {
      version: 1,
      content: submissionContent({ answers: { name: 'Y', funding: 5, sector: 'Water', markets: ['US'], incorporated: true, deck: { fileId: deck.started.json.file.fileId } } }),
    });
    expect(r.status).toBe(422);
    expect(Object.keys(r.json.error.fields).sort()).toEqual(['answers.since', 'answers.us-plan']);
    const ok = await h.call('POST', `/api/competitions/${cid}/submissions/${s}/submit`, people.sme2, {
      version: 1,
      content: submissionContent({ answers: { name: 'Y', funding: 5, sector: 'Water', markets: ['EU'], incorporated: true, since: '2019-05-01', deck: { fileId: deck.started.json.file.fileId } } }),
    });
    expect(ok.status, ok.text).toBe(200);
  });
});

describe('who may open a file', () => {
  let peerRoundId: string;

  beforeAll(async () => {
    const peer = await h.call('POST', `/api/competitions/${cid}/rounds`, people.organiser, { name: 'Peer', kind: 'peer', k: 1, maxLoad: 1, blind: true, opensAt: '2026-12-01T09:00', closesAt: '2026-12-20T18:00', weight: 100 });
    expect(peer.status, peer.text).toBe(201);
    peerRoundId = peer.json.id;
    await h.jobsSettled();
    const run = await h.call('POST', `/api/competitions/${cid}/rounds/${peerRoundId}/assignment`, people.organiser);
    expect(run.status, run.text).toBe(202);
    await h.jobsSettled();
  });

  it('gives the team and the organisers the file under its name; a stranger gets 404', async () => {
    expect((await fileOf(people.organiser, 'deck'))).toMatchObject({ fileName: UPLOADED_NAME, downloadUrl: expect.any(String) });
    expect((await files(people.sme3)).status).toBe(404);
    expect((await files(undefined)).status).toBe(401);
    expect((await files(people.otherOrganiser)).status).toBe(404);
  });

  it('gives a blind reviewer a neutral name and a link, and the uploaded name nowhere', async () => {
    const r = await h.call('GET', `/api/competitions/${cid}/rounds/${peerRoundId}/reviews/${sid[people.sme1.sub]}`, people.sme2);
    expect(r.status, r.text).toBe(200);
    const deck = (r.json.submission.answers as { questionId: string; answer: string; file?: { fileName: string; downloadUrl?: string } }[]).find((a) => a.questionId === 'deck')!;
    expect(deck.file).toMatchObject({ fileName: 'answer-8.pdf', downloadUrl: expect.any(String) });
    expect(deck.answer).toBe('answer-8.pdf');
    expect(r.text).not.toContain(UPLOADED_NAME);
    expect(r.text).not.toContain('zephyr');
    const download = await fetch(deck.file!.downloadUrl!);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain('answer-8.pdf');
    expect(download.headers.get('content-disposition')).not.toContain('zephyr');
    // Choices read as text.
    expect(r.json.submission.answers).toContainEqual(expect.objectContaining({ questionId: 'markets', answer: 'EU' }));
    expect(r.json.submission.answers).toContainEqual(expect.objectContaining({ questionId: 'incorporated', answer: 'No' }));
  });
});

describe('malware scan', () => {
  let scanCid: string;
  let scanSid: string;
  const scanResult = createMalwareScanHandler(null as never);

  beforeAll(async () => {
    scanCid = (await openCompetition(h, { title: 'Scanned', malwareScan: true, questions: [QUESTIONS[7]] })).id;
    expect((await h.call('POST', `/api/competitions/${scanCid}/registration`, people.sme1, registrationInput())).status).toBe(201);
    scanSid = (await h.call('POST', `/api/competitions/${scanCid}/submissions`, people.sme1, submissionContent({ answers: {} }))).json.id;
  });

  it('passes at once with the local stand-in, and says so', async () => {
    await upload(people.sme1, scanCid, scanSid, 'deck', pdfBytes());
    expect(await fileOf(people.organiser, 'deck', scanCid, scanSid)).toMatchObject({ state: 'clean', scanNote: 'scanned by the local stand-in — no real malware scan', downloadUrl: expect.any(String) });
  });

  describe('with GuardDuty', () => {
    const handler = () => createMalwareScanHandler(h.deps);
    const event = (key: string, status: string) => ({ 'detail-type': 'GuardDuty Malware Protection Object Scan Result', detail: { s3ObjectDetails: { bucketName: h.bucket, objectKey: key }, scanResultDetails: { scanResultStatus: status } } });
    beforeAll(() => void (process.env.MALWARE_SCAN = 'guardduty'));
    afterAll(() => void delete process.env.MALWARE_SCAN);

    it('awaits the scan: only the uploader may open the file until it is clean', async () => {
      const { started } = await upload(people.sme1, scanCid, scanSid, 'deck', pdfBytes('scan me'));
      expect(await fileOf(people.sme1, 'deck', scanCid, scanSid)).toMatchObject({ state: 'awaiting-scan', downloadUrl: expect.any(String) });
      const org = await fileOf(people.organiser, 'deck', scanCid, scanSid);
      expect(org).toMatchObject({ state: 'awaiting-scan' });
      expect(org).not.toHaveProperty('downloadUrl');
      expect(await handler()(event(`answer-files/${scanCid}/${scanSid}/deck/${started.json.file.fileId}`, 'NO_THREATS_FOUND'))).toBe('clean');
      expect(await fileOf(people.organiser, 'deck', scanCid, scanSid)).toMatchObject({ state: 'clean', downloadUrl: expect.any(String) });
      expect(await fileOf(people.organiser, 'deck', scanCid, scanSid)).not.toHaveProperty('scanNote');
    });

    it('removes an infected file; nobody may open it, and it answers nothing', async () => {
      const { started } = await upload(people.sme1, scanCid, scanSid, 'deck', pdfBytes('eicar'));
      const key = `answer-files/${scanCid}/${scanSid}/deck/${started.json.file.fileId}`;
      expect(await handler()(event(key, 'THREATS_FOUND'))).toBe('infected');
      expect(await handler()(event(key, 'NO_THREATS_FOUND'))).toBe('ignored'); // a verdict is final
      for (const who of [people.sme1, people.organiser]) {
        const f = await fileOf(who, 'deck', scanCid, scanSid);
        expect(f).toMatchObject({ state: 'infected' });
        expect(f).not.toHaveProperty('downloadUrl');
      }
      await expect(h.s3client.send(new HeadObjectCommand({ Bucket: h.bucket, Key: key }))).rejects.toThrow();
      const submit = await h.call('POST', `/api/competitions/${scanCid}/submissions/${scanSid}/submit`, people.sme1, { version: 1, content: submissionContent({ answers: { deck: { fileId: started.json.file.fileId } } }) });
      expect(submit.status).toBe(422);
    });

    it('applies a verdict that arrives before the content check', async () => {
      h.setEventDelivery(false);
      const started = await h.call('POST', `/api/competitions/${scanCid}/submissions/${scanSid}/answers/deck/file`, people.sme1, { fileName: 'early.pdf', sizeBytes: pdfBytes().length });
      const form = new FormData();
      for (const [k, v] of Object.entries(started.json.upload.fields as Record<string, string>)) form.append(k, v);
      form.append('file', new Blob([pdfBytes()]), 'early.pdf');
      await (await fetch(started.json.upload.url, { method: 'POST', body: form })).body?.cancel();
      const key = `answer-files/${scanCid}/${scanSid}/deck/${started.json.file.fileId}`;
      expect(await handler()(event(key, 'NO_THREATS_FOUND'))).toBe('ignored'); // kept for the check
      h.setEventDelivery(true);
      await h.pitchEvents({ Records: [{ eventName: 'ObjectCreated:Post', s3: { object: { key } } }] } as never);
      expect(await fileOf(people.organiser, 'deck', scanCid, scanSid)).toMatchObject({ state: 'clean', fileName: 'early.pdf' });
    });
  });

  it('is not for objects outside answer files', async () => {
    expect(await scanResult({ detail: {} })).toBe('ignored');
  });
});

describe('erasure', () => {
  it('deletes an erased entrant’s answer files and their names', async () => {
    const s = sid[people.sme2.sub]!;
    const before = (await files(people.organiser, cid, s)).json.files as { questionId: string; fileId: string; fileName: string }[];
    const deck = before.find((f) => f.questionId === 'deck')!;
    expect(deck.fileName).toBe('deck2.pdf');
    const key = `answer-files/${cid}/${s}/deck/${deck.fileId}`;
    await h.s3client.send(new HeadObjectCommand({ Bucket: h.bucket, Key: key }));
    const r = await h.call('POST', '/api/me/erasure', people.sme2);
    expect(r.status, r.text).toBe(202);
    await h.jobsSettled();
    const after = ((await files(people.organiser, cid, s)).json.files as { questionId: string; fileName: string; state: string; downloadUrl?: string }[]).find((f) => f.questionId === 'deck')!;
    expect(after).toMatchObject({ fileName: 'erased', state: 'rejected', problem: { code: 'ERASED' } });
    expect(after).not.toHaveProperty('downloadUrl');
    await expect(h.s3client.send(new HeadObjectCommand({ Bucket: h.bucket, Key: key }))).rejects.toThrow();
  });
});
