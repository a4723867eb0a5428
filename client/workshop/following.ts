// "Follow": my view tracks another person's (published in awareness by
// viewportPresence.ts) — their camera and their layout, free or Measured — until I step
// out. Any change to my viewport or my layout that this class did not make, other than a
// resize of my canvas, is me moving away, and ends it.
import { ValueStore } from '../state/externalStore.ts';
import { readPeers } from '../state/presence.ts';
import type { BoardSession } from '../state/session.ts';
import type { BoardLayout, LayoutMode } from '../editor/layout/boardLayout.ts';
import type { Viewport, ViewportStore } from '../editor/viewport.ts';
import { followView, sameView } from './followView.ts';

export interface FollowTarget {
  participantId: string;
  name: string;
}

export class Following {
  /** Whom I follow, or null. */
  readonly target = new ValueStore<FollowTarget | null>(null);
  /** The viewport I last set while following: anything else is the person moving. */
  private applied: Viewport | null = null;
  /** The layout I last set while following (or found when I began). */
  private appliedMode: LayoutMode | null = null;

  constructor(
    private readonly session: Pick<BoardSession, 'awareness' | 'me'>,
    private readonly viewport: ViewportStore,
    private readonly layout: Pick<BoardLayout, 'mode' | 'setMode'>,
  ) {}

  /** Starts listening to the leader's view and to mine; returns the way to stop. */
  attach(): () => void {
    const onAwareness = () => this.catchUp();
    this.session.awareness.on('change', onAwareness);
    const stops = [this.viewport.subscribe(() => this.onViewportChange()), this.layout.mode.subscribe(() => this.onModeChange())];
    return () => {
      this.session.awareness.off('change', onAwareness);
      stops.forEach((stop) => stop());
    };
  }

  follow(person: { id: string; name: string }): void {
    if (person.id === this.session.me.id) return;
    this.applied = this.viewport.get();
    this.appliedMode = this.layout.mode.get();
    this.target.set({ participantId: person.id, name: person.name });
    this.catchUp();
  }

  stop(): void {
    this.applied = null;
    this.appliedMode = null;
    this.target.set(null);
  }

  /** Moves my view to the leader's latest one, if they have published one. */
  private catchUp(): void {
    const target = this.target.get();
    if (!target) return;
    // Any of the leader's tabs will do; the first that shares a view leads.
    const leader = readPeers(this.session.awareness).find((peer) => peer.user.id === target.participantId && peer.viewport);
    if (!leader?.viewport) return;
    // The layout first: the camera then frames the map the leader sees.
    const mode = leader.viewport.layout;
    if (mode && mode !== this.layout.mode.get()) {
      this.appliedMode = mode;
      this.layout.setMode(mode);
    }
    const next = followView(this.viewport.get(), leader.viewport);
    if (sameView(next, this.viewport.get())) return;
    this.applied = next;
    this.viewport.set(next);
  }

  private onViewportChange(): void {
    const applied = this.applied;
    if (!this.target.get() || !applied) return;
    const now = this.viewport.get();
    if (now === applied) return;
    // My canvas changed size: keep the leader's centre in my middle.
    if (sameView(now, applied)) this.catchUp();
    else this.stop();
  }

  private onModeChange(): void {
    if (this.target.get() && this.layout.mode.get() !== this.appliedMode) this.stop();
  }
}
