// Everything the relay sends to one socket in one turn of the event loop leaves in one
// write (one writev syscall) instead of one per message. Under load a board relays several
// updates to each person per turn, and a syscall per message was the relay's largest cost
// after the store's (docs/performance.md). The wait is until the end of the current turn
// (setImmediate), well under a millisecond.
import type { Socket } from 'node:net';

const held = new Set<Socket>();
let releaseScheduled = false;

/** Holds `socket`'s writes until the end of this turn; cheap to call before every send. */
export function holdWritesUntilTurnEnds(socket: Socket): void {
  if (held.has(socket)) return;
  socket.cork();
  held.add(socket);
  if (!releaseScheduled) {
    releaseScheduled = true;
    setImmediate(releaseAll);
  }
}

function releaseAll(): void {
  releaseScheduled = false;
  const sockets = Array.from(held);
  held.clear();
  for (const socket of sockets) socket.uncork();
}
