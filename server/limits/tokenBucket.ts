// A token bucket: `capacity` tokens, refilled at `perSecond`. A burst up to the capacity
// passes; sustained traffic passes at the refill rate; anything past that is refused.
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    now = performance.now(),
  ) {
    this.tokens = capacity;
    this.refilledAt = now;
  }

  /** Takes `cost` tokens if there are that many; false (taking none) if not. */
  take(cost = 1, now = performance.now()): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
}
