// The History view's maps (client/history/HistoryView.tsx), drawn by the canvas's own code:
// each moment's document gets a read-only session (state/momentSession.ts) and an editor of
// its own, laid out as the live board is (free or Measured), framed where the live camera
// was, and a moment shown after another keeps the camera the previous one was left at.
// Comparing two moments, the later map draws each belief's movement since the earlier one
// with the workshop's arrows. One moment alone also gets the belief list, read-only,
// except during a replay.
import { useEffect, useId, useMemo, useRef } from 'react';
import { Layer } from 'react-konva';
import { BeliefList } from '../board/BeliefList.tsx';
import { BoardCanvas } from '../canvas/BoardCanvas.tsx';
import { BoardEditor } from '../editor/BoardEditor.ts';
import { EditorProvider, useEditor } from '../editor/EditorContext.tsx';
import type { Bounds, Viewport } from '../editor/viewport.ts';
import type { MomentMap, MomentMapsProps } from '../history/HistoryView.tsx';
import { useValue } from '../state/hooks.ts';
import { momentSession } from '../state/momentSession.ts';
import { MovementArrows } from '../workshop/onDemandParts.tsx';
import type { BeliefMovement } from '../workshop/movement.ts';

export function MomentMaps({ maps, listed }: MomentMapsProps) {
  const live = useEditor();
  const cameras = useRef(new Map<string, Viewport>());
  const editors = useMomentEditors(live, maps, cameras.current);
  const listId = useId();
  const arrows = useMemo(() => (editors.length === 2 ? movementsBetween(editors[0], editors[1]) : []), [editors]);
  return (
    <div className={maps.length === 2 ? 'history__maps history__maps--compare' : 'history__maps'}>
      {maps.map((map, i) => (
        <figure key={map.slot} className="history__map" data-testid={`history-map-${map.slot}`} data-beliefs={editors[i].session.beliefs.all().length}>
          <figcaption className="history__caption">{map.label}</figcaption>
          <EditorProvider editor={editors[i]}>
            <div className="history__canvas">
              <BoardCanvas
                key={map.doc.guid}
                layers={i === 1 && arrows.length > 0 ? () => <Layer listening={false}><MovementArrows movements={arrows} /></Layer> : undefined}
                testData={{ 'movement-arrows': i === 1 ? arrows.length : 0 }}
              />
            </div>
            {listed && <BeliefList id={listId} />}
          </EditorProvider>
        </figure>
      ))}
    </div>
  );
}

/** An editor per map, made when its document changes; its camera is kept per slot and handed on. */
function useMomentEditors(live: BoardEditor, maps: MomentMap[], cameras: Map<string, Viewport>): BoardEditor[] {
  const mode = useValue(live.layout.mode);
  const docs = maps.map((map) => map.doc);
  const editors = useMemo(
    () =>
      maps.map((map) => {
        const editor = new BoardEditor(momentSession(live.session, map.doc));
        // The same layout as the live board, at once: a glide at every moment of a replay would never rest.
        editor.layout.mode.set(mode);
        editor.layout.progress.set(mode === 'measured' ? 1 : 0);
        const camera = cameras.get(map.slot) ?? live.viewport.get();
        editor.viewport.set(camera);
        editor.viewport.measured = true;
        editor.viewport.subscribe(() => cameras.set(map.slot, editor.viewport.get()));
        return editor;
      }),
    // A new editor only for a new document (or layout); the labels change with them anyway.
    [live, mode, ...docs],
  );
  useEffect(() => () => editors.forEach((editor) => editor.session.destroy()), [editors]);
  return editors;
}

const centre = (box: Bounds) => ({ x: (box.minX + box.maxX) / 2, y: (box.minY + box.maxY) / 2 });

/** Each belief on both maps that is drawn somewhere else on the later one: an arrow from where it was. */
function movementsBetween(then: BoardEditor, later: BoardEditor): BeliefMovement[] {
  const movements: BeliefMovement[] = [];
  for (const belief of later.session.beliefs.all()) {
    const before = then.layout.boxOf(belief.id);
    const after = later.layout.boxOf(belief.id);
    if (!before || !after) continue;
    const from = centre(before);
    const to = centre(after);
    if (Math.hypot(to.x - from.x, to.y - from.y) >= 1) movements.push({ id: belief.id, from, to });
  }
  return movements;
}
