// Who I am on this device: a stable participant id and the name I gave. Kept in
// localStorage so every board I open knows me without asking again.
import { newId, newSecret } from '../../shared/ids.ts';
import { isAccessSecret } from '../../shared/access.ts';
import { pickParticipantColor } from '../../shared/colors.ts';
import { MAX_DISPLAY_NAME } from '../../shared/limits.ts';

const KEY = 'beliefmap.identity.v1';

export interface Identity {
  id: string;
  name: string;
  color: string;
}

export function loadIdentity(): Identity | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Identity>;
    if (typeof parsed.id !== 'string' || typeof parsed.name !== 'string' || !parsed.name.trim()) return null;
    return { id: parsed.id, name: parsed.name, color: parsed.color ?? pickParticipantColor(parsed.id) };
  } catch {
    return null;
  }
}

/** Saves the name, keeping the id this device already had so my positions stay mine. */
export function saveIdentity(name: string): Identity {
  const previous = loadIdentity();
  let id = previous?.id;
  if (!id) {
    try {
      id = (JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Identity>).id;
    } catch {
      id = undefined;
    }
  }
  id ??= newId();
  const identity: Identity = {
    id,
    name: name.trim().slice(0, MAX_DISPLAY_NAME),
    color: previous?.color ?? pickParticipantColor(id),
  };
  localStorage.setItem(KEY, JSON.stringify(identity));
  return identity;
}

const SECRET_KEY = 'beliefmap.participantSecret.v1';

/**
 * The secret that proves to the relay this device is my participant id, so nobody who
 * merely knows my id can read or change my sealed positions (docs/rounds.md). Made once
 * per device and kept beside the identity; it never leaves for anywhere but the relay.
 */
export function participantSecret(): string {
  const kept = localStorage.getItem(SECRET_KEY);
  if (isAccessSecret(kept)) return kept;
  const secret = newSecret();
  localStorage.setItem(SECRET_KEY, secret);
  return secret;
}
