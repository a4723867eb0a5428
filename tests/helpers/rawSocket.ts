// A bare websocket to the relay, for what a stock provider would never send.
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { messageWorkshop } from '../../shared/protocol.ts';
import { readWorkshopNotice } from '../../shared/workshopMessages.ts';

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

/**
 * Opens a socket and waits for the relay's first message (its sync step 1), which it sends
 * once it has admitted the socket to the board. The relay checks access asynchronously, so
 * sockets opened one after another may be admitted in another order: a test that fills a
 * board to its limit waits for this before opening the one that must be refused.
 */
export async function openJoinedSocket(url: string): Promise<WebSocket> {
  const socket = await openRawSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('message', () => resolve());
    socket.once('close', (code) => reject(new Error(`the relay closed the socket (${code}) instead of admitting it`)));
  });
  return socket;
}

/** The reasons the relay gives the socket from now on for changes it cut out of its updates (the socket kept). */
export function refusalsOf(socket: WebSocket): string[] {
  const reasons: string[] = [];
  socket.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== messageWorkshop) return;
    const notice = readWorkshopNotice(decoder);
    if (notice.kind === 'changeRefused') reasons.push(notice.reason);
  });
  return reasons;
}
