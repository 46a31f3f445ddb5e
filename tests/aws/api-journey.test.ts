/**
 * A representative API journey through what is deployed: the synthesized HTTP API (its routes,
 * which of them sit behind the JWT authorizer, its Lambda integrations) in front of the bundled,
 * minified functions, over real HTTP with the real clock. An organiser opens a competition, SMEs
 * register (a second registration is a 409, not the 422 a minified class name used to give),
 * submit and upload a pitch (verified by the bundled pitch processor on the bucket's
 * notification), an investor is invited to a jury round by a link that works without signing in,
 * reviews, the organiser closes early and publishes with a reason, and anyone reads the results.
 * The gateway's own answers are checked too: 401 for a bad token, 404 for a route it lacks.
 */
import { openAsBlob } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateKeyPair, importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDemoAccount } from '../../functions/local/demo-accounts.ts';
import { loadOrCreateSigningKey, signLocalIdToken } from '../../functions/local/oidc.ts';
import { PitchUploader } from '../../web/src/upload/pitch-uploader.ts';
import { expectStatus, startLambdaPodium, utcWallClock, type LambdaPodium } from './support.ts';
import { PRIVACY_NOTICE } from '../../functions/domain/privacy.ts';

const ACCOUNTS = ['organiser@demo.test', 'sme1@demo.test', 'sme2@demo.test', 'sme3@demo.test', 'investor1@demo.test'];
const SMES = [
  { who: 'sme1', org: 'Tidal Works BV', registryId: 'NL123456789B01', title: 'Wave-powered buoys' },
  { who: 'sme2', org: 'Kelp & Co SRL', registryId: 'BE0123456789', title: 'Kelp packaging' },
  { who: 'sme3', org: 'Netzero GmbH', registryId: 'DE123456789', title: 'Ghost-net recovery' },
];
/** The gateway's own bodies: no function ran. */
const UNAUTHORIZED = { message: 'Unauthorized' };
const NOT_FOUND = { message: 'Not Found' };

describe('API journey through the deployed artifact (bundled functions behind the synthesized HTTP API)', () => {
  let p: LambdaPodium;
  let cid: string;
  let base: string;
  let roundId: string;
  let invitationToken: string;
  let criterion: string;
  const submissions: Record<string, string> = {};

  beforeAll(async () => {
    p = await startLambdaPodium(ACCOUNTS);
  });
  afterAll(() => p?.stop());

  it('the function takes the caller from the authorizer\'s claims (the organiser\'s group included); health needs no token', async () => {
    const me = await expectStatus(p.call('GET', '/api/me', 'organiser'));
    expect(me).toMatchObject({ email: 'organiser@demo.test', groups: ['organisers'] });
    // Health is public: no token, no authorizer.
    expect(await expectStatus(p.call('GET', '/api/health'))).toEqual({ status: 'ok' });
  });

  it('the organiser creates and publishes a competition, which anyone can then read', async () => {
    const created = await expectStatus(
      p.call('POST', '/api/competitions', 'organiser', {
        title: 'Blue Economy Challenge',
        description: 'Ideas for healthy seas.',
        kind: 'idea',
        sectors: ['Energy', 'Food'],
        eligibility: { countries: [], smeOnly: true },
        schedule: {
          timeZone: 'UTC',
          submissionsOpen: utcWallClock(-2),
          submissionsClose: utcWallClock(24 * 7),
          evaluationStart: utcWallClock(24 * 8),
          evaluationEnd: utcWallClock(24 * 14),
          resultsDate: utcWallClock(24 * 21),
        },
        rubric: [{ name: 'Overall', description: '', weight: 1, scale: { min: 1, max: 5 } }],
        questions: [],
      }),
      201,
    );
    cid = created.id;
    base = `/api/competitions/${cid}`;
    const published = await expectStatus(p.call('POST', `${base}/publish`, 'organiser', { version: created.version }));
    expect(published.phase).toBe('open');
    expect((await expectStatus(p.call('GET', base))).title).toBe('Blue Economy Challenge');
  });

  it('SMEs register and submit', async () => {
    for (const s of SMES) {
      await expectStatus(
        p.call('POST', `${base}/registration`, s.who, {
          organisationName: s.org,
          country: s.registryId.slice(0, 2),
          registryId: s.registryId,
          smeDeclaration: true,
          team: [{ name: s.who, email: `ceo@${s.who}.eu`, role: 'CEO' }],
          privacy: { noticeVersion: PRIVACY_NOTICE.version, purposesVersion: 0 },
        }),
        201,
      );
    }
    for (const s of SMES) {
      const sub = await expectStatus(
        p.call('POST', `${base}/submissions`, s.who, { title: s.title, summary: `${s.title}: the summary.`, problem: 'A real problem.', solution: 'A clever solution.', valueChain: [], sectors: [], answers: {} }),
        201,
      );
      await expectStatus(p.call('POST', `${base}/submissions/${sub.id}/submit`, s.who, { version: sub.version }));
      submissions[s.who] = sub.id;
    }
  });

  it('registering twice is a 409 that keeps the first registration', async () => {
    const again = await p.call('POST', `${base}/registration`, 'sme1', {
      organisationName: 'Another Name BV',
      country: 'NL',
      registryId: 'NL987654321B01',
      smeDeclaration: true,
      team: [{ name: 'sme1', email: 'ceo@sme1.eu', role: 'CEO' }],
      privacy: { noticeVersion: PRIVACY_NOTICE.version, purposesVersion: 0 },
    });
    // The minified bundle once answered 422 here: the status was chosen by the class name.
    expect(again.status, again.text).toBe(409);
    expect(again.json.error.code).toBe('ALREADY_REGISTERED');
    expect((await expectStatus(p.call('GET', `${base}/registration`, 'sme1'))).organisationName).toBe('Tidal Works BV');
  });

  it('a pitch sent straight to S3 is verified by the bundled pitch processor, invoked by the bucket notification', async () => {
    const uploader = new PitchUploader({
      apiBase: p.podium.url,
      competitionId: cid,
      submissionId: submissions.sme1!,
      file: await openAsBlob(fileURLToPath(new URL('../fixtures/video/faststart.mp4', import.meta.url))),
      fileName: 'pitch.mp4',
      contentType: 'video/mp4',
      authorization: () => `Bearer ${p.tokens.sme1}`,
      pollMs: 100,
    });
    const outcome = await uploader.run();
    expect(outcome.state, outcome.reason).toBe('ready');
    expect(outcome.pitch).toMatchObject({ durationSeconds: 3, width: 160, height: 90 });
  });

  it('the organiser adds a jury round and invites an investor, whose link works without signing in', async () => {
    const round = await expectStatus(
      p.call('POST', `${base}/rounds`, 'organiser', {
        name: 'Jury',
        kind: 'jury',
        k: 1,
        maxLoad: SMES.length,
        blind: false,
        opensAt: utcWallClock(-1),
        closesAt: utcWallClock(48),
        weight: 100,
        rubric: [{ name: 'Innovation', description: '', weight: 1, scale: { min: 0, max: 100 } }],
      }),
      201,
    );
    roundId = round.id;
    criterion = round.rubric[0].id;
    const invite = await expectStatus(p.call('POST', `${base}/rounds/${roundId}/invitations`, 'organiser', { emails: ['investor1@demo.test'] }), 201);
    invitationToken = String(invite.items[0].link).split('/').pop()!;
    // Anonymous: the invitee may not have an account yet. The API treats this route as public;
    // a template that puts it behind the authorizer answers 401 here.
    const invitation = await p.call('GET', `/api/invitations/${cid}/${invitationToken}`);
    expect(invitation.status, invitation.text).toBe(200);
    expect(invitation.json).toMatchObject({ competitionId: cid });
  });

  it('the investor accepts, is assigned every submission and reviews them', async () => {
    await expectStatus(p.call('POST', `/api/invitations/${cid}/${invitationToken}/accept`, 'investor1', { interests: [] }));
    // The assignment is a job, run by the bundled job function: wait until it has finished.
    let job = await expectStatus(p.call('POST', `${base}/rounds/${roundId}/assignment`, 'organiser'), 202);
    for (let i = 0; i < 200 && job.state !== 'succeeded' && job.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = await expectStatus(p.call('GET', `${base}/jobs/${job.id}`, 'organiser'));
    }
    expect(job.state, JSON.stringify(job)).toBe('succeeded');
    const queue = await expectStatus(p.call('GET', '/api/me/reviews', 'investor1'));
    const assigned = queue.items.flatMap((r: { items: { submissionId: string }[] }) => r.items.map((i) => i.submissionId)).sort();
    expect(assigned).toEqual(Object.values(submissions).sort());
    for (const [i, s] of SMES.entries()) {
      const url = `${base}/rounds/${roundId}/reviews/${submissions[s.who]}`;
      const sheet = await expectStatus(p.call('GET', url, 'investor1'));
      const saved = await expectStatus(p.call('PUT', url, 'investor1', { scores: { [criterion]: 90 - 10 * i }, overallComment: `On ${s.title}.`, version: sheet.review.version }));
      await expectStatus(p.call('POST', `${url}/submit`, 'investor1', { version: saved.version }));
    }
  });

  it('the live area\'s function serves an expo round (a judge compares two tables) and the audience vote (a ballot, counted live)', async () => {
    const expo = await expectStatus(
      p.call('POST', `${base}/rounds`, 'organiser', {
        name: 'Expo', kind: 'expo', k: 1, maxLoad: 1, blind: false, opensAt: utcWallClock(-1), closesAt: utcWallClock(48), weight: 20,
        rubric: [{ name: 'Overall', description: '', weight: 1, scale: { min: 1, max: 5 } }],
        expo: { method: 'noisy-sorting', compareCriteria: false, minVisits: 1, maxJudgesPerTable: 1, skipCooldownMinutes: 10, undoSeconds: 60 },
      }),
      201,
    );
    const expoBase = `${base}/rounds/${expo.id}/expo`;
    expect(await expectStatus(p.call('POST', `${expoBase}/tables/auto`, 'organiser'))).toMatchObject({ updated: SMES.length });
    const invite = await expectStatus(p.call('POST', `${base}/rounds/${expo.id}/invitations`, 'organiser', { emails: ['investor1@demo.test'] }), 201);
    const token = String(invite.items[0].link).split('/').pop()!;
    await expectStatus(p.call('POST', `/api/invitations/${cid}/${token}/accept`, 'investor1', { interests: [] }));
    const first = await expectStatus(p.call('POST', `${expoBase}/judge/next`, 'investor1'));
    const second = await expectStatus(p.call('POST', `${expoBase}/judge/next`, 'investor1'));
    expect(second.previous.submissionId).toBe(first.current.submissionId);
    const vote = { voteId: crypto.randomUUID(), previousId: second.previous.submissionId, currentId: second.current.submissionId, winner: second.current.submissionId };
    await expectStatus(p.call('POST', `${expoBase}/votes`, 'investor1', vote), 201);
    // A replay (the phone lost the answer) is the same vote, counted once.
    await expectStatus(p.call('POST', `${expoBase}/votes`, 'investor1', vote), 200);
    const live = await expectStatus(p.call('GET', `${expoBase}/live`, 'organiser'));
    expect(live.votes).toBe(1);

    await expectStatus(p.call('PUT', `${base}/audience-vote`, 'organiser', { opensAt: utcWallClock(-1), closesAt: utcWallClock(48), maxChoices: 1, liveCounts: true }));
    await expectStatus(p.call('PUT', `${base}/audience-vote/ballot`, 'investor1', { choices: [submissions.sme2] }));
    // Anonymous: live counts are public, so this route sits outside the authorizer.
    const counts = await p.call('GET', `${base}/audience-vote/results`);
    expect(counts.status, counts.text).toBe(200);
    expect(counts.json.items.find((i: { submissionId: string }) => i.submissionId === submissions.sme2)).toMatchObject({ votes: 1 });
  });

  it('the organiser closes submissions early and publishes the results, giving a reason for what is still open', async () => {
    const competition = await expectStatus(p.call('GET', base, 'organiser'));
    const closed = await expectStatus(p.call('POST', `${base}/close`, 'organiser', { version: competition.version }));
    expect(closed.phase).toBe('closed');
    const reason = 'The jury has met; the evaluation window is a formality for this test.';
    // Publication is a job, run by the bundled job function: wait until it has stored the results.
    const started = await expectStatus(p.call('POST', `${base}/results/publish`, 'organiser', { version: closed.version, override: { reason } }), 202);
    let job = started.job;
    for (let i = 0; i < 200 && job.state !== 'succeeded' && job.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = await expectStatus(p.call('GET', `${base}/jobs/${job.id}`, 'organiser'));
    }
    expect(job.state, JSON.stringify(job)).toBe('succeeded');
    const published = await expectStatus(p.call('GET', base, 'organiser'));
    expect(published.phase).toBe('published');
    expect(published.publicationOverride?.reason).toBe(reason);
  });

  it('anyone can read the published results, without a token', async () => {
    const results = await p.call('GET', `${base}/results`);
    expect(results.status, results.text).toBe(200);
    expect(results.json).toMatchObject({ competitionId: cid, title: 'Blue Economy Challenge', published: true });
  });

  it('the entrants are told by e-mail, which the local platform keeps in the outbox (MAIL_MODE=outbox)', async () => {
    // Sent by the notifications job (the bundled job function): poll until every entrant's is there (at most ~20 s).
    const wanted = SMES.map((s) => `${s.who}@demo.test`);
    let mails: { to: string; subject: string }[] = [];
    for (let i = 0; i < 100; i++) {
      mails = (await expectStatus(p.call('GET', `/api/dev/outbox?competitionId=${cid}`, 'organiser'))).items;
      if (wanted.every((w) => mails.some((m) => m.to === w))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    for (const w of wanted) expect(mails.map((m) => m.to)).toContain(w);
    // Formatted by the bundle from messages compiled at build time (it carries no ICU parser).
    const { json: competition } = await p.call('GET', base, 'organiser');
    for (const m of mails.filter((m) => wanted.includes(m.to))) expect(m.subject).toBe(`Results of ${competition.title}`);
  });

  it('an export is a job: the API queues it, the bundled job function (fed by the queue) writes the file to S3, and a presigned link downloads it', async () => {
    const started = await p.call('POST', `${base}/exports`, 'organiser', { file: 'submissions.csv' });
    expect(started.status, started.text).toBe(202);
    let job = started.json;
    for (let i = 0; i < 100 && job.state !== 'succeeded' && job.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      job = await expectStatus(p.call('GET', `${base}/jobs/${job.id}`, 'organiser'));
    }
    expect(job).toMatchObject({ state: 'succeeded', result: { rows: SMES.length } });
    const file = await fetch(job.downloadUrl);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('submissions.csv');
    const csv = await file.text();
    for (const s of SMES) expect(csv).toContain(s.title);
  });

  it('the authorizer answers 401 itself for a missing, expired, forged or foreign token', async () => {
    const issuer = `${p.podium.url}/oidc`;
    const signing = await loadOrCreateSigningKey(p.dataDir);
    const key = await importJWK(signing, 'RS256');
    const claims = { email: 'organiser@demo.test', email_verified: true, 'cognito:groups': ['organisers'] };
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: signing.kid! }).setIssuer(issuer).setAudience('podium-web').setSubject('u1').setIssuedAt(now - 7200).setExpirationTime(now - 3600).sign(key);
    const other = await generateKeyPair('RS256');
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: signing.kid! }).setIssuer(issuer).setAudience('podium-web').setSubject('u1').setIssuedAt().setExpirationTime('1h').sign(other.privateKey);
    const foreignAudience = await signLocalIdToken({ dataDir: p.dataDir, issuer, account: findDemoAccount('organiser@demo.test')!, audience: 'someone-else' });
    const foreignIssuer = await signLocalIdToken({ dataDir: p.dataDir, issuer: 'https://issuer.example/pool', account: findDemoAccount('organiser@demo.test')! });
    const noExpiry = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: signing.kid! }).setIssuer(issuer).setAudience('podium-web').setSubject('u1').setIssuedAt().sign(key);

    for (const [what, who] of [
      ['no token', undefined],
      ['expired', { authorization: `Bearer ${expired}` }],
      ['signed with another key', { authorization: `Bearer ${forged}` }],
      ['for another audience', { authorization: `Bearer ${foreignAudience}` }],
      ['from another issuer', { authorization: `Bearer ${foreignIssuer}` }],
      ['without expiry', { authorization: `Bearer ${noExpiry}` }],
      ['not a JWT', { authorization: 'Bearer not-a-token' }],
    ] as const) {
      const r = await p.call('GET', '/api/me', who);
      expect(r.status, what).toBe(401);
      expect(r.json, what).toEqual(UNAUTHORIZED);
    }
    // API Gateway also takes the bare token, without "Bearer ".
    expect((await p.call('GET', '/api/me', { authorization: p.tokens.sme2! })).status).toBe(200);
  });

  it('a route the API does not declare is the gateway\'s 404, for any method', async () => {
    for (const [method, path] of [
      ['GET', '/api/no-such-thing'],
      ['POST', '/api/health'],
      ['DELETE', base],
    ] as const) {
      const r = await p.call(method, path, 'organiser');
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.json, `${method} ${path}`).toEqual(NOT_FOUND);
    }
  });
});
