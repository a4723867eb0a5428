// Which web pages may open a websocket to the relay. A browser always sends the page's
// Origin with a websocket upgrade and lets any site try, so without this check another
// site could open boards in a visitor's browser. Same-origin by default; ALLOWED_ORIGINS
// adds others. Clients that send no Origin (not browsers: scripts, tests) are let through,
// since they could send any Origin they like anyway.
import type { IncomingMessage } from 'node:http';

/** ALLOWED_ORIGINS: a comma-separated list such as `https://beliefs.example.org`. */
export function parseAllowedOrigins(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((origin) => origin.trim().replace(/\/$/, ''))
    .filter((origin) => origin !== '');
}

export function isAllowedOrigin(request: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
