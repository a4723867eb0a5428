// The toolbar's Export menu button. A menu button as the WAI-ARIA pattern has it: Enter,
// Space or ↓ opens the menu on the first item, ↑ on the last; Escape or a press outside
// closes it (useDismiss.ts). The items and the picture dialog are downloaded when first
// opened (onDemandParts.tsx).
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { readBoardMeta } from '../../shared/model.ts';
import { exportFileName } from '../../shared/exports/exportTime.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { downloadBlob } from './download.ts';
import { useDismiss } from '../ui/useDismiss.ts';
import { ExportMenuList, PngExportDialog } from './onDemandParts.tsx';
import type { DrawPicture } from './PngExportDialog.tsx';

/** Draws the retro picture, exported at `exportedAt`. */
export type DrawRetroPicture = (exportedAt: number) => Promise<Blob>;

/**
 * `drawPicture` draws the board as a picture and `drawRetro` the Measured picture for a
 * retro; the canvas knows how, and the page hands them over.
 */
export function ExportMenu({ drawPicture, drawRetro }: { drawPicture: DrawPicture; drawRetro: DrawRetroPicture }) {
  const editor = useEditor();
  const menuId = useId();
  const [open, setOpen] = useState(false);
  const [retroBusy, setRetroBusy] = useState(false);
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
        {retroBusy ? 'Exporting…' : 'Export'}
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
            onRetro={() => {
              close(true);
              const now = Date.now();
              setRetroBusy(true);
              drawRetro(now)
                .then(
                  (blob) => downloadBlob(blob, exportFileName(readBoardMeta(editor.session.doc).title, now, 'retro.png')),
                  (error: unknown) => editor.report(`The retro picture could not be made: ${error instanceof Error ? error.message : String(error)}`),
                )
                .finally(() => setRetroBusy(false));
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
