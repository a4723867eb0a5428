// A write that runs at once, then at most once every `everyMs`: the asks in between become
// one run when the time comes. For writes that carry a whole state (everyone's presence,
// who answered in the round, the sealed state), where each ask would otherwise send or
// store all of it again.
export class Spaced {
  private lastRun = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly everyMs: number,
    private readonly run: () => void,
  ) {}

  /** Runs now if the last run is `everyMs` old, else once when it will be. */
  ask(): void {
    if (this.timer !== null) return;
    const wait = this.lastRun + this.everyMs - performance.now();
    if (wait <= 0) this.runNow();
    else this.timer = setTimeout(() => this.runNow(), wait);
  }

  /** Whether a run waits for its time. */
  get waiting(): boolean {
    return this.timer !== null;
  }

  /** Runs now, in place of any run waiting (whoever must not wait out the time). */
  runNow(): void {
    this.cancel();
    this.lastRun = performance.now();
    this.run();
  }

  /** Drops the run waiting, if any. */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
