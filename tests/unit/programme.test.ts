/** The programme rules that need no database: a programme's shape, an invitation's state, capabilities by role. */
import { describe, expect, it } from 'vitest';
import { CALL_OPENING_ROLES, capabilitiesOf, invitationStatus, programmeProblems, PROGRAMME_ROLES, ROLE_LABELS, type Partner } from '../../functions/domain/programme.ts';

const partner = (id: string, name = id): Partner => ({ id, name, country: 'BE', contactName: 'A', contactEmail: 'a@b.test' });
const period = { start: '2026-01-01', end: '2028-12-31' };

describe('programmeProblems', () => {
  it('accepts partners with distinct ids and names, a coordinating partner among them, and a period that ends after it starts', () => {
    expect(programmeProblems({ partners: [partner('a'), partner('b')], coordinatorPartnerId: 'b', period })).toEqual({});
  });

  it('names the field: a coordinating partner not listed, a partner listed twice, a period backwards', () => {
    expect(programmeProblems({ partners: [partner('a')], coordinatorPartnerId: 'z', period })).toEqual({ coordinatorPartnerId: 'Choose the coordinating partner from the partners listed.' });
    expect(programmeProblems({ partners: [partner('a', 'Pôle Sud'), partner('b', ' pôle sud ')], coordinatorPartnerId: 'a', period })).toEqual({ partners: 'pôle sud is listed twice.' });
    expect(programmeProblems({ partners: [partner('a'), partner('a', 'Other')], coordinatorPartnerId: 'a', period }).partners).toBe('Two partners have the id a.');
    expect(programmeProblems({ partners: [partner('a')], coordinatorPartnerId: 'a', period: { start: '2027-01-01', end: '2026-12-31' } })).toEqual({ 'period.end': 'The period ends before it starts.' });
  });
});

describe('invitationStatus', () => {
  const now = new Date('2026-12-01T10:00:00Z');
  const base = { expiresAt: '2026-12-15T10:00:00.000Z' };
  it('is pending until it expires, then expired; accepted and revoked win over expiry', () => {
    expect(invitationStatus(base, now)).toBe('pending');
    expect(invitationStatus(base, new Date('2026-12-15T10:00:00Z'))).toBe('expired');
    expect(invitationStatus({ ...base, acceptedBy: 'u' }, new Date('2027-01-01T00:00:00Z'))).toBe('accepted');
    expect(invitationStatus({ ...base, revokedAt: '2026-12-02T00:00:00Z' }, now)).toBe('revoked');
    // Accepted, then (impossibly) revoked: it was accepted.
    expect(invitationStatus({ ...base, acceptedBy: 'u', revokedAt: '2026-12-02T00:00:00Z' }, now)).toBe('accepted');
  });
});

describe('roles', () => {
  it('label every role, and only coordinators and partner organisers open calls', () => {
    expect(PROGRAMME_ROLES.every((r) => ROLE_LABELS[r].length > 0)).toBe(true);
    expect([...CALL_OPENING_ROLES].sort()).toEqual(['coordinator', 'partner-organiser']);
    expect(capabilitiesOf(undefined)).toEqual([]);
  });
});
