// The toolbar's "Facilitate" button, for the facilitator only. The tools it opens
// (FacilitatorTools.tsx) are downloaded when first opened: nobody else ever needs them
// (onDemandParts.tsx). Escape or a press outside closes it (useDismiss.ts); it opens at the
// toolbar's right end, narrower than half the map, so the middle of the map stays in view.
import { useId, useRef, useState } from 'react';
import { useEditor } from '../editor/EditorContext.tsx';
import { useAccessRole } from '../state/hooks.ts';
import { useDismiss } from '../ui/useDismiss.ts';
import { FacilitatorTools } from './onDemandParts.tsx';

export function FacilitatorPanel() {
  const role = useAccessRole(useEditor().session);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  useDismiss(open, panel, button, () => setOpen(false));
  if (role !== 'facilitate') return null;

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  return (
    <div className="facilitator">
      <button
        ref={button}
        type="button"
        className="button toggle"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        title="Facilitator tools: timer, lock, rounds"
        onClick={() => setOpen((was) => !was)}
      >
        Facilitate
      </button>
      {open && (
        <div ref={panel} className="facilitator__place">
          <FacilitatorTools id={panelId} onClose={close} />
        </div>
      )}
    </div>
  );
}
