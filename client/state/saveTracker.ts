// "Saved means stored", client side: counts my changes and learns from the relay which of
// them are stored. After each burst of changes (and after every sync) the tracker sends a
// messageStored request on the provider's socket, behind the updates it covers; the relay
// answers only once those are in its store. One request is in flight at a time, so a
// burst of typing costs one round trip, not one per keystroke. What it reports to people is
// how many *things* are unconfirmed — notes, positions, the title (shared/changedItems.ts) —
// not how many transactions: a sentence typed offline is one change, not forty.
// No DOM here: the browser session and the Node tests use the same class.
import type * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { watchChangedItems } from '../../shared/changedItems.ts';
import { encodeStoredRequest, readStoredConfirmation } from '../../shared/storedConfirmation.ts';
import { onStoredConfirmation } from './channels.ts';

/** Changes made on this device in an earlier page, still unconfirmed when it closed. */
export interface InheritedChanges {
  count: number;
  /** Called once a confirmation covers them (they were in the doc when it was asked). */
  confirmed(): void;
}

interface InFlight {
  token: number;
  /** My changes made before the request. */
  upTo: number;
  /** This tab's Yjs client id and its next clock then: what the stored state must reach. */
  client: number;
  clock: number;
  coversInherited: boolean;
}

/**
 * How long to wait before asking again when an answer shows the relay does not hold my
 * changes yet (it holds them back, or asked for them again): they are not "saved" until it does.
 */
const NOT_YET_RETRY_MS = 1_000;

export class SaveTracker {
  private made = 0;
  private confirmed = 0;
  private inherited: InheritedChanges | null;
  private inFlight: InFlight | null = null;
  private nextToken = 1;
  private readonly listeners = new Set<() => void>();
  private readonly stopConfirmations: () => void;
  private readonly stopWatching: () => void;
  /** Each thing I changed that the relay has not confirmed, with the number of my last change to it. */
  private readonly touched = new Map<string, number>();
  /** The number of my last change the watcher named things for. */
  private lastNamed = 0;
  /** The relay's stored state vector from its latest confirmation; tests read it. */
  lastStoredStateVector: Uint8Array | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly provider: WebsocketProvider,
    private readonly doc: Y.Doc,
    /** Whether a transaction origin is mine (my edits, my undo), as opposed to remote or restored. */
    private readonly isMine: (origin: unknown) => boolean,
    inherited: InheritedChanges | null = null,
  ) {
    this.inherited = inherited && inherited.count > 0 ? inherited : null;
    this.stopConfirmations = onStoredConfirmation(provider, (decoder) => this.onConfirmation(decoder));
    // Runs before the transaction's 'update': the things it changed belong to change number made + 1.
    this.stopWatching = watchChangedItems(doc, isMine, (items) => {
      for (const item of items) this.touched.set(item, this.made + 1);
      this.lastNamed = this.made + 1;
    });
    doc.on('update', this.onUpdate);
    provider.on('sync', this.onSync);
    provider.on('status', this.onStatus);
  }

  /** My changes on this device that the relay has not confirmed as stored. */
  get unconfirmed(): number {
    return this.made - this.confirmed + (this.inherited?.count ?? 0);
  }

  /**
   * The things (notes, positions, settings) my unconfirmed changes touched, plus those an
   * earlier page left unconfirmed: what "N changes kept on this device" counts.
   */
  get unconfirmedThings(): number {
    return this.touched.size + (this.inherited?.count ?? 0);
  }

  /** Changes made in this page so far; the crash test compares it with `confirmedCount`. */
  get madeCount(): number {
    return this.made;
  }

  get confirmedCount(): number {
    return this.confirmed;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    if (this.retry) clearTimeout(this.retry);
    this.stopConfirmations();
    this.stopWatching();
    this.doc.off('update', this.onUpdate);
    this.provider.off('sync', this.onSync);
    this.provider.off('status', this.onStatus);
    this.listeners.clear();
  }

  private readonly onUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (!this.isMine(origin)) return;
    this.made++;
    // A change the watcher could not name (outside the board's roots) still counts as one.
    if (this.lastNamed !== this.made) this.touched.set(`change:${this.made}`, this.made);
    // The provider's own update listener was registered first, so the update is already on
    // the socket and this request travels behind it.
    this.request();
    this.notify();
  };

  private readonly onSync = (synced: boolean): void => {
    // Whatever the relay lacked went out in our sync step 2, before this request.
    if (synced) this.request();
  };

  private readonly onStatus = ({ status }: { status: string }): void => {
    // An answer cannot arrive on a closed socket; ask again on the next connection.
    if (status === 'disconnected') this.inFlight = null;
  };

  private request(): void {
    const ws = this.provider.ws;
    if (this.inFlight || !this.provider.synced || !ws || ws.readyState !== ws.OPEN) return;
    const client = this.doc.clientID;
    const clock = Y.decodeStateVector(Y.encodeStateVector(this.doc)).get(client) ?? 0;
    this.inFlight = { token: this.nextToken++, upTo: this.made, client, clock, coversInherited: this.inherited !== null };
    ws.send(encodeStoredRequest(this.inFlight.token));
  }

  private onConfirmation(decoder: decoding.Decoder): void {
    const { token, storedStateVector } = readStoredConfirmation(decoder);
    const answered = this.inFlight;
    if (!answered || answered.token !== token) return;
    this.inFlight = null;
    this.lastStoredStateVector = storedStateVector;
    // The answer comes once everything the relay took before it is stored; what it did not
    // take (held back until a colleague's lost change returns, asked for again) is not in
    // the state it sends, and stays unsaved here until a later answer shows it.
    if ((Y.decodeStateVector(storedStateVector).get(answered.client) ?? 0) < answered.clock) {
      this.retry ??= setTimeout(() => {
        this.retry = null;
        this.request();
      }, NOT_YET_RETRY_MS);
      return;
    }
    this.confirmed = Math.max(this.confirmed, answered.upTo);
    for (const [item, change] of this.touched) if (change <= this.confirmed) this.touched.delete(item);
    if (answered.coversInherited && this.inherited) {
      this.inherited.confirmed();
      this.inherited = null;
    }
    if (this.made > this.confirmed) this.request();
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
