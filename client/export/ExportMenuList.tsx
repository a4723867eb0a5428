// The Export menu's items, shown while the menu is open: the text exports (made here, from
// the board this tab holds, with the same pure functions as the server's) and the picture.
// Loaded with the menu's first opening, not with the board (onDemandParts.tsx).
// Keys as the WAI-ARIA menu pattern has them: arrows, Home and End move. Escape and a press
// outside close it as every popover's do (ExportMenu.tsx, useDismiss.ts).
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { exportFileName } from '../../shared/exports/exportTime.ts';
import { TEXT_EXPORTS, type TextExportId } from '../../shared/exports/textFormats.ts';
import { snapshotFromDoc } from '../../shared/snapshot/fromDoc.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { downloadBlob } from './download.ts';

const TEXT_ITEMS = Object.keys(TEXT_EXPORTS) as TextExportId[];

export interface ExportMenuListProps {
  id: string;
  /** The item that takes focus when the menu opens: ↑ on the button opens it on the last. */
  focusOnOpen: 'first' | 'last';
  /** Closes the menu; `refocus` puts focus back on its button. */
  onClose(refocus: boolean): void;
  onPicture(): void;
  /** "Export for retro": the Measured picture with title, date and legend, downloaded at once. */
  onRetro(): void;
}

export function ExportMenuList({ id, focusOnOpen, onClose, onPicture, onRetro }: ExportMenuListProps) {
  const { session } = useEditor();
  const menu = useRef<HTMLUListElement>(null);

  const items = () => Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  useEffect(() => {
    const all = items();
    (focusOnOpen === 'first' ? all[0] : all[all.length - 1])?.focus();
    // Once, when the menu opens: focus must not jump back to an end item on a re-render.
  }, []);

  const exportText = (format: TextExportId) => {
    onClose(true);
    const chosen = TEXT_EXPORTS[format];
    // Names behind pseudonyms only for a facilitator the relay told them to (anonymous to participants).
    const snapshot = snapshotFromDoc(session.doc, { now: Date.now(), answerers: session.workshop.answerOwners() });
    const blob = new Blob([chosen.render(snapshot)], { type: chosen.contentType });
    downloadBlob(blob, exportFileName(snapshot.title, snapshot.exportedAt, chosen.extension));
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
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      // The toolbar around the menu moves between its buttons with these; inside the menu they do nothing.
      event.stopPropagation();
    } else if (event.key === 'Tab') {
      onClose(false);
    }
  };

  return (
    <ul ref={menu} id={id} role="menu" aria-label="Export" className="export-menu__list card" onKeyDown={onMenuKey}>
      {TEXT_ITEMS.map((format) => (
        <li key={format} role="none">
          <button type="button" role="menuitem" tabIndex={-1} onClick={() => exportText(format)}>
            {TEXT_EXPORTS[format].label}
          </button>
        </li>
      ))}
      <li role="none">
        <button type="button" role="menuitem" tabIndex={-1} aria-haspopup="dialog" onClick={onPicture}>
          Picture (PNG)…
        </button>
      </li>
      <li role="none">
        <button type="button" role="menuitem" tabIndex={-1} onClick={onRetro}>
          Export for retro (PNG)
        </button>
      </li>
    </ul>
  );
}
