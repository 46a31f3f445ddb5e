/**
 * What every Lambda entry does around its handler: the invocation's facts on every log line
 * (function_request_id, cold_start, …), and the business metrics counted during the invocation
 * published once it ends, answered or failed (one EMF line, not one per count).
 */
import type { Context } from 'aws-lambda';
import { addLambdaContext } from '../adapters/logger.ts';
import type { MetricsSink } from '../adapters/metrics.ts';

export function instrumented<E, R>(handler: (event: E, context: Context) => Promise<R>, metrics: MetricsSink) {
  return async (event: E, context: Context): Promise<R> => {
    if (context) addLambdaContext(context);
    try {
      return await handler(event, context);
    } finally {
      metrics.flush();
    }
  };
}
