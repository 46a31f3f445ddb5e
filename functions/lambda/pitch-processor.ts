/**
 * Lambda entry for S3 ObjectCreated notifications on the pitch bucket. Configuration and clients
 * are set up once per container.
 */
import { loadConfig } from '../adapters/config.ts';
import { createPitchEventHandler } from '../app/pitch-events.ts';
import { buildDeps } from '../composition.ts';

export const handler = createPitchEventHandler(buildDeps(loadConfig()));
