// A button for one entry of the action table: its name is the action's label, its
// tooltip and aria-keyshortcuts come from the same entry.
import type { ReactNode } from 'react';
import { getAction, tooltip } from '../editor/actions.ts';
import { useEditor } from '../editor/EditorContext.tsx';

interface ActionButtonProps {
  action: string;
  /** What the button shows when not its label (a glyph, a swatch). */
  children?: ReactNode;
  className?: string;
  pressed?: boolean;
}

export function ActionButton({ action: id, children, className = 'button', pressed }: ActionButtonProps) {
  const editor = useEditor();
  const action = getAction(id);
  return (
    <button
      type="button"
      className={className}
      title={tooltip(action)}
      aria-label={children ? action.label : undefined}
      aria-keyshortcuts={action.ariaKeys}
      aria-pressed={pressed}
      disabled={!action.enabled(editor)}
      onClick={() => action.run(editor)}
    >
      {children ?? action.label}
    </button>
  );
}
