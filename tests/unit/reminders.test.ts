/**
 * The reminder rules (domain/reminders.ts) and the suppression rules (domain/mail-status.ts): when
 * each reminder is due and under which fixed occasion, who counts as having used an invitation,
 * which SES events suppress an address; and which occasions the scheduler finds for a competition.
 */
import { describe, expect, it } from 'vitest';
import { applyMailEvent, emptyMailStatus, mailStatusBadge, type MailEvent } from '../../functions/domain/mail-status.ts';
import { draftOccasion, invitationUnused, invitationUnusedSince, REMINDER_KINDS, REMINDER_RULES, reminderId, reviewReminderDue, roundOpen } from '../../functions/domain/reminders.ts';
import { ruleWords } from '../../web/src/reminder-words.ts';
import { setLocale } from '../../web/src/i18n.ts';
import { mailEventsOf } from '../../functions/use-cases/mail-events.ts';
import { dueOccasions, invitationOccasion } from '../../functions/use-cases/reminders.ts';
import type { Competition } from '../../functions/domain/competition.ts';

const close = '2027-01-15T16:00:00.000Z';
const at = (iso: string) => new Date(iso);

describe('draft reminders', () => {
  it.each([
    ['two weeks before', '2027-01-01T16:00:00.000Z', undefined],
    ['a second before 7 days', '2027-01-08T15:59:59.000Z', undefined],
    ['exactly 7 days before', '2027-01-08T16:00:00.000Z', 'd7'],
    ['3 days before', '2027-01-12T10:00:00.000Z', 'd7'],
    ['exactly 1 day before', '2027-01-14T16:00:00.000Z', 'd1'],
    ['an hour before', '2027-01-15T15:00:00.000Z', 'd1'],
    ['at the close', '2027-01-15T16:00:00.000Z', undefined],
    ['after the close', '2027-01-20T00:00:00.000Z', undefined],
  ])('%s: %s', (_name, now, occasion) => {
    expect(draftOccasion(close, at(now))?.occasion).toBe(occasion);
  });

  it('files each occasion under the instant it became due, whatever the run time', () => {
    expect(draftOccasion(close, at('2027-01-10T03:17:00Z'))).toEqual({ occasion: 'd7', at: '2027-01-08T16:00:00.000Z', days: 7 });
    expect(draftOccasion(close, at('2027-01-14T20:00:00Z'))).toEqual({ occasion: 'd1', at: '2027-01-14T16:00:00.000Z', days: 1 });
    expect(reminderId('C1', 'reminder-draft', 'd7')).toBe('reminder-draft-C1-d7');
  });
});

describe('review reminders', () => {
  const round = { opensAt: '2027-01-01T00:00:00.000Z', closesAt: '2027-01-20T17:00:00.000Z' };
  it('are due in the 3 days before the round closes, not before, not after', () => {
    expect(reviewReminderDue(round, at('2027-01-17T16:59:00Z'))).toBeUndefined();
    expect(reviewReminderDue(round, at('2027-01-17T17:00:00Z'))).toEqual({ at: '2027-01-17T17:00:00.000Z' });
    expect(reviewReminderDue(round, at('2027-01-20T17:00:00Z'))).toBeUndefined();
  });
  it('a round shorter than 3 days is due from its opening, not before', () => {
    const short = { opensAt: '2027-01-19T00:00:00.000Z', closesAt: '2027-01-20T00:00:00.000Z' };
    expect(reviewReminderDue(short, at('2027-01-18T12:00:00Z'))).toBeUndefined();
    expect(reviewReminderDue(short, at('2027-01-19T01:00:00Z'))).toEqual({ at: '2027-01-19T00:00:00.000Z' });
    expect(roundOpen(short, at('2027-01-19T01:00:00Z'))).toBe(true);
  });
});

describe('unused invitations', () => {
  it('count as unused 3 days after acceptance when no review was opened', () => {
    const inv = { acceptedAt: '2027-01-01T10:00:00.000Z', acceptedBy: 'u1' };
    expect(invitationUnusedSince(inv, at('2027-01-04T09:59:00Z'))).toBeUndefined();
    expect(invitationUnusedSince(inv, at('2027-01-04T10:00:00Z'))).toBe('2027-01-04T10:00:00.000Z');
    expect(invitationUnusedSince({ acceptedAt: undefined, acceptedBy: undefined }, at('2027-02-01T00:00:00Z'))).toBeUndefined();
    expect(invitationUnused(['assigned', 'assigned'])).toBe(true);
    expect(invitationUnused(['assigned', 'draft'])).toBe(false);
    expect(invitationUnused(['submitted'])).toBe(false);
    expect(invitationUnused([])).toBe(false); // nothing assigned: nothing to open yet
  });
});

describe('the occasions the scheduler finds', () => {
  const c = { id: 'C1', schedule: { submissionsClose: close }, status: 'published' } as unknown as Competition;
  const rounds = [
    { id: 'P', kind: 'peer' as const, opensAt: '2027-01-01T00:00:00.000Z', closesAt: '2027-01-20T17:00:00.000Z' },
    { id: 'I', kind: 'investor' as const, opensAt: '2027-01-01T00:00:00.000Z', closesAt: '2027-01-18T17:00:00.000Z' },
  ];
  it('drafts, pending reviews per round, and an unused-invitation check for open non-peer rounds only when someone is due', () => {
    const invitations = [
      { roundId: 'I', acceptedBy: 'inv-a', acceptedAt: '2027-01-02T10:00:00.000Z' },
      { roundId: 'I', acceptedBy: 'inv-b', acceptedAt: '2027-01-12T10:00:00.000Z' },
      { roundId: 'I' }, // not accepted
      { roundId: 'P', acceptedBy: 'peer-x', acceptedAt: '2027-01-02T10:00:00.000Z' },
    ];
    const names = (now: string, inv = invitations) => dueOccasions(c, rounds, at(now), inv).map((d) => `${d.params.kind}:${d.params.occasion}`);
    expect(names('2026-12-20T00:00:00Z')).toEqual([]);
    // Nobody accepted 3 days ago yet: no check at all (nothing claimed, no job).
    expect(names('2027-01-04T00:00:00Z')).toEqual([]);
    expect(names('2027-01-09T00:00:00Z', [])).toEqual(['reminder-draft:d7']);
    // The occasion names who is due: the same on two days with the same reviewers, another when one more is.
    expect(names('2027-01-09T00:00:00Z')).toEqual(['reminder-draft:d7', `reminder-invitation:${invitationOccasion('I', ['inv-a'])}`]);
    expect(names('2027-01-10T00:00:00Z')).toEqual(['reminder-draft:d7', `reminder-invitation:${invitationOccasion('I', ['inv-a'])}`]);
    expect(names('2027-01-16T00:00:00Z')).toEqual(['reminder-review:I', `reminder-invitation:${invitationOccasion('I', ['inv-a', 'inv-b'])}`]);
    expect(invitationOccasion('I', ['inv-a'])).not.toBe(invitationOccasion('I', ['inv-a', 'inv-b']));
    expect(names('2027-01-19T00:00:00Z')).toEqual(['reminder-review:P']);
  });
  it('an early close (closedEarlyAt) moves the draft reminders with it', () => {
    const early = { ...c, closedEarlyAt: '2027-01-10T00:00:00.000Z' } as Competition;
    expect(dueOccasions(early, [], at('2027-01-09T12:00:00Z')).map((d) => d.params.occasion)).toEqual(['d1']);
  });
});

describe('mail status', () => {
  const now = at('2027-01-10T00:00:00Z');
  const b = (type: string, when: string, feedbackId?: string): MailEvent => ({ kind: 'bounce', address: 'a@x.eu', at: when, type, subType: 'General', ...(feedbackId ? { feedbackId } : {}) });
  it('suppresses on a permanent bounce or a complaint, and on the third transient bounce within 7 days', () => {
    expect(applyMailEvent(emptyMailStatus('A@x.eu'), b('Permanent', '2027-01-01T00:00:00Z'), now).suppressed).toEqual({ reason: 'permanent-bounce', at: '2027-01-01T00:00:00Z' });
    expect(applyMailEvent(emptyMailStatus('a@x.eu'), { kind: 'complaint', address: 'a@x.eu', at: '2027-01-01T00:00:00Z' }, now).suppressed?.reason).toBe('complaint');
    let s = emptyMailStatus('a@x.eu');
    s = applyMailEvent(s, b('Transient', '2027-01-01T00:00:00Z'), now);
    s = applyMailEvent(s, b('Transient', '2027-01-04T00:00:00Z'), now);
    expect(s.suppressed).toBeUndefined();
    expect(mailStatusBadge(s)).toBe('bounced');
    s = applyMailEvent(s, b('Transient', '2027-01-07T23:59:59Z'), now);
    expect(s.suppressed?.reason).toBe('transient-bounces');
    expect(mailStatusBadge(s)).toBe('suppressed');
  });
  it('forgets transient bounces older than a week', () => {
    let s = emptyMailStatus('a@x.eu');
    for (const t of ['2027-01-01T00:00:00Z', '2027-01-08T00:00:01Z', '2027-01-15T00:00:02Z']) s = applyMailEvent(s, b('Transient', t), now);
    expect(s.suppressed).toBeUndefined();
    expect(s.bounces).toBe(3);
  });
  it('ignores an event it has counted (same feedback id)', () => {
    const once = applyMailEvent(emptyMailStatus('a@x.eu'), b('Transient', '2027-01-01T00:00:00Z', 'f1'), now);
    expect(applyMailEvent(once, b('Transient', '2027-01-01T00:00:00Z', 'f1'), now)).toBe(once);
  });
  it('reads one event per recipient of a record, addresses normalised', () => {
    const events = mailEventsOf({
      eventType: 'Bounce',
      bounce: { bounceType: 'Permanent', bounceSubType: 'Suppressed', timestamp: '2027-01-01T00:00:00Z', feedbackId: 'f', bouncedRecipients: [{ emailAddress: 'One@X.eu' }, { emailAddress: 'two@x.eu' }, {}] },
      mail: {},
    });
    expect(events.map((e) => e.address)).toEqual(['one@x.eu', 'two@x.eu']);
    expect(mailEventsOf({ eventType: 'Open', open: {} })).toEqual([]);
    expect(mailEventsOf(null)).toEqual([]);
  });
});

describe('the reminders page’s words', () => {
  /** The catalogue's typography (’) read as the server's plain apostrophe. */
  const plain = (s: string) => s.replace(/’/g, "'");
  it('in English are the rules’ own, kind by kind; in French and German their own', async () => {
    await setLocale('en', { remember: false });
    for (const kind of REMINDER_KINDS) {
      const rule = { kind, ...REMINDER_RULES[kind] };
      const words = ruleWords(rule);
      expect(Object.fromEntries(Object.entries(words).map(([k, v]) => [k, plain(v)])), kind).toEqual({ label: rule.label, what: rule.what, when: rule.when, to: rule.to });
    }
    for (const locale of ['fr', 'de'] as const) {
      await setLocale(locale, { remember: false });
      for (const kind of REMINDER_KINDS) {
        const rule = { kind, ...REMINDER_RULES[kind] };
        const words = ruleWords(rule);
        for (const k of ['label', 'what', 'when', 'to'] as const) expect(words[k], `${locale} ${kind} ${k}`).not.toBe(rule[k]);
      }
    }
    await setLocale('en', { remember: false });
  });
});
