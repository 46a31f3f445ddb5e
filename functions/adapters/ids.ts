import { monotonicFactory } from 'ulid';
import type { IdGenerator } from '../use-cases/ports.ts';

const next = monotonicFactory();

/** Sortable, unguessable ids (ULID). */
export const ulidGenerator: IdGenerator = { next: () => next() };
