/**
 * Lambda entry subscribed to the SNS topic the SES configuration set publishes to (infra/mail.ts):
 * every Bounce, Complaint and Delivery record is recorded on its address's mail status, and a
 * permanent bounce, a complaint or repeated transient bounces suppress the address
 * (use-cases/mail-events.ts). A record that cannot be read is logged and skipped (SNS would only
 * deliver it again); a failed write throws, and SNS retries the invocation.
 */
import type { Context } from 'aws-lambda';
import { loadConfig } from '../adapters/config.ts';
import { log } from '../adapters/logger.ts';
import { buildDeps } from '../composition-all.ts';
import { handleSnsMailEvents } from '../use-cases/mail-events.ts';
import { instrumented } from './instrumented.ts';

const deps = buildDeps(loadConfig());

export const handler = instrumented(async (event: unknown, context: Context) => {
  const requestId = context?.awsRequestId ?? crypto.randomUUID();
  const result = await handleSnsMailEvents(deps, event);
  const logger = log.child({ requestId, correlationId: requestId });
  if (result.skipped > 0) logger.warn('mail event records skipped (not a bounce, complaint or delivery SES record)', { skipped: result.skipped });
  logger.info('mail events recorded', { records: result.records, recorded: result.recorded, suppressed: result.suppressed });
  return result;
}, deps.metrics);
