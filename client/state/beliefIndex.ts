// Plain snapshots of the board's beliefs, kept in step with the Y.Doc one transaction at a
// time. A note component subscribes to its own id, so one note's change re-renders one
// note, and the ordered id list only changes when beliefs are added or removed.
import type * as Y from 'yjs';
import { beliefIds, observeBeliefs, readBelief } from '../../shared/model.ts';
import type { Belief } from '../../shared/schema.ts';
import type { Listener } from './externalStore.ts';

export class BeliefIndex {
  private snapshots = new Map<string, Belief>();
  private ids: string[] = [];
  private idListeners = new Set<Listener>();
  private beliefListeners = new Map<string, Set<Listener>>();
  private anyListeners = new Set<Listener>();
  private version = 0;
  private stop: () => void;

  constructor(private doc: Y.Doc) {
    this.rebuild();
    this.stop = observeBeliefs(doc, ({ changed, structural }) => {
      for (const id of changed) {
        const next = readBelief(doc, id);
        if (next) this.snapshots.set(id, next);
        else this.snapshots.delete(id);
      }
      if (structural) this.ids = beliefIds(doc);
      this.version++;
      if (structural) for (const l of [...this.idListeners]) l();
      for (const id of changed) for (const l of [...(this.beliefListeners.get(id) ?? [])]) l();
      for (const l of [...this.anyListeners]) l();
    });
  }

  private rebuild(): void {
    this.ids = beliefIds(this.doc);
    this.snapshots.clear();
    for (const id of this.ids) {
      const belief = readBelief(this.doc, id);
      if (belief) this.snapshots.set(id, belief);
    }
  }

  getIds = (): string[] => this.ids;
  get(id: string): Belief | undefined {
    return this.snapshots.get(id);
  }
  /** All beliefs in stable order (allocates; prefer ids + get in hot paths). */
  all(): Belief[] {
    return this.ids.map((id) => this.snapshots.get(id)).filter((b): b is Belief => !!b);
  }
  /** Bumped on every change; a cheap snapshot for views over all beliefs. */
  getVersion = (): number => this.version;

  subscribeIds = (listener: Listener) => {
    this.idListeners.add(listener);
    return () => this.idListeners.delete(listener);
  };

  subscribeBelief(id: string, listener: Listener): () => void {
    let set = this.beliefListeners.get(id);
    if (!set) this.beliefListeners.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set!.delete(listener);
      if (set!.size === 0) this.beliefListeners.delete(id);
    };
  }

  subscribeAny = (listener: Listener) => {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  };

  destroy(): void {
    this.stop();
  }
}
