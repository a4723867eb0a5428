// The link secrets this browser holds, per board, so that reopening a board (a reload,
// "Your boards") keeps the access its link gave. Kept in localStorage: the same place
// that already remembers the board, readable only by this origin, whose CSP allows no
// inline or foreign script. A facilitator also keeps the links they may share.
import { isAccessSecret, isRole, secretFromFragment, type Role } from '../../shared/access.ts';
import { isItemId } from '../../shared/ids.ts';

const KEY = 'beliefmap.boardKeys.v1';

interface BoardKey {
  secret: string;
  /** Links this browser may hand out (the facilitator's, after creating or rotating). */
  links: Partial<Record<Role, string>>;
  /** The role the server last granted this secret, so a page loaded offline can still edit. */
  role?: Role;
  /** A personal link's participant: on this board this browser answers as them. */
  participant?: { id: string; name: string };
}

function loadAll(): Record<string, BoardKey> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    // Keep only well-formed entries: another version or a hand edit must not break boards.
    const out: Record<string, BoardKey> = {};
    for (const [id, value] of Object.entries(parsed as Record<string, Partial<BoardKey>>)) {
      if (!isAccessSecret(value?.secret)) continue;
      const links: Partial<Record<Role, string>> = {};
      for (const [role, link] of Object.entries(value.links ?? {})) if (isRole(role) && typeof link === 'string') links[role] = link;
      const participant = isItemId(value.participant?.id) && typeof value.participant?.name === 'string' ? { participant: { id: value.participant.id, name: value.participant.name } } : {};
      out[id] = { secret: value.secret, links, ...(isRole(value.role) ? { role: value.role } : {}), ...participant };
    }
    return out;
  } catch {
    return {};
  }
}

function saveAll(all: Record<string, BoardKey>): void {
  localStorage.setItem(KEY, JSON.stringify(all));
}

/**
 * The secret to open a board with: the one in the address bar's fragment when there is
 * one (a link just followed wins over an older one), else the one kept from before.
 */
export function boardSecret(boardId: string): string | null {
  const fromLink = secretFromFragment(location.hash);
  const all = loadAll();
  if (fromLink && all[boardId]?.secret !== fromLink) {
    // A different link for this board: the links kept for the old one may not apply.
    all[boardId] = { secret: fromLink, links: {} };
    saveAll(all);
  }
  return all[boardId]?.secret ?? null;
}

export function knownLinks(boardId: string): Partial<Record<Role, string>> {
  return loadAll()[boardId]?.links ?? {};
}

/** Keeps links this browser may share, and the secret of the first one when it has none. */
export function rememberLinks(boardId: string, links: Partial<Record<Role, string>>, ownSecret?: string): void {
  const all = loadAll();
  const current = all[boardId];
  const secret = ownSecret ?? current?.secret;
  if (!secret) return;
  all[boardId] = { ...current, secret, links: { ...current?.links, ...links } };
  saveAll(all);
}

/** The role the server last granted `secret` on this board, or null. */
export function keptRole(boardId: string, secret: string): Role | null {
  const kept = loadAll()[boardId];
  return kept?.secret === secret ? (kept.role ?? null) : null;
}

/** The participant a kept personal link names, or null. */
export function keptParticipant(boardId: string, secret: string): { id: string; name: string } | null {
  const kept = loadAll()[boardId];
  return kept?.secret === secret ? (kept.participant ?? null) : null;
}

/** Keeps (or, with null, forgets) the role the server granted the board's kept secret, and the participant a personal link names. */
export function keepRole(boardId: string, secret: string, role: Role | null, participant: { id: string; name: string } | null = null): void {
  const all = loadAll();
  const kept = all[boardId];
  // Only for the secret this browser keeps: a role belongs to one link, not to the board.
  if (kept?.secret !== secret) return;
  if (role) kept.role = role;
  else delete kept.role;
  if (participant) kept.participant = participant;
  else delete kept.participant;
  try {
    saveAll(all);
  } catch {
    // Storage full or disabled: an offline page then opens view-only until the server answers.
  }
}
