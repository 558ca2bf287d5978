/** How the sender spaces out attempts at one email. */
export interface RetryPolicy {
  /** Milliseconds before the first retry; each further one waits twice as long. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Milliseconds after the email was written when it is given up. */
  periodMs: number;
}

/** The wait after the `attempts`-th failed attempt: exponential, capped, never negative. */
export function retryDelay(policy: RetryPolicy, attempts: number): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  return Math.min(policy.initialDelayMs * 2 ** exponent, policy.maxDelayMs);
}

/** Whether an email written at `createdAt` has run out of retries at `now`. */
export function retriesExhausted(policy: RetryPolicy, createdAt: number, now: number): boolean {
  return now - createdAt >= policy.periodMs;
}
