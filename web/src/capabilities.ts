/**
 * What the signed-in person may do on a competition as its organiser or as staff of its programme
 * (the API's `myCapabilities`, decided by functions/use-cases/access.ts): read, manage, evaluate,
 * finance. Pages show what this allows; the API refuses the rest anyway (403 saying why).
 */
import type { Competition } from './types.ts';

export type Capability = Competition['myCapabilities'][number];

export const can = (c: Pick<Competition, 'myCapabilities'>, need: Capability): boolean => c.myCapabilities.includes(need);
