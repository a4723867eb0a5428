// The toolbar's switch between the free layout and the Measured view, pressed while the
// Measured view is on. Its label, key and tooltip come from the action table.
import { useSyncExternalStore } from 'react';
import type { ActionContext } from '../editor/actions.ts';
import { ActionButton } from '../ui/ActionButton.tsx';

export function MeasuredViewToggle({ ctx }: { ctx: ActionContext }) {
  const { mode } = ctx.layout;
  const measured = useSyncExternalStore(mode.subscribe, () => mode.get() === 'measured');
  return (
    <div className="toolbar__group">
      <ActionButton action="measured-view" ctx={ctx} className="button toggle" pressed={measured} />
    </div>
  );
}
