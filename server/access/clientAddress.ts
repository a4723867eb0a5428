// Whose request this is, for the per-address limits (connections per address, boards
// created per minute). Behind a reverse proxy every request comes from the proxy; with
// TRUST_PROXY listing the proxies' addresses, the address they saw is read from
// X-Forwarded-For — but only when the request really comes from one of them, and only the
// part they appended: each proxy appends the address it received from, so the right-most
// address not itself a trusted proxy is the client. Anyone else's X-Forwarded-For is
// ignored (a client could write anything there).
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** TRUST_PROXY: comma-separated addresses, e.g. `127.0.0.1,10.0.0.2`. */
export function parseTrustedProxies(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((address) => normalize(address.trim()))
    .filter((address) => address !== '');
}

/** IPv4 clients on a dual-stack socket show as ::ffff:1.2.3.4; one form for both. */
function normalize(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

export function clientAddress(request: IncomingMessage, trustedProxies: readonly string[]): string {
  const peer = normalize(request.socket.remoteAddress ?? 'unknown');
  if (trustedProxies.length === 0 || !trustedProxies.includes(peer)) return peer;
  const forwarded = request.headers['x-forwarded-for'];
  const hops = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
    .split(',')
    .map((hop) => normalize(hop.trim()))
    .filter((hop) => isIP(hop) !== 0);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trustedProxies.includes(hops[i])) return hops[i];
  }
  return hops[0] ?? peer;
}
