// How each belief moved between the last two revealed rounds: its measured place on the
// matrix by the previous round's positions and by the latest round's, each laid out the
// way the Measured view lays out the board (client/editor/layout/measuredArrangement.ts), and the change in
// convergence. Pure, so the canvas draws it and the tests recompute it.
import { mapPlaceOf } from '../../shared/mapPlace.ts';
import { NOTE_WIDTH } from '../../shared/schema.ts';
import { computeBeliefStats, formatConvergence, type BeliefStats } from '../../shared/stats.ts';
import type { RoundRecord } from '../../shared/workshop.ts';
import { arrangeMeasured } from '../editor/layout/measuredArrangement.ts';
import type { Bounds, Point } from '../editor/viewport.ts';

/** A belief as the layout needs it: its id and its height (x and y are its own place, unused by the map). */
export interface MovingNote {
  id: string;
  x: number;
  y: number;
  height: number;
}

export interface BeliefMovement {
  id: string;
  /** Centre of the note on the previous round's map. */
  from: Point;
  /** Centre of the note on the latest round's map. */
  to: Point;
}

/** Each belief's figures from the positions revealed in one round. */
export function roundStats(record: RoundRecord): Map<string, BeliefStats> {
  const byBelief = new Map<string, RoundRecord['positions']>();
  for (const position of record.positions) {
    const list = byBelief.get(position.beliefId);
    if (list) list.push(position);
    else byBelief.set(position.beliefId, [position]);
  }
  return new Map([...byBelief].map(([id, positions]) => [id, computeBeliefStats(positions)]));
}

const NO_POSITIONS = computeBeliefStats([]);

/** Centres of the notes that are on the map (not in a tray) by one round's figures. */
function centresOnMap(notes: readonly MovingNote[], stats: Map<string, BeliefStats>, matrix: Bounds): Map<string, Point> {
  const arrangement = arrangeMeasured(
    notes.map((note) => ({ ...note, stats: stats.get(note.id) ?? NO_POSITIONS })),
    matrix,
  );
  const centres = new Map<string, Point>();
  for (const note of notes) {
    const at = arrangement.positions.get(note.id);
    if (at && mapPlaceOf(stats.get(note.id) ?? NO_POSITIONS).tray === null) centres.set(note.id, { x: at.x + NOTE_WIDTH / 2, y: at.y + note.height / 2 });
  }
  return centres;
}

/** Arrows for the beliefs on both rounds' maps that moved; `notes` are the beliefs on the board. */
export function movementBetween(notes: readonly MovingNote[], previous: RoundRecord, latest: RoundRecord, matrix: Bounds): BeliefMovement[] {
  const before = centresOnMap(notes, roundStats(previous), matrix);
  const after = centresOnMap(notes, roundStats(latest), matrix);
  const movements: BeliefMovement[] = [];
  for (const note of notes) {
    const from = before.get(note.id);
    const to = after.get(note.id);
    if (from && to && (from.x !== to.x || from.y !== to.y)) movements.push({ id: note.id, from, to });
  }
  return movements;
}

/** "convergence 0.43 → 0.81 (+0.38)", with a true minus sign for a fall. */
export function describeConvergenceChange(before: number, after: number): string {
  // The change of the figures as shown, so the three numbers always add up.
  const [shownBefore, shownAfter] = [formatConvergence(before), formatConvergence(after)];
  const change = Math.round((Number(shownAfter) - Number(shownBefore)) * 100) / 100;
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  return `convergence ${shownBefore} → ${shownAfter} (${sign}${Math.abs(change).toFixed(2)})`;
}
