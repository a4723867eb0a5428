// How every popover of the board leaves (the facilitator's tools, the Share menu, the
// Export menu, …): Escape closes the one opened last, wherever focus is, and a press
// anywhere outside it and its button closes it. One behaviour in one place, so no popover
// can stay open over the map because it forgot a case. A modal dialog opened from a
// popover keeps its own Escape.
import { useEffect, type RefObject } from 'react';
import { useEffectEvent } from './useEffectEvent.ts';

export type DismissReason = 'escape' | 'outside';

/** The open popovers, the last opened last: one Escape closes one popover. */
const openPopovers: symbol[] = [];

/**
 * While `open`, calls `onDismiss` on Escape (focus goes back to the button when it was
 * inside the popover) or on a press outside `popover` and `button`.
 */
export function useDismiss(
  open: boolean,
  popover: RefObject<HTMLElement | null>,
  button: RefObject<HTMLElement | null>,
  onDismiss: (reason: DismissReason) => void,
): void {
  const dismiss = useEffectEvent(onDismiss);
  useEffect(() => {
    if (!open) return;
    const me = Symbol('popover');
    openPopovers.push(me);
    const inside = (target: EventTarget | null) =>
      target instanceof Node && (popover.current?.contains(target) || button.current?.contains(target));

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || openPopovers.at(-1) !== me) return;
      // A modal dialog (the picture dialog, a confirm) answers its own Escape.
      if (event.target instanceof Element && event.target.closest('dialog') && !inside(event.target)) return;
      event.preventDefault();
      const hadFocus = popover.current?.contains(document.activeElement) ?? false;
      dismiss('escape');
      if (hadFocus) button.current?.focus();
    };
    // Captured, so a press the canvas keeps to itself (a pan, a selection) still closes the popover.
    const onPointerDown = (event: PointerEvent) => {
      if (!inside(event.target)) dismiss('outside');
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => {
      openPopovers.splice(openPopovers.indexOf(me), 1);
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('pointerdown', onPointerDown, true);
    };
  }, [open, popover, button]);
}
