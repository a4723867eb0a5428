// "Since your last visit": what changed on a board between two visits from this browser.
// A belief's fingerprint is its text and how many positions it has: enough to notice a
// rewrite or new answers, without storing anyone's answers on this device; and, once it
// is discussed, how many comments it has and how many mention me, after a separator, so
// a fingerprint stored before the discussion existed still reads as unchanged.

/** Belief id → fingerprint, as last seen. */
export type Fingerprints = Readonly<Record<string, string>>;

export type VisitMark = 'new' | 'changed' | 'commented' | 'mentioned';

const DISCUSSION = '\u0000';

export function beliefFingerprint(text: string, positionCount: number, comments = 0, mentionsOfMe = 0): string {
  const base = `${positionCount}:${text}`;
  return comments === 0 ? base : `${base}${DISCUSSION}${comments}:${mentionsOfMe}`;
}

/** What changed between two fingerprints of one belief: the belief itself, or only its discussion. */
function markFor(seen: string, now: string): VisitMark {
  const [seenBase, seenTalk = '0:0'] = seen.split(DISCUSSION);
  const [nowBase, nowTalk = '0:0'] = now.split(DISCUSSION);
  if (seenBase !== nowBase) return 'changed';
  const seenMentions = Number(seenTalk.split(':')[1]) || 0;
  const nowMentions = Number(nowTalk.split(':')[1]) || 0;
  return nowMentions > seenMentions ? 'mentioned' : 'commented';
}

/** Beliefs added or changed since `seen`; none on a first visit, when everything would be "new". */
export function changesSince(seen: Fingerprints | null, now: Fingerprints): Map<string, VisitMark> {
  const marks = new Map<string, VisitMark>();
  if (!seen) return marks;
  for (const [id, fingerprint] of Object.entries(now)) {
    if (!(id in seen)) marks.set(id, 'new');
    else if (seen[id] !== fingerprint) marks.set(id, markFor(seen[id], fingerprint));
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
