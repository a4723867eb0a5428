// A message going to every person on a board, framed once as a websocket frame and written
// as the same bytes to each of their sockets. Sent through ws one socket at a time, each
// copy cost a frame header, an options object and two socket writes: on a board of 50,
// the largest share of the relay's work per update after the store's (docs/performance.md).
// The framing is RFC 6455 §5.2 for a server: one final binary frame, never masked. Writing
// on the socket beside ws is safe because ws writes every frame of its own whole and at
// once: it queues only to compress (off on our server, relay.ts) or to read a Blob (we send
// none), so no frame of ours can land inside one of its frames.
import type { Socket } from 'node:net';

const FIN_BINARY = 0x82;

export class SharedFrame {
  private bytes: Buffer | null = null;

  constructor(readonly message: Uint8Array) {}

  /** The frame's bytes, made on first use: a board with one person here frames nothing. */
  get frame(): Buffer {
    return (this.bytes ??= binaryFrame(this.message));
  }

  writeTo(socket: Socket): void {
    socket.write(this.frame);
  }
}

/** One unmasked, final binary frame holding `message` (RFC 6455 §5.2). */
export function binaryFrame(message: Uint8Array): Buffer {
  const length = message.length;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = FIN_BINARY;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.set(message, headerLength);
  return frame;
}
