// The HTTP side of a board link: which role my secret grants, and (facilitator only) new
// participant and view-only links. The secret goes in the Authorization header, never in
// a URL. Failures come back as sentences a person can act on.
import { bearer, isRole } from '../../shared/access.ts';
import { isItemId } from '../../shared/ids.ts';
import type { AccessResponse, RotateResponse } from '../../shared/protocol.ts';

export class AccessRequestError extends Error {}

/** Answers asked for before the board's code loaded (askRoleEarly), by board and secret. */
const early = new Map<string, Promise<AccessResponse | 'refused'>>();

/**
 * Asks what my link grants as the page starts, before React and the board's code have
 * loaded: the server starts loading the board when asked (server/http/accessRoutes.ts),
 * so it is ready when the board's socket connects — unless `drawsCopy`: this page fetches
 * the relay's copy of the board and connects once it has drawn it, and the server then
 * loads the board only if it has no copy to give (server/http/accessRoutes.ts). The page's
 * own question takes this answer.
 */
export function askRoleEarly(boardId: string, secret: string, drawsCopy = false): void {
  const asked = fetchRole(boardId, secret, false, drawsCopy);
  // Nobody may take it (the page moved on); its failure is then nobody's to report.
  asked.catch(() => {});
  early.set(`${boardId} ${secret}`, asked);
}

/**
 * What my link grants on the board, or 'refused' when the server says the link is not
 * valid; `withTitle` asks for the board's title too (it costs the server a board load).
 */
export function requestRole(boardId: string, secret: string, withTitle = false): Promise<AccessResponse | 'refused'> {
  const key = `${boardId} ${secret}`;
  const asked = withTitle ? undefined : early.get(key);
  if (!asked) return fetchRole(boardId, secret, withTitle);
  early.delete(key);
  return asked;
}

async function fetchRole(boardId: string, secret: string, withTitle: boolean, drawsCopy = false): Promise<AccessResponse | 'refused'> {
  const query = withTitle ? '?title=1' : drawsCopy ? '?copy=1' : '';
  const response = await fetch(`/api/boards/${boardId}/access${query}`, { headers: { Authorization: bearer(secret) } });
  if (response.status === 401 || response.status === 404) return 'refused';
  const body = (await response.json().catch(() => null)) as Partial<AccessResponse> | null;
  if (!response.ok || !isRole(body?.role)) throw new AccessRequestError(`The server answered ${response.status}.`);
  const participant = body.participant;
  return {
    role: body.role,
    ...(participant && isItemId(participant.id) && typeof participant.name === 'string' ? { participant: { id: participant.id, name: participant.name } } : {}),
    ...(body.sharedLinkViewsOnly === true ? { sharedLinkViewsOnly: true } : {}),
    ...(typeof body.title === 'string' ? { title: body.title } : {}),
  };
}

/** Replaces the participant and view-only links; the old ones stop working at once. */
export async function requestNewLinks(boardId: string, facilitatorSecret: string): Promise<RotateResponse['links']> {
  let response: Response;
  try {
    // No body, but every POST must say JSON: the server refuses what another site's page could send.
    response = await fetch(`/api/boards/${boardId}/rotate`, {
      method: 'POST',
      headers: { Authorization: bearer(facilitatorSecret), 'Content-Type': 'application/json' },
    });
  } catch {
    throw new AccessRequestError('Could not reach the Beliefmap server. Check your connection and try again.');
  }
  const body = (await response.json().catch(() => null)) as (Partial<RotateResponse> & { error?: unknown }) | null;
  if (!response.ok || typeof body?.links?.edit !== 'string' || typeof body.links.view !== 'string') {
    const detail = typeof body?.error === 'string' ? body.error : `the server answered ${response.status}`;
    throw new AccessRequestError(`Could not make new links: ${detail.replace(/\.$/, '')}.`);
  }
  return body.links;
}
