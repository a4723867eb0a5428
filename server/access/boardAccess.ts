// Who may do what on a board: creating a board's secrets, finding the role a secret
// grants, and replacing the participant and view secrets. Used by the HTTP API and the
// relay alike, so both answer the same secret the same way.
import { boardLink, ROLES, ROTATABLE_ROLES, type Role } from '../../shared/access.ts';
import { boardPath } from '../../shared/protocol.ts';
import type { BoardStore } from '../store/boardStore.ts';
import { mintSecrets, roleForSecret } from './secrets.ts';

/** What a secret gets on a board: a role, or why not. */
export type AccessDecision = { role: Role } | { refused: 'unknown-board' | 'bad-secret' };

function linksFor<R extends Role>(boardId: string, secrets: Record<R, string>): Record<R, string> {
  const links = {} as Record<R, string>;
  for (const role of Object.keys(secrets) as R[]) links[role] = boardLink(boardPath(boardId), secrets[role]);
  return links;
}

export async function decideAccess(store: BoardStore, boardId: string, secret: unknown): Promise<AccessDecision> {
  const stored = await store.loadAccess(boardId);
  if (!stored) {
    // A board made before links had secrets has none: nothing opens it until an operator
    // mints links for it (docs/security.md, `npm run board-links`).
    return { refused: (await store.hasBoard(boardId)) ? 'bad-secret' : 'unknown-board' };
  }
  const role = roleForSecret(secret, stored);
  return role ? { role } : { refused: 'bad-secret' };
}

/** New participant and view secrets; the old ones stop working at once. Returns the new links. */
export async function rotateSecrets(store: BoardStore, boardId: string): Promise<Record<(typeof ROTATABLE_ROLES)[number], string>> {
  const current = await store.loadAccess(boardId);
  if (!current) throw new Error(`The board ${boardId} has no secrets to rotate.`);
  const { secrets, hashes } = mintSecrets(ROTATABLE_ROLES);
  await store.saveAccess(boardId, { ...current, ...hashes });
  return linksFor(boardId, secrets);
}

/** Replaces all three secrets (a new board, or an operator recovering one); returns the links. */
export async function mintAllSecrets(store: BoardStore, boardId: string): Promise<Record<Role, string>> {
  const { secrets, hashes } = mintSecrets(ROLES);
  await store.saveAccess(boardId, hashes);
  return linksFor(boardId, secrets);
}
