// Marks the beliefs added or changed since this browser last saw the board — their words,
// their positions, or new comments on them (those mentioning me marked apart) — until I
// look at them (select or hover, or open the discussion: it selects the belief). What was seen is kept in localStorage per board; it is
// written as I go and when the page is hidden, so closing the tab loses nothing.
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { useEditor } from '../editor/EditorContext.tsx';
import { discussionStore } from '../state/discussionStore.ts';
import { ValueStore } from '../state/externalStore.ts';
import type { BoardSession } from '../state/session.ts';
import { beliefFingerprint, changesSince, fingerprintsToKeep, type Fingerprints, type VisitMark } from './lastVisit.ts';

const STORAGE_PREFIX = 'beliefmap:last-visit:';
/** Writes of what I have seen are gathered for this long. */
const SAVE_DELAY_MS = 2000;

interface StoredVisit {
  seenAt: number;
  fingerprints: Fingerprints;
}

function load(boardId: string): Fingerprints | null {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_PREFIX + boardId) ?? 'null') as StoredVisit | null;
    return stored && typeof stored.fingerprints === 'object' ? stored.fingerprints : null;
  } catch {
    // Unreadable or unavailable storage: treat it as a first visit.
    return null;
  }
}

function currentFingerprints(session: BoardSession): Fingerprints {
  const now: Record<string, string> = {};
  const { comments, counts } = discussionStore(session.doc).get();
  const mentionsOfMe = new Map<string, number>();
  for (const comment of comments) {
    if (!comment.hidden && comment.mentions.includes(session.me.id)) mentionsOfMe.set(comment.beliefId, (mentionsOfMe.get(comment.beliefId) ?? 0) + 1);
  }
  for (const belief of session.beliefs.all()) {
    const stats = session.stats.get(belief.id);
    now[belief.id] = beliefFingerprint(belief.text, stats.n + stats.passCount, counts.get(belief.id) ?? 0, mentionsOfMe.get(belief.id) ?? 0);
  }
  return now;
}

export class SinceLastVisit {
  readonly marks = new ValueStore<ReadonlyMap<string, VisitMark>>(new Map());
  private seen: Fingerprints | null;

  constructor(private readonly session: BoardSession) {
    this.seen = load(session.boardId);
  }

  /** Computes the marks once the board has caught up with the relay, then keeps what I see. */
  attach(): () => void {
    const { provider } = this.session;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let ready = false;
    const begin = () => {
      if (ready || !provider.synced) return;
      ready = true;
      this.marks.set(changesSince(this.seen, currentFingerprints(this.session)));
      this.save();
    };
    const saveNow = () => {
      timer = null;
      this.save();
    };
    const scheduleSave = () => {
      if (ready) timer ??= setTimeout(saveNow, SAVE_DELAY_MS);
    };
    const onHide = () => ready && this.save();
    provider.on('sync', begin);
    begin();
    const stops = [
      this.session.beliefs.subscribeAny(scheduleSave),
      this.session.stats.subscribeAny(scheduleSave),
      discussionStore(this.session.doc).subscribe(scheduleSave),
      this.marks.subscribe(scheduleSave),
    ];
    window.addEventListener('pagehide', onHide);
    return () => {
      provider.off('sync', begin);
      stops.forEach((stop) => stop());
      window.removeEventListener('pagehide', onHide);
      if (timer) clearTimeout(timer);
      onHide();
    };
  }

  markViewed(ids: readonly string[]): void {
    const marks = this.marks.get();
    if (!ids.some((id) => marks.has(id))) return;
    const next = new Map(marks);
    for (const id of ids) next.delete(id);
    this.marks.set(next);
  }

  private save(): void {
    const kept = fingerprintsToKeep(this.seen, currentFingerprints(this.session), new Set(this.marks.get().keys()));
    this.seen = kept;
    try {
      const visit: StoredVisit = { seenAt: Date.now(), fingerprints: kept };
      localStorage.setItem(STORAGE_PREFIX + this.session.boardId, JSON.stringify(visit));
    } catch {
      // A full or blocked storage costs only the marks of the next visit.
    }
  }
}

const trackers = new WeakMap<BoardSession, SinceLastVisit>();

export function sinceLastVisit(session: BoardSession): SinceLastVisit {
  let tracker = trackers.get(session);
  if (!tracker) {
    tracker = new SinceLastVisit(session);
    trackers.set(session, tracker);
  }
  return tracker;
}

/**
 * Runs the tracker while the board screen is open; selecting a belief, or resting the
 * pointer on its note, counts as viewing it.
 */
export function useSinceLastVisit(): void {
  const editor = useEditor();
  useEffect(() => {
    const { session, selection, hovered } = editor;
    const tracker = sinceLastVisit(session);
    const stopTracking = tracker.attach();
    const stopSelection = selection.subscribe(() => tracker.markViewed(selection.get()));
    const stopHover = hovered.subscribe(() => {
      const id = hovered.get();
      if (id) tracker.markViewed([id]);
    });
    return () => {
      stopHover();
      stopSelection();
      stopTracking();
    };
  }, [editor]);
}

/** This belief's mark ("new", "changed") or null. */
export function useVisitMark(id: string): VisitMark | null {
  const { marks } = sinceLastVisit(useEditor().session);
  return useSyncExternalStore(marks.subscribe, useCallback(() => marks.get().get(id) ?? null, [marks, id]));
}

/** Every marked belief. */
export function useVisitMarks(): ReadonlyMap<string, VisitMark> {
  const { marks } = sinceLastVisit(useEditor().session);
  return useSyncExternalStore(marks.subscribe, marks.get);
}
