import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measuredCentre, measuredLayout, NOTE_GAP, type MatrixBounds, type MeasuredItem, type Point } from '../../shared/measuredLayout.ts';
import { quadrantOf } from '../../shared/quadrants.ts';

// The "Belief map" backdrop's size: 2400 × 1600 centred on the origin.
const MATRIX: MatrixBounds = { minX: -1200, minY: -800, maxX: 1200, maxY: 800 };

function note(id: string, convergence: number, direction: number): MeasuredItem {
  return { id, convergence, direction, width: 200, height: 120 };
}

const item: fc.Arbitrary<MeasuredItem> = fc.record({
  id: fc.uuid(),
  convergence: fc.double({ min: 0, max: 1, noNaN: true }),
  direction: fc.double({ min: -2, max: 2, noNaN: true }),
  width: fc.constant(200),
  height: fc.integer({ min: 120, max: 260 }),
});

function boxesOf(items: readonly MeasuredItem[], layout: Map<string, Point>) {
  return items.map((it) => {
    const { x, y } = layout.get(it.id)!;
    return { item: it, minX: x, minY: y, maxX: x + it.width, maxY: y + it.height };
  });
}

/** No two notes closer than NOTE_GAP, and each centre on its quadrant's side of both axes. */
function expectReadable(items: readonly MeasuredItem[], layout: Map<string, Point>, matrix: MatrixBounds): void {
  const boxes = boxesOf(items, layout);
  const midX = (matrix.minX + matrix.maxX) / 2;
  const midY = (matrix.minY + matrix.maxY) / 2;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      // Notes pushed flush sit exactly NOTE_GAP apart, give or take rounding.
      const gap = NOTE_GAP - 1e-9;
      const apart = a.maxX + gap <= b.minX || b.maxX + gap <= a.minX || a.maxY + gap <= b.minY || b.maxY + gap <= a.minY;
      expect(apart, `${a.item.id} and ${b.item.id} are closer than NOTE_GAP`).toBe(true);
    }
    const box = boxes[i];
    const quadrant = quadrantOf(box.item.convergence, box.item.direction);
    const [centreX, centreY] = [(box.minX + box.maxX) / 2, (box.minY + box.maxY) / 2];
    expect(quadrant === 'agree-good' || quadrant === 'agree-stale' ? centreY <= midY : centreY >= midY).toBe(true);
    expect(quadrant === 'agree-good' || quadrant === 'tension-good' ? centreX >= midX : centreX <= midX).toBe(true);
  }
}

describe('measuredCentre', () => {
  it('puts convergence 1 at the top, the midline on the axis, 0 at the bottom', () => {
    expect(measuredCentre(note('a', 1, 0), MATRIX).y).toBe(-800);
    expect(measuredCentre(note('a', 0.625, 0), MATRIX).y).toBe(0);
    expect(measuredCentre(note('a', 0, 0), MATRIX).y).toBe(800);
  });

  it('puts direction −2 at the left edge and +2 at the right', () => {
    expect(measuredCentre(note('a', 1, -2), MATRIX).x).toBe(-1200);
    expect(measuredCentre(note('a', 1, 1), MATRIX).x).toBe(600);
    expect(measuredCentre(note('a', 1, 2), MATRIX).x).toBe(1200);
  });
});

describe('measuredLayout', () => {
  it('lays out nothing for no beliefs', () => {
    expect(measuredLayout([], MATRIX).size).toBe(0);
  });

  it('leaves a lone note at its spot, inside the matrix', () => {
    const layout = measuredLayout([note('a', 0.3, 1)], MATRIX);
    // Centre (600, 0.3/0.625 … ): up = (0.3 − 0.625) / 0.625 = −0.52, so y = 0.52 · 800 = 416.
    expect(layout.get('a')).toEqual({ x: 600 - 100, y: 416 - 60 });
    // A corner spot is pulled in so the whole note shows.
    expect(measuredLayout([note('b', 1, 2)], MATRIX).get('b')).toEqual({ x: 1200 - 200, y: -800 });
  });

  it('draws higher convergence higher on screen', () => {
    const layout = measuredLayout([note('low', 0.2, 0.5), note('mid', 0.6, -1), note('high', 0.95, 1)], MATRIX);
    expect(layout.get('high')!.y).toBeLessThan(layout.get('mid')!.y);
    expect(layout.get('mid')!.y).toBeLessThan(layout.get('low')!.y);
  });

  it('nudges notes that share a spot apart and keeps them in their quadrant', () => {
    const items = Array.from({ length: 12 }, (_, i) => note(`n${i}`, 0.8, 1));
    const layout = measuredLayout(items, MATRIX);
    expectReadable(items, layout, MATRIX);
    for (const box of boxesOf(items, layout)) {
      expect(box.minX).toBeGreaterThanOrEqual(0 - 100);
      expect(box.maxX).toBeLessThanOrEqual(MATRIX.maxX);
      expect(box.minY).toBeGreaterThanOrEqual(MATRIX.minY);
    }
  });

  const seed = Number(process.env.SEED ?? Date.now() % 2 ** 31);
  // Printed once for every property below, so any failing one can be rerun.
  console.info(`measuredLayout properties: seed ${seed} (rerun with SEED=${seed})`);

  it('never overlaps 50 random notes', () => {
    fc.assert(
      fc.property(fc.uniqueArray(item, { minLength: 50, maxLength: 50, selector: (it) => it.id }), (items) => {
        expectReadable(items, measuredLayout(items, MATRIX), MATRIX);
      }),
      { seed, numRuns: 25 },
    );
  });

  it('keeps 50 notes of the usual size inside the matrix when no quadrant is crowded', () => {
    // A quadrant holds about 25 notes of 200 × 120 with their gaps; give each 12 or 13.
    const inQuadrant = (upper: boolean, right: boolean) =>
      fc.record({
        id: fc.uuid(),
        convergence: upper ? fc.double({ min: 0.625, max: 1, noNaN: true }) : fc.double({ min: 0, max: 0.62, noNaN: true }),
        direction: right ? fc.double({ min: 0, max: 2, noNaN: true }) : fc.double({ min: -2, max: -0.01, noNaN: true }),
        width: fc.constant(200),
        height: fc.constant(120),
      });
    const corners = [
      [true, true],
      [true, false],
      [false, true],
      [false, false],
    ] as const;
    const fifty = fc
      .tuple(...corners.map(([upper, right], i) => fc.array(inQuadrant(upper, right), { minLength: i < 2 ? 12 : 13, maxLength: i < 2 ? 12 : 13 })))
      .map((groups) => groups.flat());
    fc.assert(
      fc.property(fifty, (items) => {
        fc.pre(new Set(items.map((it) => it.id)).size === items.length);
        const layout = measuredLayout(items, MATRIX);
        expectReadable(items, layout, MATRIX);
        for (const box of boxesOf(items, layout)) {
          expect(box.minX).toBeGreaterThanOrEqual(MATRIX.minX);
          expect(box.maxX).toBeLessThanOrEqual(MATRIX.maxX);
          expect(box.minY).toBeGreaterThanOrEqual(MATRIX.minY);
          expect(box.maxY).toBeLessThanOrEqual(MATRIX.maxY);
        }
      }),
      { seed, numRuns: 25 },
    );
  });

  it('overflows past the outer edges, never into another quadrant, when a quadrant is full', () => {
    const small: MatrixBounds = { minX: 0, minY: 0, maxX: 600, maxY: 400 };
    fc.assert(
      fc.property(fc.uniqueArray(item, { minLength: 80, maxLength: 80, selector: (it) => it.id }), (items) => {
        expectReadable(items, measuredLayout(items, small), small);
      }),
      { seed, numRuns: 5 },
    );
  });

  it('gives the same layout for the same beliefs in any order', () => {
    fc.assert(
      fc.property(
        fc
          .uniqueArray(item, { minLength: 1, maxLength: 40, selector: (it) => it.id })
          .chain((items) => fc.tuple(fc.constant(items), fc.shuffledSubarray(items, { minLength: items.length }))),
        ([items, shuffled]) => {
          const layout = measuredLayout(items, MATRIX);
          expect(measuredLayout(items, MATRIX)).toEqual(layout);
          expect(measuredLayout(shuffled, MATRIX)).toEqual(layout);
        },
      ),
      { seed, numRuns: 25 },
    );
  });
});
