// The toolbar's "Facilitate" button, for the facilitator only. The tools it opens
// (client/workshop/FacilitatorTools.tsx) are downloaded when first opened: nobody else
// ever needs them (client/board/onDemandParts.tsx).
import { useId, useRef, useState } from 'react';
import type { ActionContext } from '../editor/actions.ts';
import { FacilitatorTools } from '../board/onDemandParts.tsx';
import { useAccessRole } from '../state/hooks.ts';

export function FacilitatorPanel({ ctx }: { ctx: ActionContext }) {
  const role = useAccessRole(ctx.session);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
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
      {open && <FacilitatorTools id={panelId} ctx={ctx} onClose={close} />}
    </div>
  );
}
