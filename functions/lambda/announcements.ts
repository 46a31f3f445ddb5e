/**
 * Lambda entry run on a schedule (EventBridge, every 15 minutes): announces results whose
 * scheduled publication time has come. The local runtime runs the same use case on a timer.
 */
import { loadConfig } from '../adapters/config.ts';
import { buildDeps } from '../composition.ts';
import { deliverDueAnnouncements } from '../use-cases/results.ts';

const deps = buildDeps(loadConfig());

export const handler = async (): Promise<{ announced: string[] }> => {
  const announced = await deliverDueAnnouncements(deps);
  console.log(JSON.stringify({ level: 'info', message: 'announcements delivered', announced }));
  return { announced };
};
