// The picture export: which part of the board, how sharp, what background and margin;
// then download it or copy it to the clipboard. Large pictures show their progress, and
// a picture the browser could not hold at the chosen scale is made smaller, and says so.
import { useState, type FormEvent } from 'react';
import { readBoardMeta } from '../../shared/model.ts';
import { exportFileName } from '../../shared/exports/exportTime.ts';
import type { BoardEditor } from '../editor/BoardEditor.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { useSelection } from '../editor/hooks.ts';
import { beliefsBounds, contentBounds } from '../editor/layout/bounds.ts';
import { visibleBounds, type Bounds } from '../editor/viewport.ts';
import { useModalDialog } from '../ui/useModalDialog.ts';
import { downloadBlob } from './download.ts';
import { planImage, type ImagePlan } from './imagePlan.ts';

export interface PictureOptions {
  plan: ImagePlan;
  background: 'transparent' | 'white';
  /** 0…1 as the picture is drawn. */
  onProgress(done: number): void;
}

/** Draws the board's area the plan names as a PNG. */
export type DrawPicture = (options: PictureOptions) => Promise<Blob>;

type Area = 'board' | 'view' | 'selection';
const AREA_LABELS: Record<Area, string> = { board: 'Whole board', view: 'Current view', selection: 'Selected notes' };
const SCALES = [1, 2, 3] as const;
const DEFAULT_PADDING = 32;
const MAX_PADDING = 400;

function areaBounds(editor: BoardEditor, area: Area, selection: string[]): Bounds | null {
  const { session, viewport } = editor;
  if (area === 'view') return visibleBounds(viewport.get());
  if (area === 'selection') {
    return beliefsBounds(selection.flatMap((id) => session.beliefs.get(id) ?? []));
  }
  // The layout this tab shows: in the Measured view the map and its trays, whose notes
  // are not where their own places are.
  return editor.layout.isRearranged()
    ? editor.layout.measured().bounds
    : contentBounds(session.beliefs.all(), readBoardMeta(session.doc).template);
}

function describe(plan: ImagePlan, scale: number): string {
  const size = `${plan.width} × ${plan.height} pixels`;
  return plan.capped
    ? `${size}: made smaller than ${scale}× (${plan.pixelRatio.toFixed(2)}×), the largest picture a browser can reliably draw.`
    : size;
}

export function PngExportDialog({ drawPicture, onClose }: { drawPicture: DrawPicture; onClose(): void }) {
  const editor = useEditor();
  const dialog = useModalDialog();
  const selection = useSelection();
  const [area, setArea] = useState<Area>(selection.length > 0 ? 'selection' : 'board');
  const [scale, setScale] = useState<number>(2);
  const [white, setWhite] = useState(true);
  const [padding, setPadding] = useState(DEFAULT_PADDING);
  const [progress, setProgress] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const bounds = areaBounds(editor, area, selection);
  const plan = bounds ? planImage(bounds, scale, padding) : null;
  const busy = progress !== null;

  const render = (): Promise<Blob> => {
    if (!plan) return Promise.reject(new Error('There is nothing to draw: the board has no notes.'));
    setMessage(null);
    setProgress(0);
    return drawPicture({ plan, background: white ? 'white' : 'transparent', onProgress: setProgress }).finally(
      () => setProgress(null),
    );
  };

  const fail = (error: unknown) => setMessage(error instanceof Error ? error.message : String(error));

  const download = (event: FormEvent) => {
    event.preventDefault();
    render().then((blob) => {
      const now = Date.now();
      downloadBlob(blob, exportFileName(readBoardMeta(editor.session.doc).title, now, 'png'));
      setMessage(plan?.capped ? `Downloaded at ${describe(plan, scale)}` : 'Downloaded.');
    }, fail);
  };

  const copy = () => {
    if (!navigator.clipboard?.write || typeof ClipboardItem === 'undefined') {
      setMessage('This browser cannot copy pictures; download the PNG instead.');
      return;
    }
    // The promise goes into the ClipboardItem at once, inside the click, or Safari refuses.
    navigator.clipboard.write([new ClipboardItem({ 'image/png': render() })]).then(
      () => setMessage('Copied the picture to the clipboard.'),
      (error: unknown) => fail(new Error(`Could not copy the picture (${error instanceof Error ? error.message : String(error)}); download it instead.`)),
    );
  };

  return (
    <dialog
      ref={dialog}
      className="card png-export"
      aria-labelledby="png-export-heading"
      onClose={() => {
        if (!dialog.current?.open) onClose();
      }}
    >
      <h2 id="png-export-heading">Export a picture</h2>
      <form onSubmit={download}>
        <fieldset>
          <legend>Area</legend>
          {(Object.keys(AREA_LABELS) as Area[]).map((choice) => (
            <label key={choice} className="choice">
              <input
                type="radio"
                name="png-area"
                checked={area === choice}
                disabled={choice === 'selection' && selection.length === 0}
                onChange={() => setArea(choice)}
              />
              {AREA_LABELS[choice]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Scale</legend>
          {SCALES.map((choice) => (
            <label key={choice} className="choice">
              <input type="radio" name="png-scale" checked={scale === choice} onChange={() => setScale(choice)} />
              {choice}×
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Background</legend>
          <label className="choice">
            <input type="radio" name="png-background" checked={white} onChange={() => setWhite(true)} />
            White
          </label>
          <label className="choice">
            <input type="radio" name="png-background" checked={!white} onChange={() => setWhite(false)} />
            Transparent
          </label>
        </fieldset>
        <label>
          Padding (pixels)
          <input
            type="number"
            min={0}
            max={MAX_PADDING}
            value={padding}
            onChange={(event) => setPadding(Math.min(MAX_PADDING, Math.max(0, Number(event.target.value) || 0)))}
          />
        </label>
        <p className="muted" data-testid="png-size">
          {plan ? describe(plan, scale) : 'There is nothing to draw: the board has no notes.'}
        </p>
        {busy && (
          <progress max={1} value={progress} aria-label="Drawing the picture">
            {Math.round(progress * 100)}%
          </progress>
        )}
        {message && <p role="status">{message}</p>}
        <div className="png-export__actions">
          <button type="submit" className="button button--primary" disabled={busy || !plan}>
            Download PNG
          </button>
          <button type="button" className="button" disabled={busy || !plan} onClick={copy}>
            Copy as PNG
          </button>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
    </dialog>
  );
}
