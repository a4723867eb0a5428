// The board's socket, reading the relay's compressed messages (shared/protocol.ts,
// messageCompressed): a board's first state comes deflated, about 12× smaller — 0.5 MB
// instead of 6.2 for 2,000 beliefs × 30 people, which on a home connection is seconds.
// It is inflated here, below y-websocket, so the provider only ever sees the message
// inside (inflate.ts), which takes turns of its own, so the messages that come after one
// being inflated wait for it and are handed on in order.
import * as decoding from 'lib0/decoding';
import { messageCompressed } from '../../shared/protocol.ts';
import { inflate, inflates } from './inflate.ts';

type MessageListener = ((this: WebSocket, event: MessageEvent) => unknown) | null;

/** Whether this browser can inflate what the relay deflates; only then does it ask for it. */
export function readsCompressedMessages(): boolean {
  return inflates('deflate-raw');
}

/** `Base` (the browser's WebSocket, or ws in Node), inflating compressed messages before its `onmessage` sees them. */
export function inflatingWebSocket(Base: typeof WebSocket): typeof WebSocket {
  return class InflatingWebSocket extends Base {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      let listener: MessageListener = null;
      // Messages that came while one before them is inflated; null while none is.
      let held: MessageEvent[] | null = null;
      const deliver = (event: MessageEvent) => {
        // A socket closed meanwhile is done with: the provider syncs again on the next one.
        if (listener && this.readyState === Base.OPEN) listener.call(this, event);
      };
      const receive = (event: MessageEvent) => {
        if (held) {
          held.push(event);
          return;
        }
        const compressed = event.data instanceof ArrayBuffer ? compressedPayload(new Uint8Array(event.data)) : null;
        if (!compressed) {
          deliver(event);
          return;
        }
        held = [];
        inflate(compressed.deflated, compressed.length).then(
          (data) => {
            const after = held ?? [];
            held = null;
            deliver({ data } as MessageEvent);
            // Each in turn: one of them may be compressed too, and hold the rest again.
            for (const [i, next] of after.entries()) {
              const holding = held as MessageEvent[] | null;
              if (holding) {
                holding.push(...after.slice(i));
                return;
              }
              receive(next);
            }
          },
          (error: unknown) => {
            console.error('Could not inflate a compressed message from the relay', error);
            held = null;
            // Closed, so the provider connects again and the relay answers afresh.
            this.close();
          },
        );
      };
      // y-websocket listens through `onmessage`; this socket keeps that listener and calls
      // it itself, in order, with the inflated messages.
      Object.defineProperty(this, 'onmessage', {
        configurable: true,
        get: () => listener,
        set: (next: MessageListener) => {
          listener = next;
        },
      });
      this.addEventListener('message', receive);
    }
  };
}

/** The deflated message inside a messageCompressed message, and its length inflated; null for any other message. */
function compressedPayload(message: Uint8Array): { deflated: Uint8Array; length: number } | null {
  const decoder = decoding.createDecoder(message);
  if (decoding.readVarUint(decoder) !== messageCompressed) return null;
  const length = decoding.readVarUint(decoder);
  return { deflated: decoding.readVarUint8Array(decoder), length };
}
