// A large message to a browser that reads compressed ones (shared/protocol.ts,
// messageCompressed): a board's first state is most of what a newcomer waits for, and it
// compresses about 12× — 6.2 MB for 2,000 beliefs × 30 people leaves as 0.5 MB, which on
// a home connection is the difference between seconds and a fraction of one. Deflate at
// level 1: 12–19 ms for those 6 MB on this machine against 42–58 at the default level, for
// 0.53 MB instead of 0.42, and the whole board's reply is compressed once for every
// newcomer (wholeBoard.ts).
// Not the websocket's own permessage-deflate: ws would compress every socket's copy of a
// reply on its own, keep a zlib context for each socket, and compress asynchronously, so
// the frames the relay writes beside ws (frames.ts) could overtake a reply still being
// compressed. Browsers would compress what they send too, which the relay would then have
// to inflate: here it inflates nothing a client sends.
import * as encoding from 'lib0/encoding';
import { deflateRawSync } from 'node:zlib';
import { messageCompressed } from '../../shared/protocol.ts';

/** Below this a message goes as it is: compressing it would save less than it costs. */
export const COMPRESS_MIN_BYTES = 1024;

/** `message` as a messageCompressed message, or as it is when it is small. */
export function compressedMessage(message: Uint8Array): Uint8Array {
  if (message.length < COMPRESS_MIN_BYTES) return message;
  const deflated = deflateRawSync(message, { level: 1 });
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageCompressed);
  encoding.writeVarUint(encoder, message.length);
  encoding.writeVarUint8Array(encoder, deflated);
  return encoding.toUint8Array(encoder);
}
