// y-leveldb ships types, but its package.json "exports" hides them from TypeScript's
// bundler resolution. This declares the part we use, as in
// node_modules/y-leveldb/dist/src/y-leveldb.d.ts: the store uses its key encoding (so data
// directories keep y-leveldb's layout); tests use its persistence to write and read that
// layout the way y-leveldb itself does.
declare module 'y-leveldb' {
  /** Keys as arrays of strings and 32-bit numbers, encoded as y-leveldb encodes them. */
  export const keyEncoding: {
    buffer: true;
    type: string;
    encode(key: (string | number)[]): Uint8Array;
    decode(buffer: Uint8Array): (string | number)[];
  };

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
    storeUpdate(docName: string, update: Uint8Array): Promise<number | null>;
    setMeta(docName: string, metaKey: string, value: unknown): Promise<void>;
    getMeta(docName: string, metaKey: string): Promise<unknown>;
    /** Every document (board) with anything stored; tests count boards with it. */
    getAllDocNames(): Promise<string[]>;
    destroy(): Promise<void>;
  }
}
