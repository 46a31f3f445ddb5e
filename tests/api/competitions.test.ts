import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { competitionInput, openCompetition, people, startHarness, type Harness } from '../support/api-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe('competitions', () => {
  it('answers the health check', async () => {
    const r = await h.call('GET', '/api/health');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: 'ok' });
  });

  it('lets an organiser create a draft, converting wall-clock times in the zone to UTC', async () => {
    // Prepare / Act
    const r = await h.call('POST', '/api/competitions', people.organiser, competitionInput());
    // Assess
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ status: 'draft', phase: 'draft', version: 1, myRoles: ['organiser'] });
    // Brussels is UTC+1 in January.
    expect(r.json.schedule.submissionsClose).toBe('2027-01-15T16:00:00.000Z');
    expect(r.json.rubric.map((c: { id: string }) => c.id)).toHaveLength(2);
    const stored = await h.call('GET', `/api/competitions/${r.json.id}`, people.organiser);
    expect(stored.json.title).toBe('Smart Logistics Challenge');
  });

  it('hides drafts from everyone but their organisers', async () => {
    const r = await h.call('POST', '/api/competitions', people.organiser, competitionInput({ title: 'Secret draft' }));
    for (const who of [undefined, people.sme1, people.otherOrganiser]) {
      const seen = await h.call('GET', `/api/competitions/${r.json.id}`, who);
      expect(seen.status).toBe(404);
    }
    const list = await h.call('GET', '/api/competitions?limit=100');
    expect(list.json.items.map((c: { title: string }) => c.title)).not.toContain('Secret draft');
  });

  it('refuses to let non-organisers create competitions', async () => {
    expect((await h.call('POST', '/api/competitions', undefined, competitionInput())).status).toBe(401);
    const r = await h.call('POST', '/api/competitions', people.sme1, competitionInput());
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('FORBIDDEN');
  });

  it('publishes, edits with optimistic versions, and records every change in the audit trail', async () => {
    const created = await h.call('POST', '/api/competitions', people.organiser, competitionInput({ title: 'Audit me' }));
    const id = created.json.id;
    const published = await h.call('POST', `/api/competitions/${id}/publish`, people.organiser, { version: 1 });
    expect(published.status).toBe(200);
    expect(published.json).toMatchObject({ status: 'published', phase: 'open', version: 2 });

    const edit = { ...competitionInput({ title: 'Audit me (renamed)' }), version: 2 };
    const edited = await h.call('PUT', `/api/competitions/${id}`, people.organiser, edit);
    expect(edited.status).toBe(200);
    expect(edited.json.version).toBe(3);

    const stale = await h.call('PUT', `/api/competitions/${id}`, people.organiser, edit);
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe('VERSION_CONFLICT');

    const audit = await h.call('GET', `/api/competitions/${id}/audit`, people.organiser);
    expect(audit.status).toBe(200);
    expect(audit.json.items.map((e: { action: string }) => e.action)).toEqual([
      'competition.created',
      'competition.published',
      'competition.updated',
    ]);
    const update = audit.json.items[2];
    expect(update.before).toEqual({ title: 'Audit me' });
    expect(update.after).toEqual({ title: 'Audit me (renamed)' });
    expect(update.actor.email).toBe('organiser@demo.test');

    // Other organisers and entrants cannot read it; nobody can change it through the API.
    expect((await h.call('GET', `/api/competitions/${id}/audit`, people.otherOrganiser)).status).toBe(403);
    expect((await h.call('GET', `/api/competitions/${id}/audit`, people.sme1)).status).toBe(403);
    expect((await h.call('DELETE', `/api/competitions/${id}/audit`, people.organiser)).status).toBe(404);
  });

  it('freezes the questions once submissions are open', async () => {
    const c = await openCompetition(h, { title: 'Frozen questions' });
    const r = await h.call('PUT', `/api/competitions/${c.id}`, people.organiser, {
      ...competitionInput({ title: 'Frozen questions', questions: [] }),
      version: c.version,
    });
    expect(r.status).toBe(409);
    expect(r.json.error.fields).toHaveProperty('questions');
  });

  it('derives the phase from the schedule and lets an organiser close early', async () => {
    const c = await openCompetition(h, { title: 'Phases' });
    expect(c.phase).toBe('open');
    const closed = await h.call('POST', `/api/competitions/${c.id}/close`, people.organiser, { version: c.version });
    expect(closed.status).toBe(200);
    expect(closed.json.phase).toBe('closed');
    expect(closed.json.closesAt).toBe('2026-12-01T10:00:00.000Z');
    const again = await h.call('POST', `/api/competitions/${c.id}/close`, people.organiser, { version: closed.json.version });
    expect(again.status).toBe(409);
  });

  it('lists published competitions with the still-open ones first, paging with an opaque cursor', async () => {
    const h2 = await startHarness('2026-12-01T10:00:00Z');
    try {
      const soon = await openCompetition(h2, { title: 'Closes soon' });
      await openCompetition(h2, {
        title: 'Closes later',
        schedule: { ...competitionInput().schedule, submissionsClose: '2027-01-20T17:00', evaluationStart: '2027-01-21T09:00' },
      });
      const early = await openCompetition(h2, { title: 'Closed early' });
      await h2.call('POST', `/api/competitions/${early.id}/close`, people.organiser, { version: early.version });
      await h2.call('POST', `/api/competitions/${soon.id}/close`, people.organiser, { version: soon.version }).then(() => undefined);
      h2.clock.advance(1000);

      const first = await h2.call('GET', '/api/competitions?limit=1');
      expect(first.json.items.map((c: { title: string }) => c.title)).toEqual(['Closes later']);
      expect(typeof first.json.nextCursor).toBe('string');
      const rest = await h2.call('GET', `/api/competitions?limit=5&cursor=${first.json.nextCursor}`);
      expect(rest.json.items.map((c: { phase: string }) => c.phase)).toEqual(['closed', 'closed']);
      expect(rest.json.nextCursor).toBeUndefined();

      const bad = await h2.call('GET', '/api/competitions?cursor=not-a-cursor');
      expect(bad.status).toBe(400);
      expect(bad.json.error.fields).toHaveProperty('cursor');
    } finally {
      await h2.stop();
    }
  });
});
