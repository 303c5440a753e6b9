/** The Platform API's budget of requests per token, and how fast it refills. */
export const RATE_LIMIT_BUDGET = 4500
export const RATE_LIMIT_REFILL_PER_MINUTE = 75

export const RATE_LIMIT_MESSAGE = 'Your account reached the API rate limit. Please wait a few minutes before making new requests.'

/**
 * A token's request budget, as the Platform API keeps it: every request spends one, the budget
 * refills continuously at 75 a minute up to 4500. It follows the machine clock, not the simulated
 * one: a limit is about how fast a client calls, and the manual clock would never refill it.
 */
export class RateLimiter {
  private available: number
  private updatedAt: number

  constructor(start: number = RATE_LIMIT_BUDGET, private readonly wall: () => number = Date.now) {
    this.available = Math.min(Math.max(start, 0), RATE_LIMIT_BUDGET)
    this.updatedAt = wall()
  }

  /** Whole requests left now (what `RateLimit-Remaining` says). */
  remaining(): number {
    this.refill()
    return Math.floor(this.available)
  }

  /** Spends one request; false (nothing spent) when the budget is spent. */
  spend(): boolean {
    this.refill()
    if (this.available < 1) return false
    this.available -= 1
    return true
  }

  /** Sets what is left (the admin route), 0 to 4500. */
  set(remaining: number): void {
    this.available = Math.min(Math.max(remaining, 0), RATE_LIMIT_BUDGET)
    this.updatedAt = this.wall()
  }

  /** Whole seconds until one request is available again (for `Retry-After`); 0 when one is. */
  secondsUntilNext(): number {
    this.refill()
    if (this.available >= 1) return 0
    return Math.ceil(((1 - this.available) * 60) / RATE_LIMIT_REFILL_PER_MINUTE)
  }

  private refill(): void {
    const now = this.wall()
    const elapsed = Math.max(0, now - this.updatedAt)
    this.available = Math.min(RATE_LIMIT_BUDGET, this.available + (elapsed * RATE_LIMIT_REFILL_PER_MINUTE) / 60_000)
    this.updatedAt = now
  }
}
