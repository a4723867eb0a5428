// The toolbar's Export menu button. A menu button as the WAI-ARIA pattern has it: Enter,
// Space or ↓ opens the menu on the first item, ↑ on the last; Escape or a press outside
// closes it (useDismiss.ts). The items and the picture dialog are downloaded when first
// opened (onDemandParts.tsx).
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { useDismiss } from '../ui/useDismiss.ts';
import { ExportMenuList, PngExportDialog } from './onDemandParts.tsx';
import type { DrawPicture } from './PngExportDialog.tsx';

/** `drawPicture` draws the board as a picture; the canvas knows how, and the page hands it over. */
export function ExportMenu({ drawPicture }: { drawPicture: DrawPicture }) {
  const menuId = useId();
  const [open, setOpen] = useState(false);
  const [pictureOpen, setPictureOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const focusOnOpen = useRef<'first' | 'last'>('first');

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  useDismiss(open, menu, button, () => setOpen(false));

  const onButtonKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    focusOnOpen.current = event.key === 'ArrowUp' ? 'last' : 'first';
    setOpen(true);
  };

  return (
    <div className="export-menu">
      <button
        ref={button}
        type="button"
        className="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        title="Export the board as a picture, a summary or data"
        onClick={() => {
          focusOnOpen.current = 'first';
          setOpen((was) => !was);
        }}
        onKeyDown={onButtonKey}
      >
        Export
      </button>
      {open && (
        <div ref={menu}>
          <ExportMenuList
            id={menuId}
            focusOnOpen={focusOnOpen.current}
            onClose={close}
            onPicture={() => {
              setOpen(false);
              setPictureOpen(true);
            }}
          />
        </div>
      )}
      {pictureOpen && (
        <PngExportDialog
          drawPicture={drawPicture}
          onClose={() => {
            setPictureOpen(false);
            button.current?.focus();
          }}
        />
      )}
    </div>
  );
}
