// Asks the relay for a new board and opens it. Failures come back as sentences a person can act on.
import { ROLES, secretFromFragment } from '../../shared/access.ts';
import type { CreateBoardRequest, CreateBoardResponse } from '../../shared/protocol.ts';
import { rememberLinks } from '../state/boardKeys.ts';
import { navigate } from '../state/route.ts';

export class CreateBoardError extends Error {}

export async function requestNewBoard(request: CreateBoardRequest): Promise<CreateBoardResponse> {
  let response: Response;
  try {
    response = await fetch('/api/boards', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
  } catch {
    throw new CreateBoardError('Could not reach the Beliefmap server. Check your connection and try again.');
  }
  const body = (await response.json().catch(() => null)) as (Partial<CreateBoardResponse> & { error?: unknown }) | null;
  if (!response.ok) {
    const detail = typeof body?.error === 'string' ? body.error : `the server answered ${response.status}`;
    throw new CreateBoardError(`Could not create the board: ${detail.replace(/\.$/, '')}.`);
  }
  const links = body?.links;
  if (typeof body?.url !== 'string' || typeof body.id !== 'string' || !links || ROLES.some((role) => typeof links[role] !== 'string')) {
    throw new CreateBoardError('The server created a board but did not say where it is. Try again.');
  }
  return { id: body.id, url: body.url, links };
}

/**
 * Opens a board this browser just created: it keeps every link (the facilitator shares
 * the participant and view-only ones later), then goes to the facilitator link.
 */
export function openNewBoard(board: CreateBoardResponse): void {
  const link = new URL(board.url, location.href);
  rememberLinks(board.id, board.links, secretFromFragment(link.hash) ?? undefined);
  navigate(link.pathname + link.hash);
}
