// Latencies kept as counts in fixed 10 µs buckets: a run of a million samples costs the
// same memory as ten, and histograms from several client processes merge by adding.
const BUCKET_MS = 0.01;
/** Latencies past this land in the last bucket; a run that slow has failed anyway. */
const MAX_MS = 10_000;

export class LatencyHistogram {
  private readonly counts = new Map<number, number>();
  private total = 0;

  add(latencyMs: number): void {
    const bucket = Math.min(Math.max(0, Math.round(latencyMs / BUCKET_MS)), MAX_MS / BUCKET_MS);
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + 1);
    this.total++;
  }

  /** [bucket, count] pairs: small enough to send between processes. */
  entries(): [number, number][] {
    return Array.from(this.counts);
  }

  merge(entries: readonly [number, number][]): void {
    for (const [bucket, count] of entries) {
      this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + count);
      this.total += count;
    }
  }

  get size(): number {
    return this.total;
  }

  /** The latency in ms below which p percent of the samples fall; NaN when empty. */
  percentile(p: number): number {
    if (this.total === 0) return NaN;
    const rank = Math.min(this.total - 1, Math.floor((p / 100) * this.total));
    let seen = 0;
    for (const bucket of Array.from(this.counts.keys()).sort((a, b) => a - b)) {
      seen += this.counts.get(bucket)!;
      if (seen > rank) return bucket * BUCKET_MS;
    }
    return MAX_MS;
  }
}
