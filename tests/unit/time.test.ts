import { describe, expect, it } from 'vitest';
import { isValidTimeZone, toUtcInstant, toWallClock } from '../../functions/domain/time.ts';

describe('wall-clock times in a time zone', () => {
  it.each([
    ['2027-01-15T17:00', 'Europe/Brussels', '2027-01-15T16:00:00.000Z'], // CET, UTC+1
    ['2027-07-15T17:00', 'Europe/Brussels', '2027-07-15T15:00:00.000Z'], // CEST, UTC+2
    ['2027-01-15T17:00', 'America/New_York', '2027-01-15T22:00:00.000Z'],
    ['2027-01-15T17:00', 'Asia/Kolkata', '2027-01-15T11:30:00.000Z'],
    ['2027-03-28T03:30', 'Europe/Brussels', '2027-03-28T01:30:00.000Z'], // just after the spring change
    ['2027-01-15T17:00:00Z', 'Europe/Brussels', '2027-01-15T17:00:00.000Z'], // explicit offset wins
    ['2027-01-15T17:00+05:00', 'Europe/Brussels', '2027-01-15T12:00:00.000Z'],
  ])('%s in %s is %s', (local, tz, utc) => {
    expect(toUtcInstant(local, tz)).toBe(utc);
  });

  it('rejects what is not a date', () => {
    expect(toUtcInstant('tomorrow', 'UTC')).toBeUndefined();
    expect(toUtcInstant('2027-02-30T10:00', 'UTC')).toBeUndefined();
    expect(toUtcInstant('2027-13-01T10:00', 'UTC')).toBeUndefined();
  });

  it('round-trips to the wall clock', () => {
    const utc = toUtcInstant('2027-07-01T09:15', 'Europe/Lisbon')!;
    expect(toWallClock(utc, 'Europe/Lisbon')).toBe('2027-07-01T09:15');
  });

  it('knows real zones', () => {
    expect(isValidTimeZone('Europe/Brussels')).toBe(true);
    expect(isValidTimeZone('Nowhere/Special')).toBe(false);
  });
});
