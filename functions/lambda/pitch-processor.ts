/**
 * Lambda entry for S3 ObjectCreated notifications on the pitch bucket. Configuration and clients
 * are set up once per container. A failure is thrown: Lambda retries the event, then hands it to
 * the on-failure queue (infra/media.ts).
 */
import { loadConfig } from '../adapters/config.ts';
import { createPitchEventHandler } from '../app/pitch-events.ts';
import { buildDeps } from '../composition-all.ts';
import { instrumented } from './instrumented.ts';

const deps = buildDeps(loadConfig());

export const handler = instrumented(createPitchEventHandler(deps), deps.metrics);
