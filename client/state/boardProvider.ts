// The board's connection to the relay: y-websocket's WebsocketProvider, subclassed for two
// things its options cannot do. Everything here goes through its public surface: the
// `awareness` and `shouldReconnect` options, the `shouldConnect` flag, the
// 'connection-close' and 'sync' events, and its public connect(), connectBc(),
// disconnect() and destroy().
//
// 1. Reconnecting with backoff AND jitter. y-websocket 3.1 retries after
//    min(2^attempts × 100 ms, maxBackoffTime) with no randomness, so 60 browsers that lost
//    the same relay knock on it in lockstep, again and again. Its options offer a maximum,
//    not a random delay, so this class schedules the retries itself: on a lost connection
//    it clears `shouldConnect` — y-websocket's documented way to turn its own scheduled
//    retry into a no-op — and calls connect() after reconnectDelayMs (reconnect.ts).
//
// 2. No awareness echo. y-websocket sends every awareness change to the relay, including
//    the ones it just received from the relay: on a board of N people moving cursors at R Hz
//    each client would send N × R presence messages a second instead of R, and the relay's
//    awareness rate limit (shared/limits.ts AWARENESS_PER_SECOND) would close it. The relay
//    already forwards each person's presence to everyone, so the echo carries nothing new.
//    The provider sends whatever its awareness reports as 'update', so it is given an
//    awareness that does not report the changes the provider itself applied.
//
// 3. No whole document to an empty channel. y-websocket's connectBc() greets the other
//    tabs of this browser with the whole document, encoded, whether or not another tab is
//    there: for a board of 2,000 beliefs × 30 people that is 6 MB encoded on the main thread
//    (0.45 s) between the board's first state and its first drawing, for nobody, in almost
//    every page load. This class greets with its state vector and presence only, and sends
//    the whole document once another tab answers: that tab gets what it lacks as before
//    (it answers the state vector with it), and a tab that was alone pays nothing.
import * as bc from 'lib0/broadcastchannel';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { writeSyncStep1, writeSyncStep2 } from 'y-protocols/sync';
import { messageAwareness, messageQueryAwareness, messageSync, WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { reconnectDelayMs } from './reconnect.ts';

type ProviderOptions = NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>;

export interface BoardProviderOptions extends Omit<ProviderOptions, 'awareness' | 'maxBackoffTime'> {
  /** Draws the jitter of each reconnect, in [0, 1); injectable for seeded tests. */
  random?: () => number;
}

/**
 * Presence as y-websocket sees it. Its 'update' event is what the provider sends to the
 * relay (the app itself listens to 'change'), so an update the provider applied — a
 * colleague's presence from the relay or another tab, or the states it drops when the
 * socket closes — is not reported as one.
 */
export class PresenceAwareness extends Awareness {
  /** The provider whose own updates are not sent back; set once it exists. */
  sender: unknown = null;

  override emit(name: string, args: unknown[]): void {
    if (name === 'update' && this.sender !== null && args[1] === this.sender) return;
    super.emit(name, args);
  }
}

export class BoardProvider extends WebsocketProvider {
  /** Connections lost since the last one that synced: the backoff's exponent. */
  private failures = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private readonly random: () => number;

  constructor(serverUrl: string, roomName: string, doc: Y.Doc, { random = Math.random, connect = true, ...options }: BoardProviderOptions = {}) {
    const awareness = new PresenceAwareness(doc);
    // Connected below, not by y-websocket's constructor: connectBc() needs this class's fields.
    super(serverUrl, roomName, doc, { ...options, awareness, connect: false });
    awareness.sender = this;
    this.random = random;
    this.on('connection-close', (event) => this.retryLater(event));
    this.on('sync', (synced) => {
      if (synced) this.failures = 0;
    });
    if (connect) this.connect();
  }

  override connect(): void {
    this.cancelRetry();
    super.connect();
  }

  override disconnect(): void {
    this.cancelRetry();
    super.disconnect();
  }

  override destroy(): void {
    this.cancelRetry();
    super.destroy();
  }

  /**
   * connect() also greets the other tabs over the BroadcastChannel; y-websocket's own
   * retries skip that, and so do ours: the channel stays open while the socket is down, so
   * only a connect() after disconnect() greets again. The greeting is y-websocket's without
   * the whole document (see the top of this file): that goes once another tab answers.
   */
  override connectBc(): void {
    if (this.disableBc || this.bcconnected) return;
    bc.subscribe(this.bcChannel, this.fromOtherTabs);
    this.bcconnected = true;
    this.owesWholeDocument = true;
    this.publishToTabs(messageSync, (encoder) => writeSyncStep1(encoder, this.doc));
    this.publishToTabs(messageQueryAwareness, () => {});
    this.publishToTabs(messageAwareness, (encoder) => encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(this.awareness, [this.doc.clientID])));
  }

  override disconnectBc(): void {
    const connected = this.bcconnected;
    // Tells the other tabs this one's presence is gone. It unsubscribes only y-websocket's
    // own listener, which was never subscribed; this class's goes below — only while
    // connected: lib0 opens the channel of any room it is asked to unsubscribe from.
    super.disconnectBc();
    if (connected) bc.unsubscribe(this.bcChannel, this.fromOtherTabs);
  }

  /** The whole document is still owed to the first tab that answers the greeting. */
  private owesWholeDocument = false;

  /**
   * What y-websocket does with another tab's message — handled by the provider's table of
   * handlers, their answer sent back to the channel — and, at the first one, the whole
   * document: another tab is there.
   */
  private readonly fromOtherTabs = (data: ArrayBuffer, origin: unknown): void => {
    if (origin === this) return;
    if (this.owesWholeDocument) {
      this.owesWholeDocument = false;
      this.publishToTabs(messageSync, (encoder) => writeSyncStep2(encoder, this.doc));
    }
    const decoder = decoding.createDecoder(new Uint8Array(data));
    const answer = encoding.createEncoder();
    const type = decoding.readVarUint(decoder);
    const handler = this.messageHandlers[type];
    // A kind of message this page does not know (another version's tab): nothing to do.
    if (!handler) return;
    handler(answer, decoder, this, false, type);
    if (encoding.length(answer) > 1) bc.publish(this.bcChannel, encoding.toUint8Array(answer), this);
  };

  private publishToTabs(type: number, write: (encoder: encoding.Encoder) => void): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, type);
    write(encoder);
    bc.publish(this.bcChannel, encoding.toUint8Array(encoder), this);
  }

  private retryLater(event: CloseEvent | null): void {
    // Cleared: disconnect() closed it on purpose.
    if (!this.shouldConnect) return;
    this.failures++;
    this.shouldConnect = false;
    // The relay said that trying again is pointless (4400–4499: gone, refused).
    if (event && !this.shouldReconnect(event, this)) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      super.connect();
    }, reconnectDelayMs(this.failures, this.random()));
  }

  private cancelRetry(): void {
    clearTimeout(this.retry);
    this.retry = undefined;
  }
}
