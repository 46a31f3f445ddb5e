/** Opaque pagination cursors: base64url JSON of DynamoDB's LastEvaluatedKey (plus a segment). */
import { ValidationFailed } from '../../domain/errors.ts';

export interface CursorState {
  /** For listings that span two queries. */
  segment?: number;
  key?: Record<string, unknown>;
}

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): CursorState | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (typeof state !== 'object' || state === null || Array.isArray(state)) throw new Error('shape');
    const { segment, key } = state as CursorState;
    if (segment !== undefined && typeof segment !== 'number') throw new Error('segment');
    if (key !== undefined && (typeof key !== 'object' || key === null)) throw new Error('key');
    for (const v of Object.values(key ?? {})) if (typeof v !== 'string') throw new Error('key value');
    return { segment, key };
  } catch {
    throw new ValidationFailed('This page link is not valid; start from the first page.', { cursor: 'invalid' });
  }
}
