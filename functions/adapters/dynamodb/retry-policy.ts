/**
 * When the DynamoDB client tries a call again, and after how long: the AWS SDK's "standard" retry
 * mode as the DynamoDB SDK client (3.1169) configures it, so replacing the SDK changes no
 * behaviour under throttling or outages (@smithy/core/retry: StandardRetryStrategy,
 * DefaultRetryBackoffStrategy, service-error-classification):
 * - throttling (HTTP 429 or a throttling error type) and transient failures (network errors,
 *   HTTP 500/502/503/504, timeouts) are retried; anything else — a failed condition, a validation
 *   error, an unknown table, another 5xx — is final;
 * - at most 4 attempts in all (the DynamoDB client's default);
 * - before retry n (0-based), a random wait in [0, base × 2ⁿ), capped at 20 s ("full jitter"),
 *   with base 25 ms for transient failures and 1 s under throttling;
 * - a retry quota shared by the client's calls (500 tokens, a retry costs 14, or 5 when
 *   throttled; a success gives back what its retries cost, or 1), so that when DynamoDB is
 *   down every call fails after one attempt instead of multiplying the load.
 * Not taken over: the SDK's clock-skew correction and Retry-After hints (DynamoDB sends none).
 */

export const MAX_ATTEMPTS = 4;
const TRANSIENT_BASE_MS = 25;
const THROTTLING_BASE_MS = 1_000;
const MAX_DELAY_MS = 20_000;
const QUOTA = 500;
const RETRY_COST = 14;
const THROTTLING_RETRY_COST = 5;

const THROTTLING = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);
/** Transient by name: timeouts, a network failure (see client.ts), and DynamoDB's one error marked retryable. */
const TRANSIENT = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'NetworkError', 'ReplicatedWriteConflictException']);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);

export type FailureKind = 'throttling' | 'transient' | 'final';

/** How the SDK classifies a failed attempt, from DynamoDB's error type and the HTTP status. */
export function classify(errorType: string, status: number | undefined): FailureKind {
  if (status === 429 || THROTTLING.has(errorType)) return 'throttling';
  if (TRANSIENT.has(errorType) || (status !== undefined && TRANSIENT_STATUS.has(status))) return 'transient';
  return 'final';
}

/** The wait before retry `retry` (0 for the first retry), full jitter as the SDK draws it. */
export function backoffMs(retry: number, kind: Exclude<FailureKind, 'final'>, random: () => number = Math.random): number {
  const base = kind === 'throttling' ? THROTTLING_BASE_MS : TRANSIENT_BASE_MS;
  return Math.floor(random() * Math.min(base * 2 ** retry, MAX_DELAY_MS));
}

/** The SDK's retry token bucket, one per client. */
export class RetryQuota {
  private tokens = QUOTA;

  /** Takes the tokens a retry of this kind costs and returns how many; undefined (taking none) when too few are left. */
  take(kind: Exclude<FailureKind, 'final'>): number | undefined {
    const cost = kind === 'throttling' ? THROTTLING_RETRY_COST : RETRY_COST;
    if (this.tokens < cost) return undefined;
    this.tokens -= cost;
    return cost;
  }

  /** A call succeeded: gives back what its last retry cost, or 1 when it needed none. */
  succeeded(lastRetryCost: number | undefined): void {
    this.tokens = Math.min(QUOTA, this.tokens + (lastRetryCost ?? 1));
  }

  get available(): number {
    return this.tokens;
  }
}
