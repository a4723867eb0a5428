// Capability links: each board has three independent secrets, one per role. The secret
// travels in the link's fragment (`#k=…`), which browsers never send to a server, so it
// stays out of access logs and Referer headers; the client hands it to the relay itself.

export const ROLES = ['facilitate', 'edit', 'view'] as const;
export type Role = (typeof ROLES)[number];

/** The roles whose links the facilitator can replace; their own link never changes. */
export const ROTATABLE_ROLES = ['edit', 'view'] as const satisfies readonly Role[];

/** Name of the secret in a link's fragment and in the relay's query string. */
export const ACCESS_KEY_PARAM = 'k';

/** 22 base64url symbols × 6 bits = 132 random bits (see shared/ids.ts newSecret). */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** The exact format of a secret; anything else is refused before it is hashed. */
export function isAccessSecret(value: unknown): value is string {
  return typeof value === 'string' && SECRET_PATTERN.test(value);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether a role may change the board (view-only may not). */
export function roleCanEdit(role: Role): boolean {
  return role !== 'view';
}

/** The link to share: the board's page, with the secret in the fragment. */
export function boardLink(boardPath: string, secret: string): string {
  return `${boardPath}#${ACCESS_KEY_PARAM}=${secret}`;
}

/** The secret in a fragment such as `#k=…`, or null when there is none. */
export function secretFromFragment(fragment: string): string | null {
  const value = new URLSearchParams(fragment.replace(/^#/, '')).get(ACCESS_KEY_PARAM);
  return isAccessSecret(value) ? value : null;
}

/** The header an HTTP request proves its access with: `Authorization: Bearer <secret>`. */
export function bearer(secret: string): string {
  return `Bearer ${secret}`;
}
