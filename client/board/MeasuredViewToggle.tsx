// The toolbar's switch between the free layout and the Measured view, pressed while the
// Measured view is on. Its label, key and tooltip come from the action table.
import { useSyncExternalStore } from 'react';
import { useEditor } from '../editor/EditorContext.tsx';
import { ActionButton } from '../ui/ActionButton.tsx';

export function MeasuredViewToggle() {
  const { mode } = useEditor().layout;
  const measured = useSyncExternalStore(mode.subscribe, () => mode.get() === 'measured');
  return (
    <div className="toolbar__group">
      <ActionButton action="measured-view" className="button toggle" pressed={measured} />
    </div>
  );
}
