/**
 * Lambda entry run on a schedule (EventBridge, every 15 minutes): announces results whose
 * scheduled publication time has come. The local runtime runs the same use case on a timer.
 */
import type { Context } from 'aws-lambda';
import { loadConfig } from '../adapters/config.ts';
import { log } from '../adapters/logger.ts';
import { buildDeps } from '../composition.ts';
import { deliverDueAnnouncements } from '../use-cases/results.ts';
import { instrumented } from './instrumented.ts';

const deps = buildDeps(loadConfig());

export const handler = instrumented(async (_event: unknown, context: Context): Promise<{ announced: string[] }> => {
  const announced = await deliverDueAnnouncements(deps);
  // A scheduled run has no caller: the invocation is both the request and the correlation.
  const requestId = context?.awsRequestId ?? crypto.randomUUID();
  log.child({ requestId, correlationId: requestId }).info('announcements delivered', { count: announced.length, competitionIds: announced });
  return { announced };
}, deps.metrics);
