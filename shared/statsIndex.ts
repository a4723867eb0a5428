// Every belief's statistics, kept in step with the Y.Doc one transaction at a time. The
// positions are held grouped by belief, so a new position recomputes one belief from its
// own few positions instead of rescanning every position on the board. Under an anonymous
// level a belief with fewer answers than the board's minimum has no figures at all, so no
// view can read a lone answer off its distribution (docs/groups.md).
import type * as Y from 'yjs';
import { ANONYMITY_KEY, mayShowDistribution, readAnonymity, readWaitingAnswers } from './anonymity.ts';
import { isBeliefLive, observeBeliefs, observePositions } from './model.ts';
import { parsePositionKey, positionsMap, readStoredPosition, type PositionRecord } from './schema.ts';
import { computeBeliefStats, type BeliefStats } from './stats.ts';
import { workshopMap } from './workshop.ts';

export type StatsListener = () => void;

const NO_POSITIONS: BeliefStats = computeBeliefStats([]);

export class StatsIndex {
  /** beliefId → participantId → position. */
  private positionsByBelief = new Map<string, Map<string, PositionRecord>>();
  /** Figures computed since the belief's positions last changed; only beliefs with positions. */
  private computed = new Map<string, BeliefStats>();
  private beliefListeners = new Map<string, Set<StatsListener>>();
  private anyListeners = new Set<StatsListener>();
  private version = 0;
  /** Beliefs that had answers waiting at the relay when last looked: they change when those go. */
  private waitingSeen = new Set<string>();
  private stopObserving: (() => void)[];

  constructor(private readonly doc: Y.Doc) {
    const positions = positionsMap(doc);
    // Yjs keys a transaction's changes by the untyped shared type.
    const positionsType: Y.AbstractType<any> = positions;
    positions.forEach((record, key) => this.store(key, record));
    this.stopObserving = [
      observePositions(doc, (beliefIds, transaction) => {
        // observePositions names the beliefs; the keys that changed, which say whose
        // position, are the transaction's record of this map.
        for (const key of transaction.changed.get(positionsType) ?? []) {
          if (key !== null) this.store(key, positions.get(key));
        }
        this.notify(beliefIds);
      }),
      ((): (() => void) => {
        const workshop = workshopMap(doc);
        const onSettings = (event: Y.YMapEvent<unknown>) => {
          const { keysChanged } = event;
          if (keysChanged.has(ANONYMITY_KEY.level) || keysChanged.has(ANONYMITY_KEY.minAnswers) || keysChanged.has(ANONYMITY_KEY.waiting)) {
            this.notify(new Set([...this.positionsByBelief.keys(), ...readWaitingAnswers(doc).keys(), ...this.waitingSeen]));
            this.waitingSeen = new Set(readWaitingAnswers(doc).keys());
          }
        };
        workshop.observe(onSettings);
        return () => workshop.unobserve(onSettings);
      })(),
      observeBeliefs(doc, ({ changed, structural }) => {
        // A deleted belief keeps its positions (in "Recently deleted"), and one removed
        // outright may leave some behind: a belief coming or going changes its figures
        // whenever it has positions here.
        if (!structural) return;
        const affected = new Set([...changed].filter((id) => this.positionsByBelief.has(id)));
        if (affected.size > 0) this.notify(affected);
      }),
    ];
  }

  private store(key: string, value: unknown): void {
    const parsed = parsePositionKey(key);
    if (!parsed) return;
    let positions = this.positionsByBelief.get(parsed.beliefId);
    const record = readStoredPosition(value);
    if (!record) {
      positions?.delete(parsed.participantId);
      if (positions?.size === 0) this.positionsByBelief.delete(parsed.beliefId);
      return;
    }
    if (!positions) {
      positions = new Map();
      this.positionsByBelief.set(parsed.beliefId, positions);
    }
    positions.set(parsed.participantId, record);
  }

  private notify(beliefIds: ReadonlySet<string>): void {
    for (const id of beliefIds) this.computed.delete(id);
    this.version++;
    for (const id of beliefIds) for (const listener of [...(this.beliefListeners.get(id) ?? [])]) listener();
    for (const listener of [...this.anyListeners]) listener();
  }

  /**
   * The belief's figures. The same object is returned until its positions change, as
   * useSyncExternalStore needs; a deleted or unknown belief has no positions.
   */
  get = (beliefId: string): BeliefStats => {
    const cached = this.computed.get(beliefId);
    if (cached) return cached;
    const positions = this.positionsByBelief.get(beliefId);
    if (!positions || !isBeliefLive(this.doc, beliefId)) return NO_POSITIONS;
    if (!mayShowDistribution(readAnonymity(this.doc), positions.size)) return NO_POSITIONS;
    const stats = computeBeliefStats(positions.values());
    this.computed.set(beliefId, stats);
    return stats;
  };

  /**
   * The belief's answers — those in the document and those the relay holds back — and
   * whether its figures are withheld for too few of them (an anonymous level's minimum),
   * for "2 answers — shown from 3".
   */
  answers(beliefId: string): { count: number; withheld: boolean; minAnswers: number } {
    const shown = this.positionsByBelief.get(beliefId)?.size ?? 0;
    const count = isBeliefLive(this.doc, beliefId) ? shown + (readWaitingAnswers(this.doc).get(beliefId) ?? 0) : 0;
    const settings = readAnonymity(this.doc);
    return { count, withheld: count > 0 && !mayShowDistribution(settings, count), minAnswers: settings.minAnswers };
  }

  /** Calls `listener` after each transaction that changed this belief's figures. */
  subscribe(beliefId: string, listener: StatsListener): () => void {
    let listeners = this.beliefListeners.get(beliefId);
    if (!listeners) {
      listeners = new Set();
      this.beliefListeners.set(beliefId, listeners);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.beliefListeners.get(beliefId) === listeners) this.beliefListeners.delete(beliefId);
    };
  }

  /** Calls `listener` after each transaction that changed any belief's figures. */
  subscribeAny = (listener: StatsListener): (() => void) => {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  };

  /** Bumped on every change; a cheap snapshot for views over all beliefs. */
  getVersion = (): number => this.version;

  destroy(): void {
    for (const stop of this.stopObserving) stop();
    this.beliefListeners.clear();
    this.anyListeners.clear();
  }
}
