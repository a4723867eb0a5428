// One decision at a time per board within this process: each board's decisions run one
// after another, in the order they were asked for. The embedded store needs nothing more
// (one process holds a data directory); the PostgreSQL store takes this lock first, so a
// relay holds at most one database connection per board for its decisions.
export class LocalBoardLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(id: string, decide: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(id) ?? Promise.resolve();
    const result = previous.then(() => decide());
    const tail = result.catch(() => undefined);
    this.tails.set(id, tail);
    void tail.then(() => {
      if (this.tails.get(id) === tail) this.tails.delete(id);
    });
    return result;
  }
}
