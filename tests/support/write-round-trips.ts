/**
 * The write requests whose DynamoDB round trips are counted (tests/api/round-trips.test.ts keeps
 * them in bounds; `npm run bench` prints them): each is made once, successfully, through the
 * harness, in a competition that needs a pitch (so submitting reads the pitch slot), while a
 * recorder on the harness's DynamoDB client counts the sequential calls of that request only.
 */
import { readFileSync } from 'node:fs';
import { PitchUploader } from '../../web/src/upload/pitch-uploader.ts';
import { openCompetition, people, registrationInput, submissionContent, type Harness } from './api-harness.ts';
import { recordRoundTrips } from './db-round-trips.ts';
import { jury, samplePlan } from './results-world.ts';

export const WRITE_ROUTES = ['register', 'create_submission', 'update_submission', 'submit', 'save_review', 'submit_review', 'confirm_award'] as const;
export type WriteRoute = (typeof WRITE_ROUTES)[number];

export interface RoundTrips {
  /** The longest chain of DynamoDB calls that waited for one another. */
  sequential: number;
  /** Every call, in the order issued (for messages). */
  operations: string[];
}

type Answer = { status: number; text: string; json: any };

async function ok(r: Promise<Answer>, what: string, status = 200): Promise<any> {
  const res = await r;
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text}`);
  return res.json;
}

/** Uploads the sample clip as `who`'s pitch and waits until the processor has accepted it. */
async function uploadPitch(h: Harness, who: typeof people.sme1, competitionId: string, submissionId: string) {
  const api = 'http://api.test';
  const file = new Uint8Array(readFileSync(new URL('../fixtures/video/faststart.mp4', import.meta.url)));
  const uploader = new PitchUploader({
    apiBase: api,
    competitionId,
    submissionId,
    file: new Blob([file]),
    fileName: 'pitch.mp4',
    contentType: 'video/mp4',
    authorization: async () => `Bearer ${await h.token(who)}`,
    fetch: ((input: RequestInfo | URL, init?: RequestInit) =>
      String(input).startsWith(api) ? h.app.request(String(input).slice(api.length), init) : fetch(input, init)) as typeof fetch,
    pollMs: 10,
  });
  let done = false;
  const outcome = uploader.run().finally(() => (done = true));
  while (!done) {
    await h.settle();
    await new Promise((r) => setTimeout(r, 10));
  }
  await outcome;
}

/** Makes each write request of WRITE_ROUTES once and returns its round trips. */
export async function measureWriteRoundTrips(h: Harness): Promise<Record<WriteRoute, RoundTrips>> {
  const recorder = recordRoundTrips(h.db);
  const counted = {} as Record<WriteRoute, RoundTrips>;
  async function measured(route: WriteRoute, request: () => Promise<Answer>, status = 200) {
    const { result, calls, sequential } = await recorder.measure(request);
    counted[route] = { sequential, operations: calls.map((c) => c.operation) };
    return ok(Promise.resolve(result), route, status);
  }

  h.clock.set('2026-12-01T10:00:00Z');
  const c = await openCompetition(h, { title: 'Round trips', pitch: { required: true } });
  const base = `/api/competitions/${c.id}`;
  const who = people.sme1;
  await measured('register', () => h.call('POST', `${base}/registration`, who, registrationInput()), 201);
  const created = await measured('create_submission', () => h.call('POST', `${base}/submissions`, who, submissionContent()), 201);
  const updated = await measured('update_submission', () =>
    h.call('PUT', `${base}/submissions/${created.id}`, who, { ...submissionContent({ title: 'Cargo-bike hubs, revised' }), version: created.version }),
  );
  await uploadPitch(h, who, c.id, created.id);
  const current = await ok(h.call('GET', `${base}/submissions/${created.id}`, who), 'read submission');
  await measured('submit', () => h.call('POST', `${base}/submissions/${created.id}/submit`, who, { version: current.version }));
  if (current.version !== updated.version) throw new Error('the pitch upload changed the submission version');

  const round = await ok(
    h.call('POST', `${base}/rounds`, people.organiser, {
      name: 'Jury', kind: 'jury', k: 1, maxLoad: 1, blind: false, opensAt: '2026-12-01T09:00', closesAt: '2026-12-20T18:00', weight: 100,
      rubric: [{ name: 'Overall', weight: 1, scale: { min: 0, max: 100 } }],
    }),
    'round',
    201,
  );
  const invite = await ok(h.call('POST', `${base}/rounds/${round.id}/invitations`, people.organiser, { emails: [jury.email] }), 'invite', 201);
  const token = invite.items[0].link.split('/').pop();
  await ok(h.call('POST', `/api/invitations/${c.id}/${token}/accept`, jury, { interests: [] }), 'accept');
  await ok(h.call('POST', `${base}/rounds/${round.id}/assignment`, people.organiser), 'assign', 202);
  await h.jobsSettled(); // the assignment is a job
  const criterion = round.rubric[0].id as string;
  const saved = await measured('save_review', () =>
    h.call('PUT', `${base}/rounds/${round.id}/reviews/${created.id}`, jury, { scores: { [criterion]: 80 }, overallComment: 'Solid.', version: 1 }),
  );
  await measured('submit_review', () => h.call('POST', `${base}/rounds/${round.id}/reviews/${created.id}/submit`, jury, { version: saved.version }));

  await ok(h.call('PUT', `${base}/prize-plan`, people.organiser, { plan: samplePlan, categoryPicks: [], version: 0 }), 'plan');
  const competition = await ok(h.call('GET', base, people.organiser), 'read competition');
  await ok(h.call('POST', `${base}/close`, people.organiser, { version: competition.version }), 'close');
  const confirmed = await measured('confirm_award', () =>
    h.call('POST', `${base}/awards`, people.organiser, { awards: [{ submissionId: created.id, type: 'prize', rank: 1 }] }),
  );
  if (confirmed.results?.[0]?.status !== 'confirmed') throw new Error(`award not confirmed: ${JSON.stringify(confirmed)}`);
  return counted;
}
