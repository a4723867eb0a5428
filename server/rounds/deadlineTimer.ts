// Round deadlines reveal even when nobody is connected and after a restart: each board's
// deadline is kept in a small index in the store, and one timer per board with a deadline
// asks the relay to reveal it then (loading the board if need be).
import type { BoardStore } from '../store/boardStore.ts';

/** setTimeout takes at most 2^31−1 ms (~24.8 days); longer deadlines re-arm on the way. */
const LONGEST_TIMEOUT_MS = 2 ** 31 - 1;

export class DeadlineTimer {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly store: BoardStore,
    private readonly reveal: (boardId: string) => Promise<void>,
    private readonly log: (line: string) => void,
  ) {}

  /** Schedules every deadline in the store; ones that passed while the relay was down fire now. */
  async start(): Promise<void> {
    const index = await this.store.loadDeadlines();
    for (const [boardId, at] of index) {
      if (!this.timers.has(boardId)) this.arm(boardId, at);
    }
  }

  /** Sets (or, with null, clears) a board's deadline, in the store and in a timer. */
  set(boardId: string, at: number | null): void {
    this.disarm(boardId);
    if (at !== null) this.arm(boardId, at);
    this.store.saveDeadline(boardId, at).catch((error: unknown) => {
      this.log(`board ${boardId}: could not store the round deadline (${String(error)})`);
    });
  }

  close(): void {
    this.closed = true;
    for (const boardId of Array.from(this.timers.keys())) this.disarm(boardId);
  }

  private arm(boardId: string, at: number): void {
    if (this.closed) return;
    const wait = Math.max(0, at - Date.now());
    const timer = setTimeout(() => {
      this.timers.delete(boardId);
      if (wait > LONGEST_TIMEOUT_MS) return this.arm(boardId, at);
      this.reveal(boardId).catch((error: unknown) => {
        this.log(`board ${boardId}: could not reveal the round at its deadline (${String(error)})`);
      });
    }, Math.min(wait, LONGEST_TIMEOUT_MS));
    // A pending deadline must not keep a stopping process alive.
    timer.unref();
    this.timers.set(boardId, timer);
  }

  private disarm(boardId: string): void {
    clearTimeout(this.timers.get(boardId));
    this.timers.delete(boardId);
  }
}
