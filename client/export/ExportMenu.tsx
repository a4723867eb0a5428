// The toolbar's Export menu: the text exports (made here, from the board this tab holds,
// with the same pure functions as the server's) and the picture. A menu button as the
// WAI-ARIA pattern has it: Enter, Space or ↓ opens it on the first item, ↑ on the last;
// arrows, Home and End move; Escape closes and returns focus to the button.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { exportFileName } from '../../shared/exports/exportTime.ts';
import { TEXT_EXPORTS, type TextExportId } from '../../shared/exports/textFormats.ts';
import { snapshotFromDoc } from '../../shared/snapshot/fromDoc.ts';
import type { ActionContext } from '../actions/actions.ts';
import { downloadBlob } from './download.ts';
import { PngExportDialog } from './PngExportDialog.tsx';

const TEXT_ITEMS = Object.keys(TEXT_EXPORTS) as TextExportId[];

export function ExportMenu({ ctx }: { ctx: ActionContext }) {
  const menuId = useId();
  const [open, setOpen] = useState(false);
  const [pictureOpen, setPictureOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const focusOnOpen = useRef<'first' | 'last'>('first');

  const items = () => Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  useEffect(() => {
    if (!open) return;
    const all = items();
    (focusOnOpen.current === 'first' ? all[0] : all[all.length - 1])?.focus();
    const closeOnOutside = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node) && event.target !== button.current) setOpen(false);
    };
    document.addEventListener('pointerdown', closeOnOutside);
    return () => document.removeEventListener('pointerdown', closeOnOutside);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  const exportText = (id: TextExportId) => {
    close();
    const format = TEXT_EXPORTS[id];
    const snapshot = snapshotFromDoc(ctx.session.doc, { now: Date.now() });
    const blob = new Blob([format.render(snapshot)], { type: format.contentType });
    downloadBlob(blob, exportFileName(snapshot.title, snapshot.exportedAt, format.extension));
  };

  const onButtonKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    focusOnOpen.current = event.key === 'ArrowUp' ? 'last' : 'first';
    setOpen(true);
  };

  const onMenuKey = (event: KeyboardEvent<HTMLUListElement>) => {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const target =
      event.key === 'ArrowDown' ? all[(at + 1) % all.length]
      : event.key === 'ArrowUp' ? all[(at - 1 + all.length) % all.length]
      : event.key === 'Home' ? all[0]
      : event.key === 'End' ? all[all.length - 1]
      : null;
    if (target) {
      event.preventDefault();
      target.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      // The toolbar around the menu moves between its buttons with these; inside the menu they do nothing.
      event.stopPropagation();
    } else if (event.key === 'Tab') {
      setOpen(false);
    }
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
        <ul ref={menu} id={menuId} role="menu" aria-label="Export" className="export-menu__list card" onKeyDown={onMenuKey}>
          {TEXT_ITEMS.map((id) => (
            <li key={id} role="none">
              <button type="button" role="menuitem" tabIndex={-1} onClick={() => exportText(id)}>
                {TEXT_EXPORTS[id].label}
              </button>
            </li>
          ))}
          <li role="none">
            <button
              type="button"
              role="menuitem"
              tabIndex={-1}
              aria-haspopup="dialog"
              onClick={() => {
                setOpen(false);
                setPictureOpen(true);
              }}
            >
              Picture (PNG)…
            </button>
          </li>
        </ul>
      )}
      {pictureOpen && (
        <PngExportDialog
          ctx={ctx}
          onClose={() => {
            setPictureOpen(false);
            button.current?.focus();
          }}
        />
      )}
    </div>
  );
}
