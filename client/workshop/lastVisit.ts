// "Since your last visit": what changed on a board between two visits from this browser.
// A belief's fingerprint is its text and how many positions it has: enough to notice a
// rewrite or new answers, without storing anyone's answers on this device.

/** Belief id → fingerprint, as last seen. */
export type Fingerprints = Readonly<Record<string, string>>;

export type VisitMark = 'new' | 'changed';

export function beliefFingerprint(text: string, positionCount: number): string {
  return `${positionCount}:${text}`;
}

/** Beliefs added or changed since `seen`; none on a first visit, when everything would be "new". */
export function changesSince(seen: Fingerprints | null, now: Fingerprints): Map<string, VisitMark> {
  const marks = new Map<string, VisitMark>();
  if (!seen) return marks;
  for (const [id, fingerprint] of Object.entries(now)) {
    if (!(id in seen)) marks.set(id, 'new');
    else if (seen[id] !== fingerprint) marks.set(id, 'changed');
  }
  return marks;
}

/**
 * What to remember as seen: every belief as it is now, except the ones still marked,
 * which keep what was seen before (nothing, for a new one) so they stay marked next time.
 */
export function fingerprintsToKeep(seen: Fingerprints | null, now: Fingerprints, marked: ReadonlySet<string>): Fingerprints {
  const kept: Record<string, string> = {};
  for (const [id, fingerprint] of Object.entries(now)) {
    if (!marked.has(id)) kept[id] = fingerprint;
    else if (seen && id in seen) kept[id] = seen[id];
  }
  return kept;
}
