import { describe, expect, it } from 'vitest';
import { MATRIX_BOUNDS, matrixLabels } from '../../client/editor/layout/matrix.ts';
import { arrangeMeasured, labelBoxes, TRAY_MARGIN, type NoteToArrange } from '../../client/editor/layout/measuredArrangement.ts';
import { TRAY_HEADER_HEIGHT, TRAY_PADDING } from '../../client/editor/layout/trayLayout.ts';
import { measuredLayout } from '../../shared/measuredLayout.ts';
import { quadrantOf } from '../../shared/quadrants.ts';
import { NOTE_WIDTH } from '../../shared/schema.ts';
import type { Bounds } from '../../client/editor/viewport.ts';

function note(id: string, convergence: number | null, meanDirection: number | null, height = 120): NoteToArrange {
  return { id, height, stats: { convergence, meanDirection } };
}

function centreOf(arrangement: ReturnType<typeof arrangeMeasured>, id: string) {
  const p = arrangement.positions.get(id)!;
  return { x: p.x + NOTE_WIDTH / 2, y: p.y + 60 };
}

function overlaps(a: Bounds, b: Bounds): boolean {
  return a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;
}

/** A seeded PRNG (mulberry32), so a failing layout can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('arrangeMeasured', () => {
  it('puts measured beliefs where measuredLayout does, each in the quadrant its numbers say', () => {
    const notes = [note('agree-good', 0.9, 1.5), note('agree-stale', 0.8, -1), note('tension', 0.3, 2), note('resolve', 0.2, -2)];
    const arrangement = arrangeMeasured(notes, MATRIX_BOUNDS);
    const expected = measuredLayout(
      notes.map((n) => ({ id: n.id, convergence: n.stats.convergence!, direction: n.stats.meanDirection!, width: NOTE_WIDTH, height: 120 })),
      MATRIX_BOUNDS,
      labelBoxes(),
    );
    for (const n of notes) {
      expect(arrangement.positions.get(n.id)).toEqual(expected.get(n.id));
      const centre = centreOf(arrangement, n.id);
      const quadrant = quadrantOf(n.stats.convergence!, n.stats.meanDirection!);
      expect(centre.y < 0, n.id).toBe(quadrant.startsWith('agree'));
      expect(centre.x >= 0, n.id).toBe(quadrant === 'agree-good' || quadrant === 'tension-good');
    }
    expect(arrangement.trays).toEqual([]);
    expect(arrangement.bounds).toEqual(MATRIX_BOUNDS);
  });

  it('sends beliefs with too few positions and those nobody gave a direction to their named trays, in their order', () => {
    const arrangement = arrangeMeasured(
      [note('b', null, null), note('m', 0.9, 1), note('a', null, 2), note('undirected', 0.9, null)],
      MATRIX_BOUNDS,
    );
    const top = MATRIX_BOUNDS.maxY + TRAY_MARGIN;
    expect(arrangement.trays.map((tray) => tray.name)).toEqual(['needs-positions', 'needs-direction']);
    const [positions, direction] = arrangement.trays.map((tray) => tray.bounds);
    expect(positions).toMatchObject({ minX: MATRIX_BOUNDS.minX, minY: top });
    expect(direction.minX).toBeGreaterThan(positions.maxX);
    expect(direction.maxX).toBeLessThanOrEqual(MATRIX_BOUNDS.maxX);
    const [b, a] = [arrangement.positions.get('b')!, arrangement.positions.get('a')!];
    expect(b).toEqual({ x: MATRIX_BOUNDS.minX + TRAY_PADDING, y: top + TRAY_HEADER_HEIGHT });
    expect(a.y).toBe(b.y);
    expect(a.x).toBeGreaterThan(b.x);
    expect(arrangement.positions.get('undirected')).toEqual({ x: direction.minX + TRAY_PADDING, y: top + TRAY_HEADER_HEIGHT });
    expect(arrangement.bounds).toEqual({ ...MATRIX_BOUNDS, maxY: Math.max(positions.maxY, direction.maxY) });
  });

  it('starts the trays below notes that overflowed the matrix, so they cover none', () => {
    // Far more notes than the lower-right quadrant holds: they overflow past its edges.
    const crowd = Array.from({ length: 120 }, (_, i) => note(`c${String(i).padStart(3, '0')}`, 0.3, 2));
    const arrangement = arrangeMeasured([...crowd, note('waiting', null, null)], MATRIX_BOUNDS);
    const lowest = Math.max(...crowd.map((n) => arrangement.positions.get(n.id)!.y + 120));
    expect(lowest).toBeGreaterThan(MATRIX_BOUNDS.maxY);
    expect(arrangement.trays[0].bounds.minY).toBe(lowest + TRAY_MARGIN);
    expect(arrangement.positions.get('waiting')!.y).toBeGreaterThan(lowest);
  });

  it('never lets a note cover a quadrant caption or an axis label, however the numbers fall', () => {
    // Extreme and random figures: convergence 1 and 0 and directions ±2 aim straight at the
    // captions in the corners and the labels along the axes.
    const seed = Number(process.env.LAYOUT_SEED ?? Date.now() % 100_000);
    console.log(`caption clearance seed: ${seed}`);
    const next = random(seed);
    const pick = <T,>(values: readonly T[]) => values[Math.floor(next() * values.length)];
    const labels = matrixLabels().map((label) => ({ text: label.text, box: { minX: label.x, minY: label.y, maxX: label.x + label.width, maxY: label.y + label.height } }));
    for (let run = 0; run < 20; run++) {
      const count = 5 + Math.floor(next() * 60);
      const notes = Array.from({ length: count }, (_, i) =>
        note(
          `n${run}-${i}`,
          next() < 0.4 ? pick([0, 1, 0.625]) : next(),
          next() < 0.4 ? pick([-2, 2, 0]) : next() * 4 - 2,
          120 + Math.floor(next() * 5) * 21,
        ),
      );
      const arrangement = arrangeMeasured(notes, MATRIX_BOUNDS);
      for (const n of notes) {
        const at = arrangement.positions.get(n.id)!;
        const box = { minX: at.x, minY: at.y, maxX: at.x + NOTE_WIDTH, maxY: at.y + n.height };
        for (const label of labels) expect(overlaps(box, label.box), `seed ${seed}: ${n.id} covers "${label.text}"`).toBe(false);
      }
    }
  });
});
