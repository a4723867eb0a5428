// Where each note is drawn in this tab: at its own place (the free layout) or, in the
// Measured view, where its numbers put it, gliding between the two. Session state only:
// nobody's stored placement changes, so anyone can look at the map at any time.
import { figuresOutsideRound, sealedRoundKey } from '../../../shared/roundFigures.ts';
import type { Template } from '../../../shared/schema.ts';
import { ValueStore, type Listener } from '../../state/externalStore.ts';
import type { BoardSession } from '../../state/session.ts';
import { workshopStore } from '../../state/workshopStore.ts';
import { contentBounds } from './bounds.ts';
import { displayedPosition, stepToward } from './glide.ts';
import { MATRIX_BOUNDS } from './matrix.ts';
import { arrangeMeasured, type MeasuredArrangement } from './measuredArrangement.ts';
import { noteBox, type BoxOf } from './noteGeometry.ts';
import { noteLayout } from './noteLayout.ts';
import type { Bounds, Point } from '../viewport.ts';

export type LayoutMode = 'free' | 'measured';

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export class BoardLayout {
  /** The layout this tab asked for; the notes may still be gliding towards it. */
  readonly mode = new ValueStore<LayoutMode>('free');
  /** How far the notes have glided: 0 in the free layout, 1 in the Measured view. */
  readonly progress = new ValueStore<number>(0);

  private arranged: { beliefs: number; stats: number; sealedRound: number; arrangement: MeasuredArrangement } | null = null;
  /** In-between positions of the current glide frame, so a frame hands out one object per note. */
  private frameCache = { key: '', positions: new Map<string, Point>() };
  private listeners = new Set<Listener>();
  private stopUpstream: (() => void) | null = null;
  private frame = 0;

  constructor(private readonly session: Pick<BoardSession, 'beliefs' | 'stats' | 'doc'>) {}

  /** The open round's number, or 0: its beliefs go to the tray, whatever positions the board holds. */
  private sealedRound(): number {
    return sealedRoundKey(workshopStore(this.session.doc).get().state.round);
  }

  /** True while notes are not at their own places: they cannot be dragged then. */
  isRearranged(): boolean {
    return this.mode.get() === 'measured' || this.progress.get() > 0;
  }

  setMode(mode: LayoutMode): void {
    this.mode.set(mode);
    const target = mode === 'measured' ? 1 : 0;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    if (prefersReducedMotion()) {
      this.progress.set(target);
      return;
    }
    let last = performance.now();
    const step = (now: number) => {
      const next = stepToward(this.progress.get(), target, now - last);
      last = now;
      this.progress.set(next);
      this.frame = next === target ? 0 : requestAnimationFrame(step);
    };
    this.frame = requestAnimationFrame(step);
  }

  /**
   * The Measured view's arrangement, recomputed only after beliefs, positions or the open
   * round changed. Beliefs in an open round wait in the tray: their place on the map would
   * show the figures of the positions given before the round.
   */
  measured(): MeasuredArrangement {
    const { beliefs, stats, doc } = this.session;
    const versions = { beliefs: beliefs.getVersion(), stats: stats.getVersion(), sealedRound: this.sealedRound() };
    const previous = this.arranged;
    if (
      previous &&
      previous.beliefs === versions.beliefs &&
      previous.stats === versions.stats &&
      previous.sealedRound === versions.sealedRound
    ) {
      return previous.arrangement;
    }
    const shownStats = figuresOutsideRound(workshopStore(doc).get().state.round, stats.get);
    const arrangement = arrangeMeasured(
      beliefs.all().map((belief) => ({ ...belief, height: noteLayout(belief.text).height, stats: shownStats(belief.id) })),
      MATRIX_BOUNDS,
    );
    // A note that kept its place keeps its point object, so it does not re-render.
    if (previous) {
      for (const [id, point] of arrangement.positions) {
        const before = previous.arrangement.positions.get(id);
        if (before && before.x === point.x && before.y === point.y) arrangement.positions.set(id, before);
      }
    }
    this.arranged = { ...versions, arrangement };
    return arrangement;
  }

  /** Top-left corner where the note is drawn now; undefined for a belief not on the board. */
  positionOf = (id: string): Point | undefined => {
    const belief = this.session.beliefs.get(id);
    const progress = this.progress.get();
    if (!belief || progress === 0) return belief;
    const target = this.measured().positions.get(id);
    if (progress === 1 || !target) return target ?? belief;
    const key = this.contentKey();
    if (this.frameCache.key !== key) this.frameCache = { key, positions: new Map() };
    let point = this.frameCache.positions.get(id);
    if (!point) {
      point = displayedPosition(belief, target, progress);
      this.frameCache.positions.set(id, point);
    }
    return point;
  };

  /** The note's box where it is drawn now: for culling, hit testing and the marquee. */
  boxOf: BoxOf = (id) => {
    const belief = this.session.beliefs.get(id);
    const at = this.positionOf(id);
    return belief && at ? noteBox(at, noteLayout(belief.text).height) : null;
  };

  /** Changes whenever any displayed position may have: a cheap cache key for views over all notes. */
  contentKey(): string {
    const progress = this.progress.get();
    // In the free layout notes sit at their beliefs' places, which their own version tracks.
    return progress === 0
      ? 'free'
      : `${progress}:${this.session.beliefs.getVersion()}:${this.session.stats.getVersion()}:${this.sealedRound()}`;
  }

  /** What "Zoom to fit" frames in the layout asked for. */
  fitBounds(template: Template): Bounds | null {
    return this.mode.get() === 'measured' ? this.measured().bounds : contentBounds(this.session.beliefs.all(), template);
  }

  /**
   * Calls `listener` when displayed positions may have changed: every glide frame, and
   * outside the free layout every change to beliefs, positions or the open round, which can move any note.
   */
  subscribe = (listener: Listener): (() => void) => {
    if (this.listeners.size === 0) this.startUpstream();
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.stopUpstream?.();
        this.stopUpstream = null;
      }
    };
  };

  private startUpstream(): void {
    const notify = () => {
      for (const listener of [...this.listeners]) listener();
    };
    const notifyIfRearranged = () => {
      if (this.progress.get() > 0) notify();
    };
    const stops = [
      this.mode.subscribe(notify),
      this.progress.subscribe(notify),
      this.session.beliefs.subscribeAny(notifyIfRearranged),
      this.session.stats.subscribeAny(notifyIfRearranged),
      // A round opening sends its beliefs to the tray; its reveal brings them back.
      workshopStore(this.session.doc).subscribe(notifyIfRearranged),
    ];
    this.stopUpstream = () => stops.forEach((stop) => stop());
  }
}
