/** Teams' pure rules (domain/team.ts): who acts for which team, invitation states, the e-mails conflicts see. */
import { describe, expect, it } from 'vitest';
import type { Membership } from '../../functions/domain/membership.ts';
import { canEdit, invitationStatus, memberEmailsByTeam, seatOf, teamEmailsOf, type TeamInvitation } from '../../functions/domain/team.ts';

const registration = { organisationName: 'Acme', country: 'BE', registryId: 'BE0123456789', smeDeclaration: true, team: [{ name: 'A', email: 'A@Acme.test', role: '' }], registeredAt: '2026-12-01T10:00:00Z' };
const m = (userSub: string, extra: Partial<Membership> = {}): Membership => ({ competitionId: 'c', userSub, userEmail: `${userSub}@x.test`, roles: [], ...extra });
const link = (teamSub: string, role: 'owner' | 'editor' | 'viewer' | 'former') => ({ teamSub, role, name: '', since: '2026-12-02T10:00:00Z' });

describe('seatOf', () => {
  it('the registering account owns its team until it hands ownership on; members act by their link; nobody else acts', () => {
    expect(seatOf(m('reg', { registration }))).toEqual({ teamSub: 'reg', role: 'owner' });
    expect(seatOf(m('reg', { registration, team: link('reg', 'editor') }))).toEqual({ teamSub: 'reg', role: 'editor' });
    expect(seatOf(m('reg', { registration, team: link('reg', 'former') }))).toBeUndefined();
    expect(seatOf(m('ed', { team: link('reg', 'owner') }))).toEqual({ teamSub: 'reg', role: 'owner' });
    expect(seatOf(m('vi', { team: link('reg', 'viewer') }))).toEqual({ teamSub: 'reg', role: 'viewer' });
    expect(seatOf(m('investor', { roles: ['investor'] }))).toBeUndefined();
    expect(seatOf(undefined)).toBeUndefined();
  });

  it('owners and editors may change the entry; viewers and outsiders may not', () => {
    expect([canEdit({ teamSub: 't', role: 'owner' }), canEdit({ teamSub: 't', role: 'editor' }), canEdit({ teamSub: 't', role: 'viewer' }), canEdit(undefined)]).toEqual([true, true, false, false]);
  });
});

describe('invitationStatus', () => {
  const i: TeamInvitation = { competitionId: 'c', teamSub: 't', email: 'a@b.test', role: 'viewer', tokenHash: 'h', invitedBy: 't', createdAt: '2026-12-01T10:00:00Z', expiresAt: '2026-12-15T10:00:00Z' };
  it('is pending until it expires (to the millisecond), and accepted or revoked whatever the time', () => {
    expect(invitationStatus(i, new Date('2026-12-15T09:59:59.999Z'))).toBe('pending');
    expect(invitationStatus(i, new Date('2026-12-15T10:00:00Z'))).toBe('expired');
    expect(invitationStatus({ ...i, revokedAt: '2026-12-02T00:00:00Z' }, new Date('2026-12-03T00:00:00Z'))).toBe('revoked');
    expect(invitationStatus({ ...i, acceptedBy: 'u', acceptedAt: '2026-12-02T00:00:00Z' }, new Date('2027-01-01T00:00:00Z'))).toBe('accepted');
  });
});

describe('the e-mails conflicts know of a team', () => {
  it("are the registration's team list and the verified addresses of its linked members (not former ones, not unverified ones)", () => {
    const memberships = [
      m('reg', { registration }),
      m('ed', { team: link('reg', 'editor'), userEmail: 'Ed@Partner.test' }),
      m('vi', { team: link('reg', 'viewer'), userEmailVerified: false }),
      m('gone', { team: link('other', 'former') }),
      m('x', { team: link('other', 'editor') }),
    ];
    const byTeam = memberEmailsByTeam(memberships);
    expect(teamEmailsOf(memberships[0], byTeam, 'reg')).toEqual(['a@acme.test', 'ed@partner.test']);
    expect(teamEmailsOf(undefined, byTeam, 'other')).toEqual(['x@x.test']);
  });
});
