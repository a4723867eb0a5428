// A bare websocket to the relay, for what a stock provider would never send.
import { WebSocket } from 'ws';

export interface CloseInfo {
  code: number;
  reason: string;
}

export function openRawSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves with the close code and reason the relay sent. */
export function closeOf(socket: WebSocket): Promise<CloseInfo> {
  return new Promise((resolve) => {
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

/** Opens a socket and waits for the relay to close it. */
export async function closeReceivedAt(url: string): Promise<CloseInfo> {
  const socket = new WebSocket(url);
  socket.on('error', () => {});
  return closeOf(socket);
}
