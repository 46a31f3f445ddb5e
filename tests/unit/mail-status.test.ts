/**
 * The suppression rules (domain/mail-status.ts, issue 13): permanent bounces and complaints hold
 * mail back until cleared; transient bounces for TRANSIENT_SUPPRESSION_HOURS, then a limited
 * number of retries; a delivery after a lapse ends it; clearing keeps the counts.
 */
import { describe, expect, it } from 'vitest';
import {
  applyMailEvent,
  clearedMailStatus,
  emptyMailStatus,
  isSuppressed,
  mailStatusBadge,
  suppressionSentence,
  TRANSIENT_LIMIT,
  TRANSIENT_RETRIES,
  TRANSIENT_SUPPRESSION_HOURS,
  type MailEvent,
  type MailStatus,
} from '../../functions/domain/mail-status.ts';

const H = 3_600_000;
const at = (h: number) => new Date(Date.parse('2027-01-01T00:00:00Z') + h * H).toISOString();
const soft = (h: number, id: string): MailEvent => ({ kind: 'bounce', address: 'a@x.example', at: at(h), type: 'Transient', subType: 'MailboxFull', feedbackId: id });
const hard = (h: number, id: string): MailEvent => ({ kind: 'bounce', address: 'a@x.example', at: at(h), type: 'Permanent', subType: 'General', feedbackId: id });
const apply = (s: MailStatus, ...es: MailEvent[]) => es.reduce((x, e) => applyMailEvent(x, e, new Date(e.at)), s);

describe('transient suppression', () => {
  it(`suppresses after ${TRANSIENT_LIMIT} within the window, until ${TRANSIENT_SUPPRESSION_HOURS} h after the last`, () => {
    const s = apply(emptyMailStatus('a@x.example'), soft(0, '1'), soft(1, '2'), soft(2, '3'));
    expect(s.suppressed).toEqual({ reason: 'transient-bounces', at: at(2), until: at(2 + TRANSIENT_SUPPRESSION_HOURS) });
    expect(isSuppressed(s, new Date(at(3)))).toBe(true);
    expect(isSuppressed(s, new Date(at(2 + TRANSIENT_SUPPRESSION_HOURS)))).toBe(false);
    expect(mailStatusBadge(s, new Date(at(3)))).toBe('suppressed');
    expect(mailStatusBadge(s, new Date(at(30)))).toBe('bounced');
  });

  it(`a bounce of each retry suppresses again at once; after ${TRANSIENT_RETRIES} the suppression no longer lapses`, () => {
    let s = apply(emptyMailStatus('a@x.example'), soft(0, '1'), soft(1, '2'), soft(2, '3'));
    let t = 2;
    for (let i = 1; i <= TRANSIENT_RETRIES; i++) {
      t += TRANSIENT_SUPPRESSION_HOURS + 1;
      s = apply(s, soft(t, `r${i}`));
      expect(s.transientRetries).toBe(i);
      expect(s.suppressed?.until).toBe(i < TRANSIENT_RETRIES ? at(t + TRANSIENT_SUPPRESSION_HOURS) : undefined);
    }
    expect(isSuppressed(s, new Date(at(t + 1000)))).toBe(true);
    expect(suppressionSentence('transient-bounces')).toBe('Not sent — address bounced several times, also when tried again.');
  });

  it('a delivery after the lapse ends the suppression and its history; one before it changes nothing', () => {
    const s = apply(emptyMailStatus('a@x.example'), soft(0, '1'), soft(1, '2'), soft(2, '3'));
    const early = apply(s, { kind: 'delivery', address: 'a@x.example', at: at(3), feedbackId: 'd1' });
    expect(early.suppressed).toEqual(s.suppressed);
    const later = apply(s, { kind: 'delivery', address: 'a@x.example', at: at(40), feedbackId: 'd2' });
    expect(later.suppressed).toBeUndefined();
    expect(later.transientAts).toEqual([]);
  });
});

describe('permanent suppression', () => {
  it('a permanent bounce or a complaint replaces a transient suppression and never lapses; a transient bounce does not soften it', () => {
    const s = apply(emptyMailStatus('a@x.example'), soft(0, '1'), soft(1, '2'), soft(2, '3'), hard(3, 'h'));
    expect(s.suppressed).toEqual({ reason: 'permanent-bounce', at: at(3) });
    expect(apply(s, soft(100, 's')).suppressed).toEqual({ reason: 'permanent-bounce', at: at(3) });
    const c = apply(emptyMailStatus('a@x.example'), { kind: 'complaint', address: 'a@x.example', at: at(0), feedbackId: 'c' });
    expect(isSuppressed(c, new Date(at(10_000)))).toBe(true);
    expect(suppressionSentence('complaint')).toMatch(/^Not sent — address complained/);
    expect(suppressionSentence('permanent-bounce')).toMatch(/^Not sent — address bounced/);
  });

  it('clearing sends again: counts kept, the suppression and the transient history gone, the version moved', () => {
    const s = apply(emptyMailStatus('a@x.example'), soft(0, '1'), hard(1, 'h'));
    const cleared = clearedMailStatus(s, new Date(at(5)));
    expect(cleared).toMatchObject({ bounces: 2, transientAts: [], clearedAt: at(5), version: s.version + 1 });
    expect(cleared.suppressed).toBeUndefined();
    expect(isSuppressed(cleared, new Date(at(6)))).toBe(false);
    // A new permanent bounce suppresses it again.
    expect(apply(cleared, hard(7, 'h2')).suppressed?.reason).toBe('permanent-bounce');
  });
});
