// Counts of open things per key (connections per board, per IP address), refusing one
// more past a maximum. Keys with a count of zero are forgotten, so the map cannot grow
// with every address that ever connected.
export class BoundedCounts {
  private readonly counts = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Counts one more for `key`, or returns false (counting nothing) when at the maximum. */
  tryAdd(key: string): boolean {
    const count = this.counts.get(key) ?? 0;
    if (count >= this.max) return false;
    this.counts.set(key, count + 1);
    return true;
  }

  remove(key: string): void {
    const count = (this.counts.get(key) ?? 0) - 1;
    if (count > 0) this.counts.set(key, count);
    else this.counts.delete(key);
  }
}

/** Events per key within a sliding minute (boards created per IP address). */
export class PerMinute {
  private readonly times = new Map<string, number[]>();

  constructor(private readonly max: number) {}

  /** Records an event for `key`, or returns false when it already had `max` this minute. */
  tryRecord(key: string, now = Date.now()): boolean {
    const recent = (this.times.get(key) ?? []).filter((at) => now - at < 60_000);
    if (recent.length >= this.max) {
      this.times.set(key, recent);
      return false;
    }
    recent.push(now);
    this.times.set(key, recent);
    this.forgetOld(now);
    return true;
  }

  private forgetOld(now: number): void {
    for (const [key, times] of this.times) {
      if (times.every((at) => now - at >= 60_000)) this.times.delete(key);
    }
  }
}
