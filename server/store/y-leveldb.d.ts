// y-leveldb ships types, but its package.json "exports" hides them from TypeScript's
// bundler resolution. This declares the part the store uses, as in
// node_modules/y-leveldb/dist/src/y-leveldb.d.ts, with the queue's null-on-error made explicit.
declare module 'y-leveldb' {
  /** The LevelDB handle y-leveldb passes to a queued step. */
  export interface LevelDatabase {
    open(): Promise<void>;
    /** Writes every operation or none; keys and values go through y-leveldb's encodings. */
    batch(operations: { type: 'put'; key: (string | number)[]; value: Uint8Array }[]): Promise<void>;
  }

  export class LeveldbPersistence {
    constructor(location: string, options?: { levelOptions?: object });
    /** Runs `f` in y-leveldb's single queue; resolves with null when `f` threw. */
    _transact<T>(f: (db: LevelDatabase) => Promise<T>): Promise<T | null>;
    flushDocument(docName: string): Promise<void>;
    /** The stored update's clock, or null when the write failed. */
    storeUpdate(docName: string, update: Uint8Array): Promise<number | null>;
    setMeta(docName: string, metaKey: string, value: unknown): Promise<void>;
    /** undefined when absent, null when the read failed. */
    getMeta(docName: string, metaKey: string): Promise<unknown>;
    /** Every document (board) with anything stored; tests count boards with it. */
    getAllDocNames(): Promise<string[]>;
    destroy(): Promise<void>;
  }

  export function getLevelUpdates(db: LevelDatabase, docName: string): Promise<Uint8Array[]>;
  /** The clock of the board's last log entry; -1 when it has none. */
  export function getCurrentUpdateClock(db: LevelDatabase, docName: string): Promise<number>;
}
