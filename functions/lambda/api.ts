/**
 * Lambda entry for the HTTP API. Configuration is read and clients are created once per
 * container, at module load; the handler only adapts the event.
 */
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../adapters/config.ts';
import { createApp } from '../app/app.ts';
import { buildDeps } from '../composition.ts';
import { instrumented } from './instrumented.ts';

const deps = buildDeps(loadConfig());

export const handler = instrumented(handle(createApp(deps)), deps.metrics);
