// Minting and checking capability secrets. The store keeps only SHA-256 hashes: each
// secret carries 132 random bits, so a plain hash is already out of reach of brute force
// and a slow password hash (made for low-entropy passwords) would buy nothing but latency
// on every connection. Comparisons go through timingSafeEqual on equal-length hashes.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isAccessSecret, ROLES, type Role } from '../../shared/access.ts';
import { isItemId, newSecret } from '../../shared/ids.ts';

/** Hex SHA-256 of each role's secret, as the store keeps them. */
export type AccessHashes = Record<Role, string> & {
  /** Personal participant links: each binds one participant id (docs/security.md). */
  personal?: PersonalLink[];
  /** When true, the shared participant link only views: answers come through personal links. */
  personalOnly?: boolean;
};

/** A participant link made for one person: its secret proves that participant id. */
export interface PersonalLink {
  participantId: string;
  name: string;
  /** Hex SHA-256 of the link's secret. */
  hash: string;
  createdAt: number;
}

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

/**
 * The personal link a presented secret is, or null. Every link's hash is compared, always,
 * so the time taken says nothing about which (if any) matched.
 */
export function personalLinkForSecret(secret: unknown, links: readonly PersonalLink[]): PersonalLink | null {
  if (!isAccessSecret(secret)) return null;
  const presented = Buffer.from(hashSecret(secret), 'hex');
  let found: PersonalLink | null = null;
  for (const link of links) {
    const expected = Buffer.from(link.hash, 'hex');
    if (expected.length === presented.length && timingSafeEqual(expected, presented) && found === null) found = link;
  }
  return found;
}

const HASH = /^[0-9a-f]{64}$/;

function isPersonalLink(value: unknown): value is PersonalLink {
  const link = value as Partial<PersonalLink> | null;
  return (
    typeof link === 'object' &&
    link !== null &&
    isItemId(link.participantId) &&
    typeof link.name === 'string' &&
    typeof link.hash === 'string' &&
    HASH.test(link.hash) &&
    typeof link.createdAt === 'number'
  );
}

/** Whether a value read from the store is a complete set of hashes (with well-formed personal links, if any). */
export function isAccessHashes(value: unknown): value is AccessHashes {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  if (!ROLES.every((role) => typeof record[role] === 'string' && HASH.test(record[role] as string))) return false;
  if (record.personal !== undefined && !(Array.isArray(record.personal) && record.personal.every(isPersonalLink))) return false;
  return record.personalOnly === undefined || typeof record.personalOnly === 'boolean';
}
