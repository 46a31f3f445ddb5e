import { describe, expect, it } from 'vitest';
import { affinity, automaticConflict, isSharedMailDomain } from '../../functions/domain/conflicts.ts';
import { assertReviewComplete, reviewContentErrors, roundErrors, roundPhase, type Round } from '../../functions/domain/evaluation.ts';
import { RuleViolation } from '../../functions/domain/errors.ts';

const submission = {
  submissionId: 's1',
  ownerSub: 'owner',
  ownerEmail: 'ceo@acme-robotics.eu',
  registryId: 'BE 0123.456.789',
  teamEmails: ['cto@acme-robotics.eu', 'advisor@gmail.com'],
};

describe('automatic conflicts of interest', () => {
  it.each([
    ['own submission', { sub: 'owner', email: 'x@other.eu' }, 'own-submission'],
    ['own submission by id', { sub: 'r', email: 'x@other.eu', submissionId: 's1' }, 'own-submission'],
    ['same organisation, however written', { sub: 'r', email: 'x@other.eu', registryId: 'be0123456789' }, 'same-organisation'],
    ['same team member', { sub: 'r', email: 'CTO@acme-robotics.eu' }, 'same-team-member'],
    ['a colleague on the reviewer’s own team', { sub: 'r', email: 'r@demo.test', teamEmails: ['advisor@gmail.com'] }, 'same-team-member'],
    ['same company domain', { sub: 'r', email: 'sales@acme-robotics.eu' }, 'same-email-domain'],
    ['company domain via the reviewer’s team', { sub: 'r', email: 'r@demo.test', teamEmails: ['ops@acme-robotics.eu'] }, 'same-email-domain'],
  ])('%s', (_n, reviewer, source) => {
    expect(automaticConflict(reviewer, submission)?.source).toBe(source);
  });

  it('ignores shared public and reserved mail domains', () => {
    expect(automaticConflict({ sub: 'r', email: 'someone@gmail.com' }, submission)).toBeUndefined();
    expect(isSharedMailDomain('demo.test')).toBe(true);
    expect(isSharedMailDomain('example.com')).toBe(true);
    expect(isSharedMailDomain('acme-robotics.eu')).toBe(false);
  });

  it('counts affinity as the overlap of interests and tags, ignoring case and duplicates', () => {
    expect(affinity(['Energy', 'mobility'], ['energy', 'ENERGY', 'food', 'Mobility '])).toBe(2);
    expect(affinity([], ['energy'])).toBe(0);
  });
});

const round: Round = {
  id: 'r',
  competitionId: 'c',
  name: 'Peers',
  kind: 'peer',
  rubric: [
    { id: 'inn', name: 'Innovation', description: '', weight: 2, scale: { min: 1, max: 5 } },
    { id: 'imp', name: 'Impact', description: '', weight: 1, scale: { min: 0, max: 10 } },
  ],
  k: 3,
  maxLoad: 5,
  blind: true,
  opensAt: '2027-01-16T08:00:00.000Z',
  closesAt: '2027-02-01T08:00:00.000Z',
  weight: 40,
  requireReviewDuty: true,
  showPeerComments: false,
  pins: [],
  createdAt: '',
  updatedAt: '',
  version: 1,
};

describe('rounds and reviews', () => {
  it('derives the window phase', () => {
    expect(roundPhase(round, new Date('2027-01-16T07:59:59Z'))).toBe('upcoming');
    expect(roundPhase(round, new Date('2027-01-16T08:00:00Z'))).toBe('open');
    expect(roundPhase(round, new Date('2027-02-01T08:00:00Z'))).toBe('closed');
  });

  it('validates a round configuration', () => {
    expect(roundErrors(round)).toEqual({});
    expect(Object.keys(roundErrors({ ...round, closesAt: round.opensAt, kind: 'investor', rubric: [] })).sort()).toEqual(['closesAt', 'requireReviewDuty', 'rubric']);
  });

  it('checks scores against the round’s criteria and scales', () => {
    const content = { scores: { inn: 6, imp: 0, x: 1 }, comments: { y: 'hm' }, overallComment: '', meet: true, privateNote: '' };
    expect(reviewContentErrors(round, content)).toEqual({
      'scores.inn': 'Score Innovation from 1 to 5.',
      'scores.x': 'This round has no such criterion.',
      'comments.y': 'This round has no such criterion.',
      meet: 'Only investors can flag a team to meet or keep private notes.',
    });
    expect(reviewContentErrors({ ...round, kind: 'investor' }, { ...content, scores: { inn: 5, imp: 10 }, comments: {} })).toEqual({});
  });

  it('requires every criterion before submitting', () => {
    expect(() => assertReviewComplete(round, { scores: { inn: 3 }, comments: {}, overallComment: '', meet: false, privateNote: '' })).toThrow(RuleViolation);
    expect(() => assertReviewComplete(round, { scores: { inn: 3, imp: 0 }, comments: {}, overallComment: '', meet: false, privateNote: '' })).not.toThrow();
  });
});

describe('pitch upload parts', () => {
  it('uses 8 MiB parts for clips, 16 MiB for large pitches, and never more than 10,000 parts', async () => {
    const { planParts, MiB, GiB } = await import('../../functions/domain/pitch.ts');
    expect(planParts(1000)).toEqual({ partSize: 8 * MiB, partCount: 1 });
    expect(planParts(17 * MiB)).toEqual({ partSize: 8 * MiB, partCount: 3 });
    expect(planParts(200 * MiB)).toEqual({ partSize: 16 * MiB, partCount: 13 });
    expect(planParts(GiB)).toEqual({ partSize: 16 * MiB, partCount: 64 });
    const huge = planParts(200 * GiB);
    expect(huge.partCount).toBeLessThanOrEqual(10_000);
    expect(huge.partSize * huge.partCount).toBeGreaterThanOrEqual(200 * GiB);
  });
});

describe('submission ids', () => {
  it('are stable per entrant and safe in spreadsheets', async () => {
    const { submissionIdFor } = await import('../../functions/use-cases/submissions.ts');
    expect(submissionIdFor('c1', 'u1')).toBe(submissionIdFor('c1', 'u1'));
    expect(submissionIdFor('c1', 'u1')).not.toBe(submissionIdFor('c1', 'u2'));
    for (let i = 0; i < 500; i++) expect(submissionIdFor('c', `u${i}`)).toMatch(/^[0-9a-f]{24}$/);
  });
});
