// A button for one entry of the action table: its name is the action's label, its
// tooltip and aria-keyshortcuts come from the same entry.
import type { ReactNode } from 'react';
import { getAction, tooltip, type ActionContext } from '../editor/actions.ts';

interface ActionButtonProps {
  action: string;
  ctx: ActionContext;
  /** What the button shows when not its label (a glyph, a swatch). */
  children?: ReactNode;
  className?: string;
  pressed?: boolean;
}

export function ActionButton({ action: id, ctx, children, className = 'button', pressed }: ActionButtonProps) {
  const action = getAction(id);
  return (
    <button
      type="button"
      className={className}
      title={tooltip(action)}
      aria-label={children ? action.label : undefined}
      aria-keyshortcuts={action.ariaKeys}
      aria-pressed={pressed}
      disabled={!action.enabled(ctx)}
      onClick={() => action.run(ctx)}
    >
      {children ?? action.label}
    </button>
  );
}
