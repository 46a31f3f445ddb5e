import type { Clock } from '../use-cases/ports.ts';

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to: for tests and reproducible runs. */
export function fixedClock(start: Date | string): Clock & { set(t: Date | string): void; advance(ms: number): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (next) => {
      t = new Date(next).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
