// Who may do what on a board: creating a board's secrets, finding the role a secret
// grants, replacing the participant and view secrets, and the facilitator's personal
// participant links. Used by the HTTP API and the relay alike, so both answer the same
// secret the same way.
import { boardLink, ROLES, ROTATABLE_ROLES, type Role } from '../../shared/access.ts';
import { newId, newSecret } from '../../shared/ids.ts';
import { MAX_DISPLAY_NAME, MAX_PERSONAL_LINKS } from '../../shared/limits.ts';
import { boardPath } from '../../shared/protocol.ts';
import type { BoardStore } from '../store/boardStore.ts';
import { hashSecret, mintSecrets, personalLinkForSecret, roleForSecret, type AccessHashes, type PersonalLink } from './secrets.ts';

/**
 * What a secret gets on a board: a role (with the participant a personal link names), or
 * why not. `sharedLinkViewsOnly`: the shared participant link was used on a board that
 * takes answers through personal links only, so it views.
 */
export type AccessDecision =
  | { role: Role; personal: { participantId: string; name: string } | null; sharedLinkViewsOnly: boolean }
  | { refused: 'unknown-board' | 'bad-secret' };

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
  const personal = personalLinkForSecret(secret, stored.personal ?? []);
  if (role) {
    const viewsOnly = role === 'edit' && stored.personalOnly === true;
    return { role: viewsOnly ? 'view' : role, personal: null, sharedLinkViewsOnly: viewsOnly };
  }
  if (personal) return { role: 'edit', personal: { participantId: personal.participantId, name: personal.name }, sharedLinkViewsOnly: false };
  return { refused: 'bad-secret' };
}

/** New participant and view secrets; the old ones stop working at once. Returns the new links. */
export function rotateSecrets(store: BoardStore, boardId: string): Promise<Record<(typeof ROTATABLE_ROLES)[number], string>> {
  return oneAtATime(boardId, async () => {
    const current = await store.loadAccess(boardId);
    if (!current) throw new Error(`The board ${boardId} has no secrets to rotate.`);
    const { secrets, hashes } = mintSecrets(ROTATABLE_ROLES);
    await store.saveAccess(boardId, { ...current, ...hashes });
    return linksFor(boardId, secrets);
  });
}

/** Replaces all three secrets (a new board, or an operator recovering one); returns the links. */
export async function mintAllSecrets(store: BoardStore, boardId: string): Promise<Record<Role, string>> {
  const { secrets, hashes } = mintSecrets(ROLES);
  const current = await store.loadAccess(boardId);
  await store.saveAccess(boardId, { ...current, ...hashes });
  return linksFor(boardId, secrets);
}

export class PersonalLinkError extends Error {}

/**
 * Changes of one board's links run one after another: each reads the record and writes it
 * back whole, so two at once must not each write a record without the other's change.
 */
const accessWrites = new Map<string, Promise<unknown>>();

function oneAtATime<T>(boardId: string, change: () => Promise<T>): Promise<T> {
  const previous = accessWrites.get(boardId) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(change);
  const settled = next.catch(() => undefined);
  accessWrites.set(boardId, settled);
  void settled.then(() => {
    if (accessWrites.get(boardId) === settled) accessWrites.delete(boardId);
  });
  return next;
}

/** A new personal participant link for `name`, bound to a new participant id. */
export function mintPersonalLink(store: BoardStore, boardId: string, name: string): Promise<{ participantId: string; name: string; link: string }> {
  return oneAtATime(boardId, async () => {
    const current = await store.loadAccess(boardId);
    if (!current) throw new Error(`The board ${boardId} has no links.`);
    const trimmed = name.trim();
    if (trimmed === '' || Array.from(trimmed).length > MAX_DISPLAY_NAME) {
      throw new PersonalLinkError(`A personal link needs the person's name, 1–${MAX_DISPLAY_NAME} characters.`);
    }
    const links = current.personal ?? [];
    if (links.length >= MAX_PERSONAL_LINKS) throw new PersonalLinkError(`This board already has ${MAX_PERSONAL_LINKS} personal links, the most it keeps.`);
    const secret = newSecret();
    const link: PersonalLink = { participantId: newId(), name: trimmed, hash: hashSecret(secret), createdAt: Date.now() };
    await store.saveAccess(boardId, { ...current, personal: [...links, link] });
    return { participantId: link.participantId, name: link.name, link: boardLink(boardPath(boardId), secret) };
  });
}

/** Withdraws a personal link; returns whether there was one for that participant. */
export function revokePersonalLink(store: BoardStore, boardId: string, participantId: string): Promise<boolean> {
  return oneAtATime(boardId, async () => {
    const current = await store.loadAccess(boardId);
    if (!current) return false;
    const links = current.personal ?? [];
    const kept = links.filter((link) => link.participantId !== participantId);
    if (kept.length === links.length) return false;
    await store.saveAccess(boardId, { ...current, personal: kept });
    return true;
  });
}

/** Turns "personal links only" on or off. */
export function setPersonalOnly(store: BoardStore, boardId: string, on: boolean): Promise<void> {
  return oneAtATime(boardId, async () => {
    const current: AccessHashes | null = await store.loadAccess(boardId);
    if (!current) throw new Error(`The board ${boardId} has no links.`);
    await store.saveAccess(boardId, { ...current, personalOnly: on });
  });
}
