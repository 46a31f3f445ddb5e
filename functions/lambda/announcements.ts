/**
 * Lambda entry run on a schedule (EventBridge, every 15 minutes): the platform's scheduler. It
 * announces results whose scheduled publication time has come, and hands the reminders that are
 * due (drafts before the deadline, pending reviews before a round closes, unused invitations) to
 * jobs (use-cases/reminders.ts). The local runtime runs the same use cases on a timer.
 */
import type { Context } from 'aws-lambda';
import { loadConfig } from '../adapters/config.ts';
import { log } from '../adapters/logger.ts';
import { buildDeps } from '../composition-all.ts';
import { runScheduledWork } from '../use-cases/scheduler.ts';
import { instrumented } from './instrumented.ts';

const deps = buildDeps(loadConfig());

export const handler = instrumented(async (_event: unknown, context: Context): Promise<{ announced: string[]; reminders: number }> => {
  // A scheduled run has no caller: the invocation is both the request and the correlation.
  const requestId = context?.awsRequestId ?? crypto.randomUUID();
  const logger = log.child({ requestId, correlationId: requestId });
  const { announced, reminders, remindersFailed } = await runScheduledWork(deps);
  logger.info('announcements delivered', { count: announced.length, competitionIds: announced });
  logger.info('reminders started', { count: reminders.length, failed: remindersFailed, competitionIds: [...new Set(reminders.map((r) => r.competitionId))] });
  return { announced, reminders: reminders.length };
}, deps.metrics);
