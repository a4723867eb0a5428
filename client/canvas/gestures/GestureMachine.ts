// The canvas's gestures as a state machine: events in, commands out (gestureTypes.ts), no
// DOM and no timers, so every gesture and every way of calling one off is tested as plain
// data (tests/unit/canvas-gestures.test.ts). The states and their answers are in
// gestureStates.ts; what is the same in every state is here: the wheel and the trackpad,
// a second finger turning anything into a pinch, and Space held for panning. The React
// binding (../usePointerGestures.ts) turns DOM events into events and commands into
// changes of the editor, the camera and the canvas.
import { panBy, pinchStep, wheelZoomFactor, zoomAt, type Point, type Viewport } from '../../editor/viewport.ts';
import { IDLE, STATE_NODES, type GestureState, type NodeContext, type StateNode, type Transition } from './gestureStates.ts';
import type { CursorStyle, GestureCommand, GestureEvent, GestureReaction, GestureWorld } from './gestureTypes.ts';

export class GestureMachine {
  private current: GestureState = IDLE;
  private spaceHeld = false;
  /** Fingers on a touch screen, where they are now. */
  private readonly touches = new Map<number, Point>();

  constructor(private readonly world: GestureWorld) {}

  get state(): GestureState {
    return this.current;
  }

  /** The cursor for the state: a closed hand while panning, an open one while Space is held. */
  cursor(): CursorStyle {
    if (this.current.name === 'panning') return 'grabbing';
    return this.spaceHeld ? 'grab' : '';
  }

  send(event: GestureEvent): GestureReaction {
    const out: GestureCommand[] = [];
    const handled = this.dispatch(event, out);
    return { commands: out, handled };
  }

  private dispatch(event: GestureEvent, out: GestureCommand[]): boolean {
    const context: NodeContext = { world: this.world, spaceHeld: this.spaceHeld, out };
    switch (event.type) {
      case 'pointerDown':
        if (event.pointerType === 'touch') {
          this.touches.set(event.pointerId, event.at);
          if (this.touches.size === 2) {
            // A second finger turns whatever the first one started into a pinch.
            this.toState('interrupt', context);
            this.current = { name: 'pinching' };
            return true;
          }
          if (this.touches.size > 2) return false;
        }
        return this.toState(event, context);
      case 'pointerMove':
        if (this.current.name === 'pinching') {
          if (!this.touches.has(event.pointerId)) return false;
          const before = [...this.touches.values()] as [Point, Point];
          this.touches.set(event.pointerId, event.at);
          out.push({ type: 'camera', viewport: pinchStep(this.world.viewport(), before, [...this.touches.values()] as [Point, Point]) });
          return true;
        }
        if (event.pointerType === 'touch' && this.touches.has(event.pointerId)) this.touches.set(event.pointerId, event.at);
        return this.toState(event, context);
      case 'pointerUp':
      case 'pointerCancel': {
        const lifted = this.touches.delete(event.pointerId);
        if (this.current.name === 'pinching') {
          // The pinch ends with the second finger; the one left does nothing until lifted.
          if (lifted && this.touches.size < 2) this.current = IDLE;
          return lifted;
        }
        return this.toState(event, context);
      }
      case 'wheel': {
        const v = this.world.viewport();
        let viewport: Viewport;
        if (event.zoom) viewport = zoomAt(v, wheelZoomFactor(event.dy), event.at);
        // A mouse wheel with shift scrolls sideways, as in every document app.
        else if (event.shift && event.dx === 0) viewport = panBy(v, -event.dy, 0);
        else viewport = panBy(v, -event.dx, -event.dy);
        out.push({ type: 'camera', viewport });
        return true;
      }
      case 'keyDown':
        if (event.key === 'Space') {
          this.spaceHeld = true;
          return true;
        }
        return this.toState(event, context);
      case 'keyUp':
        this.spaceHeld = false;
        return true;
      case 'blur':
        this.spaceHeld = false;
        return false;
      case 'doubleClick':
      case 'editingEnded':
      case 'interrupt':
        return this.toState(event, context);
    }
  }

  /** Hands `event` to the current state's node and moves to the state it names. */
  private toState(event: GestureEvent | 'interrupt', context: NodeContext): boolean {
    const given: GestureEvent = event === 'interrupt' ? { type: 'interrupt' } : event;
    const node = STATE_NODES[this.current.name] as StateNode<GestureState>;
    const handler = node[given.type] as ((state: GestureState, event: GestureEvent, context: NodeContext) => Transition | null) | undefined;
    const transition = handler?.(this.current, given, context) ?? null;
    if (!transition) return false;
    this.current = transition.next;
    return transition.handled ?? true;
  }
}
