// The Measured view's layout: each belief placed on Cutler's matrix by the numbers, then
// nudged to the nearest free spot so no two notes overlap and no note covers the matrix's
// captions and axis labels. Pure and deterministic, so every participant sees the same map
// and the tests can check it. Only beliefs with a convergence and a direction come here:
// the others wait in trays (shared/mapPlace.ts).
import { CONVERGENCE_MIDLINE, QUADRANTS, quadrantOf, type Quadrant } from './quadrants.ts';

export interface MeasuredItem {
  id: string;
  /** 0…1; 1 is drawn at the top of the matrix. */
  convergence: number;
  /** The team's mean direction, −2 challenge … +2 maintain. */
  direction: number;
  width: number;
  height: number;
}

export interface MatrixBounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Space kept between two nudged notes, so their edges and shadows stay apart. */
export const NOTE_GAP = 16;

const MAX_DIRECTION = 2;

// Inside the matrix a note tries spots a quarter of its shorter side apart: fine enough to
// sit close to its own spot, coarse enough to search a crowded quadrant quickly.
const STEPS_PER_NOTE_SIDE = 4;

interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** −1…+1 across the matrix. */
function acrossOf(item: MeasuredItem): number {
  return item.direction / MAX_DIRECTION;
}

/**
 * Where a belief's centre belongs by the numbers. The horizontal axis runs linearly from
 * direction −2 to +2. The vertical one is linear on each side of CONVERGENCE_MIDLINE, so
 * that the midline falls on the matrix's drawn horizontal axis and a note sits in the
 * quadrant `quadrantOf` names.
 */
export function measuredCentre(item: MeasuredItem, matrix: MatrixBounds): Point {
  const midX = (matrix.minX + matrix.maxX) / 2;
  const midY = (matrix.minY + matrix.maxY) / 2;
  const across = acrossOf(item);
  const convergence = clamp(item.convergence, 0, 1);
  const up =
    convergence >= CONVERGENCE_MIDLINE
      ? (convergence - CONVERGENCE_MIDLINE) / (1 - CONVERGENCE_MIDLINE)
      : (convergence - CONVERGENCE_MIDLINE) / CONVERGENCE_MIDLINE;
  return {
    x: midX + clamp(across, -1, 1) * (matrix.maxX - midX),
    y: midY - up * (midY - matrix.minY),
  };
}

/** Placed notes, bucketed by grid cell so a probe looks only at its neighbours. */
class OccupiedSpace {
  private cells = new Map<number, Box[]>();
  /** Extent of every placed note: beyond it all space is free. */
  bounds: Box | null = null;

  constructor(private readonly cellSize: number) {}

  // Two cells may share a key on a board millions of units wide; that only costs a few
  // extra box tests, never a wrong answer.
  private cellKeys(box: Box): number[] {
    const keys: number[] = [];
    const [x0, x1] = [Math.floor(box.minX / this.cellSize), Math.floor(box.maxX / this.cellSize)];
    const [y0, y1] = [Math.floor(box.minY / this.cellSize), Math.floor(box.maxY / this.cellSize)];
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) keys.push(x * 100_003 + y);
    return keys;
  }

  add(box: Box): void {
    for (const key of this.cellKeys(box)) {
      const boxes = this.cells.get(key);
      if (boxes) boxes.push(box);
      else this.cells.set(key, [box]);
    }
    this.bounds = this.bounds ? union(this.bounds, box) : box;
  }

  /** True when `box` comes closer than NOTE_GAP to a placed note. */
  crowds(box: Box): boolean {
    const reach = { minX: box.minX - NOTE_GAP, minY: box.minY - NOTE_GAP, maxX: box.maxX + NOTE_GAP, maxY: box.maxY + NOTE_GAP };
    for (const key of this.cellKeys(reach)) {
      for (const placed of this.cells.get(key) ?? []) {
        if (reach.minX < placed.maxX && placed.minX < reach.maxX && reach.minY < placed.maxY && placed.minY < reach.maxY) {
          return true;
        }
      }
    }
    return false;
  }
}

function union(a: Box, b: Box): Box {
  return {
    minX: Math.min(a.minX, b.minX),
    minY: Math.min(a.minY, b.minY),
    maxX: Math.max(a.maxX, b.maxX),
    maxY: Math.max(a.maxY, b.maxY),
  };
}

/** Values from `min` to `max` every `step` in line with `through`, and both ends. */
function lattice(min: number, max: number, through: number, step: number): number[] {
  const values = new Set([min, max]);
  for (let k = Math.ceil((min - through) / step); through + k * step <= max; k++) values.add(through + k * step);
  return [...values];
}

function contains(box: Box, point: Point): boolean {
  return box.minX <= point.x && point.x <= box.maxX && box.minY <= point.y && point.y <= box.maxY;
}

/**
 * Spots a note's centre may try in a finite `region`, outside `searched` if given: a
 * lattice through `target`, plus the region's edges so a note can sit flush against them;
 * nearest to `target` first.
 */
function candidates(region: Box, target: Point, stepX: number, stepY: number, searched?: Box): Point[] {
  const points: (Point & { distance: number })[] = [];
  for (const x of lattice(region.minX, region.maxX, target.x, stepX)) {
    for (const y of lattice(region.minY, region.maxY, target.y, stepY)) {
      if (searched && contains(searched, { x, y })) continue;
      points.push({ x, y, distance: (x - target.x) ** 2 + (y - target.y) ** 2 });
    }
  }
  return points.sort((a, b) => a.distance - b.distance || a.y - b.y || a.x - b.x);
}

/**
 * Top-left corners of the notes on the Measured view: each at its spot by the numbers
 * (`measuredCentre`), or, when that spot is taken, the nearest free one that keeps the
 * note's centre in its quadrant, so a nudge never tells a different story. Notes stay
 * inside the matrix while their quadrant has room and overflow past its outer edges when
 * it has none. Notes are placed in order of id, so the result does not depend on the
 * order of `items`.
 */
export function measuredLayout(
  items: readonly MeasuredItem[],
  matrix: MatrixBounds,
  /** Areas no note may cover: the captions and axis labels, so the map stays readable. */
  keepClear: readonly MatrixBounds[] = [],
): Map<string, Point> {
  const midX = (matrix.minX + matrix.maxX) / 2;
  const midY = (matrix.minY + matrix.maxY) / 2;
  const largestSide = Math.max(1, ...items.map((item) => Math.max(item.width, item.height)));
  const occupied = new OccupiedSpace(largestSide + NOTE_GAP);
  for (const area of keepClear) occupied.add(area);
  const layout = new Map<string, Point>();
  // Sizes of notes that found no room inside the matrix, by quadrant. A note at least as
  // large overflows without searching again: a search on its own lattice might find a
  // gap the first one missed, but not often enough to search a full quadrant per note.
  const overflowed = new Map<Quadrant, { width: number; height: number }[]>();

  const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const item of sorted) {
    const [halfWidth, halfHeight] = [item.width / 2, item.height / 2];
    const target = measuredCentre(item, matrix);
    const boxAt = (centre: Point): Box => ({
      minX: centre.x - halfWidth,
      minY: centre.y - halfHeight,
      maxX: centre.x + halfWidth,
      maxY: centre.y + halfHeight,
    });
    const isFree = (centre: Point) => !occupied.crowds(boxAt(centre));

    // Centres in the belief's quadrant, decided by the numbers rather than by the target's
    // coordinates, which rounding can put exactly on an axis.
    // Undivided, since halving a direction can round a tiny negative one to 0.
    const quadrantName = quadrantOf(item.convergence, item.direction);
    const { half, side: leftOrRight } = QUADRANTS[quadrantName];
    const quadrant: Box = {
      minX: leftOrRight === 'right' ? midX : -Infinity,
      maxX: leftOrRight === 'right' ? Infinity : midX,
      minY: half === 'upper' ? -Infinity : midY,
      maxY: half === 'upper' ? midY : Infinity,
    };
    const insideMatrix: Box = {
      minX: Math.max(quadrant.minX, matrix.minX + halfWidth),
      maxX: Math.min(quadrant.maxX, matrix.maxX - halfWidth),
      minY: Math.max(quadrant.minY, matrix.minY + halfHeight),
      maxY: Math.min(quadrant.maxY, matrix.maxY - halfHeight),
    };

    const fitsInside = insideMatrix.minX <= insideMatrix.maxX && insideMatrix.minY <= insideMatrix.maxY;
    const quadrantFull = (overflowed.get(quadrantName) ?? []).some(
      (size) => item.width >= size.width && item.height >= size.height,
    );
    let centre: Point | undefined;
    if (fitsInside && !quadrantFull) {
      const nearest = { x: clamp(target.x, insideMatrix.minX, insideMatrix.maxX), y: clamp(target.y, insideMatrix.minY, insideMatrix.maxY) };
      const step = Math.max(1, Math.min(item.width, item.height) / STEPS_PER_NOTE_SIDE);
      // Most notes are free where the numbers put them; only the others pay for a search.
      centre = isFree(nearest) ? nearest : candidates(insideMatrix, target, step, step).find(isFree);
    }
    if (!centre) {
      if (fitsInside && !quadrantFull) {
        overflowed.set(quadrantName, [...(overflowed.get(quadrantName) ?? []), { width: item.width, height: item.height }]);
      }
      // Overflow: search the quadrant beyond the matrix, out to one note past every placed
      // note, in coarser steps because the area can be large. Its outer edge is free and
      // still in the quadrant, since the quadrant is open away from the axes.
      const placed = union(occupied.bounds ?? boxAt(target), boxAt(target));
      const overflow: Box = {
        minX: Math.max(quadrant.minX, placed.minX - halfWidth - NOTE_GAP),
        minY: Math.max(quadrant.minY, placed.minY - halfHeight - NOTE_GAP),
        maxX: Math.min(quadrant.maxX, placed.maxX + halfWidth + NOTE_GAP),
        maxY: Math.min(quadrant.maxY, placed.maxY + halfHeight + NOTE_GAP),
      };
      const [stepX, stepY] = [(item.width + NOTE_GAP) / 2, (item.height + NOTE_GAP) / 2];
      centre = candidates(overflow, target, stepX, stepY, fitsInside ? insideMatrix : undefined).find(isFree);
      if (!centre) throw new Error(`measuredLayout found no free spot for ${item.id}; the overflow region is wrong.`);
    }
    occupied.add(boxAt(centre));
    layout.set(item.id, { x: centre.x - halfWidth, y: centre.y - halfHeight });
  }
  return layout;
}
