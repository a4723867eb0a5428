// Minting and checking capability secrets. The store keeps only SHA-256 hashes: each
// secret carries 132 random bits, so a plain hash is already out of reach of brute force
// and a slow password hash (made for low-entropy passwords) would buy nothing but latency
// on every connection. Comparisons go through timingSafeEqual on equal-length hashes.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isAccessSecret, ROLES, type Role } from '../../shared/access.ts';
import { newSecret } from '../../shared/ids.ts';

/** Hex SHA-256 of each role's secret, as the store keeps them. */
export type AccessHashes = Record<Role, string>;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** New, independent secrets for the given roles, and their hashes. */
export function mintSecrets<R extends Role>(roles: readonly R[]): { secrets: Record<R, string>; hashes: Record<R, string> } {
  const secrets = {} as Record<R, string>;
  const hashes = {} as Record<R, string>;
  for (const role of roles) {
    secrets[role] = newSecret();
    hashes[role] = hashSecret(secrets[role]);
  }
  return { secrets, hashes };
}

/**
 * The role a presented secret grants, or null. Every role's hash is compared, always, so
 * the time taken says nothing about which (if any) matched.
 */
export function roleForSecret(secret: unknown, stored: AccessHashes): Role | null {
  if (!isAccessSecret(secret)) return null;
  const presented = Buffer.from(hashSecret(secret), 'hex');
  let granted: Role | null = null;
  for (const role of ROLES) {
    const expected = Buffer.from(stored[role], 'hex');
    if (expected.length === presented.length && timingSafeEqual(expected, presented) && granted === null) granted = role;
  }
  return granted;
}

/** Whether a value read from the store is a complete set of hashes. */
export function isAccessHashes(value: unknown): value is AccessHashes {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return ROLES.every((role) => typeof record[role] === 'string' && /^[0-9a-f]{64}$/.test(record[role] as string));
}
