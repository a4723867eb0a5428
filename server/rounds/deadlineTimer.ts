// Round deadlines reveal even when nobody is connected and after a restart: each board's
// deadline is kept in a small index in the store, and one timer per board with a deadline
// asks the relay to reveal it then (loading the board if need be). With several relays on
// one store, each reads the index again every DEADLINE_POLL_MS, so a deadline another relay
// set (one since gone, say) is armed here too; every relay tries, and the reveal — a
// decision under the board's lock that finds the round still open — happens once.
import type { BoardStore } from '../store/boardStore.ts';

/** setTimeout takes at most 2^31−1 ms (~24.8 days); longer deadlines re-arm on the way. */
const LONGEST_TIMEOUT_MS = 2 ** 31 - 1;
/** How often a relay of a cluster reads the index of deadlines again. */
export const DEADLINE_POLL_MS = 1_000;

export class DeadlineTimer {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The deadline each timer is armed for. */
  private readonly armedAt = new Map<string, number>();
  private poller: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly store: BoardStore,
    private readonly reveal: (boardId: string) => Promise<void>,
    private readonly log: (line: string) => void,
    /** Other relays set deadlines in the same store: read it again now and then. */
    private readonly poll = false,
  ) {}

  /** Schedules every deadline in the store; ones that passed while the relay was down fire now. */
  async start(): Promise<void> {
    await this.readIndex(false);
    if (this.poll && !this.closed) {
      this.poller = setInterval(() => {
        this.readIndex(true).catch((error: unknown) => this.log(`could not read the round deadlines (${String(error)})`));
      }, DEADLINE_POLL_MS);
      this.poller.unref();
    }
  }

  private async readIndex(forgetMissing: boolean): Promise<void> {
    const index = await this.store.loadDeadlines();
    for (const [boardId, at] of index) {
      if (this.armedAt.get(boardId) !== at) {
        this.disarm(boardId);
        this.arm(boardId, at);
      }
    }
    if (forgetMissing) for (const boardId of Array.from(this.armedAt.keys())) if (!index.has(boardId)) this.disarm(boardId);
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
    if (this.poller) clearInterval(this.poller);
    for (const boardId of Array.from(this.timers.keys())) this.disarm(boardId);
  }

  private arm(boardId: string, at: number): void {
    if (this.closed) return;
    const wait = Math.max(0, at - Date.now());
    const timer = setTimeout(() => {
      this.timers.delete(boardId);
      this.armedAt.delete(boardId);
      if (wait > LONGEST_TIMEOUT_MS) return this.arm(boardId, at);
      this.reveal(boardId).catch((error: unknown) => {
        this.log(`board ${boardId}: could not reveal the round at its deadline (${String(error)})`);
      });
    }, Math.min(wait, LONGEST_TIMEOUT_MS));
    // A pending deadline must not keep a stopping process alive.
    timer.unref();
    this.timers.set(boardId, timer);
    this.armedAt.set(boardId, at);
  }

  private disarm(boardId: string): void {
    clearTimeout(this.timers.get(boardId));
    this.timers.delete(boardId);
    this.armedAt.delete(boardId);
  }
}
