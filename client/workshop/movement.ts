// How each belief moved between the last two revealed rounds: its measured place on the
// matrix by the previous round's positions and by the latest round's — of the same people,
// those who answered it in both (shared/roundMovement.ts) — each laid out the way the
// Measured view lays out the board (client/editor/layout/measuredArrangement.ts), and the
// change in convergence. Pure, so the canvas draws it and the tests recompute it.
import { mapPlaceOf } from '../../shared/mapPlace.ts';
import { NOTE_WIDTH } from '../../shared/schema.ts';
import { computeBeliefStats, formatConvergence, type BeliefStats } from '../../shared/stats.ts';
import { MIN_PEOPLE_FOR_MOVEMENT, pairedFigures, peopleInBothRounds } from '../../shared/roundMovement.ts';
import { isBeliefInRound, type RoundRecord, type RoundStatus } from '../../shared/workshop.ts';
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

/** Each belief's figures in both rounds over the people who answered it in both; beliefs with too few are left out. */
export function pairedRoundStats(previous: RoundRecord, latest: RoundRecord): { before: Map<string, BeliefStats>; after: Map<string, BeliefStats> } {
  const before = new Map<string, BeliefStats>();
  const after = new Map<string, BeliefStats>();
  for (const id of new Set(latest.positions.map((position) => position.beliefId))) {
    const figures = pairedFigures(id, previous.positions, latest.positions);
    if (figures.before && figures.after) {
      before.set(id, figures.before);
      after.set(id, figures.after);
    }
  }
  return { before, after };
}

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

/** Whether what places a belief on the map — its convergence or its mean direction — changed. */
function figuresMoved(before: BeliefStats, after: BeliefStats): boolean {
  return before.convergence !== after.convergence || before.meanDirection !== after.meanDirection;
}

/** Arrows for the beliefs on both rounds' maps (by the same people) that moved; `notes` are the beliefs on the board. */
export function movementBetween(notes: readonly MovingNote[], previous: RoundRecord, latest: RoundRecord, matrix: Bounds): BeliefMovement[] {
  const paired = pairedRoundStats(previous, latest);
  const before = centresOnMap(notes, paired.before, matrix);
  const after = centresOnMap(notes, paired.after, matrix);
  const movements: BeliefMovement[] = [];
  for (const note of notes) {
    const from = before.get(note.id);
    const to = after.get(note.id);
    // Only a belief whose own figures moved: the layout also nudges a note aside for a
    // neighbour that moved, and an arrow there would say the team changed its mind.
    if (from && to && (from.x !== to.x || from.y !== to.y) && figuresMoved(paired.before.get(note.id)!, paired.after.get(note.id)!)) {
      movements.push({ id: note.id, from, to });
    }
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

/** Before a reveal: how many of the open round's beliefs can get a movement arrow, and how many cannot. */
export interface MovementForecast {
  /** The revealed round the arrows would start from; null when there is none yet. */
  previousRound: number | null;
  /** Beliefs with at least MIN_PEOPLE_FOR_MOVEMENT people in both rounds so far. */
  ready: number;
  /** Beliefs in the round with fewer. */
  short: number;
}

/** From who has answered (public), never what: the facilitator's forecast before revealing. */
export function movementForecast(round: RoundStatus, boardBeliefIds: readonly string[], previous: RoundRecord | null): MovementForecast {
  const inRound = boardBeliefIds.filter((id) => isBeliefInRound(round, id));
  if (!previous) return { previousRound: null, ready: 0, short: inRound.length };
  const ready = inRound.filter((id) => peopleInBothRounds(id, previous.positions, round.answered[id] ?? []) >= MIN_PEOPLE_FOR_MOVEMENT).length;
  return { previousRound: previous.number, ready, short: inRound.length - ready };
}

/** The forecast in words, with the reason for the beliefs that will get no arrow. */
export function describeForecast(forecast: MovementForecast, roundNumber: number): string {
  const total = forecast.ready + forecast.short;
  if (forecast.previousRound === null) return 'Movement arrows start with the next round: they compare two revealed rounds.';
  const beliefs = (count: number) => `${count} ${count === 1 ? 'belief' : 'beliefs'}`;
  const ready = `Movement arrows: ${forecast.ready} of ${beliefs(total)} can get one when revealed (unless people pass; a belief that did not move gets none).`;
  if (forecast.short === 0) return ready;
  return `${ready} ${beliefs(forecast.short)} will not: an arrow compares the same people, and fewer than ${MIN_PEOPLE_FOR_MOVEMENT} have answered ${forecast.short === 1 ? 'it' : 'them'} in both round ${forecast.previousRound} and round ${roundNumber}.`;
}
