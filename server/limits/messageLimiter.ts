// The per-connection limits on what arrives: messages and bytes per second (token
// buckets), and the size and rate of awareness (presence) messages. Checked on every
// message before it is decoded, so a flood costs the relay almost nothing.
import { CLOSE } from '../../shared/protocol.ts';
import { messageAwareness } from '../relay/messages.ts';
import type { RelayLimits } from './relayLimits.ts';
import { TokenBucket } from './tokenBucket.ts';

export class MessageLimiter {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;
  private readonly awareness: TokenBucket;

  constructor(private readonly limits: RelayLimits) {
    this.messages = new TokenBucket(limits.messageBurst, limits.messagesPerSecond);
    this.bytes = new TokenBucket(limits.byteBurst, limits.bytesPerSecond);
    this.awareness = new TokenBucket(limits.awarenessBurst, limits.awarenessPerSecond);
  }

  /** The close code for a message past a limit, or null when it may be handled. */
  check(message: Uint8Array): number | null {
    if (!this.messages.take(1) || !this.bytes.take(message.length)) return CLOSE.tooFast;
    // The type is a varuint; awareness (1) is its first byte whole.
    if (message[0] === messageAwareness) {
      if (message.length > this.limits.maxAwarenessBytes) return CLOSE.limit;
      if (!this.awareness.take(1)) return CLOSE.tooFast;
    }
    return null;
  }
}
