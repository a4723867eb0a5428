import { describe, expect, it } from 'vitest';
import { MATRIX_BOUNDS } from '../../client/editor/layout/matrix.ts';
import { arrangeMeasured, placementAcross, TRAY_MARGIN, type NoteToArrange } from '../../client/editor/layout/measuredArrangement.ts';
import { TRAY_HEADER_HEIGHT, TRAY_PADDING } from '../../client/editor/layout/trayLayout.ts';
import { measuredLayout } from '../../shared/measuredLayout.ts';
import { quadrantOf } from '../../shared/quadrants.ts';
import { NOTE_WIDTH } from '../../shared/schema.ts';

function note(id: string, convergence: number | null, meanDirection: number | null, x = -NOTE_WIDTH / 2): NoteToArrange {
  return { id, x, y: 0, height: 120, stats: { convergence, meanDirection } };
}

function centreOf(arrangement: ReturnType<typeof arrangeMeasured>, id: string) {
  const p = arrangement.positions.get(id)!;
  return { x: p.x + NOTE_WIDTH / 2, y: p.y + 60 };
}

describe('placementAcross', () => {
  it('reads the note centre across the matrix, −1 … +1, clamped', () => {
    expect(placementAcross(-NOTE_WIDTH / 2, MATRIX_BOUNDS)).toBe(0);
    expect(placementAcross(600 - NOTE_WIDTH / 2, MATRIX_BOUNDS)).toBe(0.5);
    expect(placementAcross(-1200 - NOTE_WIDTH / 2, MATRIX_BOUNDS)).toBe(-1);
    expect(placementAcross(5000, MATRIX_BOUNDS)).toBe(1);
    expect(placementAcross(-5000, MATRIX_BOUNDS)).toBe(-1);
  });
});

describe('arrangeMeasured', () => {
  it('puts measured beliefs where measuredLayout does, each in the quadrant its numbers say', () => {
    const notes = [note('agree-good', 0.9, 1.5), note('agree-stale', 0.8, -1), note('tension', 0.3, 2), note('resolve', 0.2, -2)];
    const arrangement = arrangeMeasured(notes, MATRIX_BOUNDS);
    const expected = measuredLayout(
      notes.map((n) => ({ id: n.id, convergence: n.stats.convergence!, direction: n.stats.meanDirection, placementX: 0, width: NOTE_WIDTH, height: 120 })),
      MATRIX_BOUNDS,
    );
    for (const n of notes) {
      expect(arrangement.positions.get(n.id)).toEqual(expected.get(n.id));
      const centre = centreOf(arrangement, n.id);
      const quadrant = quadrantOf(n.stats.convergence!, n.stats.meanDirection!);
      expect(centre.y < 0, n.id).toBe(quadrant.startsWith('agree'));
      expect(centre.x >= 0, n.id).toBe(quadrant === 'agree-good' || quadrant === 'tension-good');
    }
    expect(arrangement.tray).toBeNull();
    expect(arrangement.bounds).toEqual(MATRIX_BOUNDS);
  });

  it('falls back on the team\'s own placement across the matrix where nobody gave a direction', () => {
    const arrangement = arrangeMeasured([note('left', 0.9, null, -900), note('right', 0.9, null, 700)], MATRIX_BOUNDS);
    expect(centreOf(arrangement, 'left').x).toBeLessThan(0);
    expect(centreOf(arrangement, 'right').x).toBeGreaterThan(0);
  });

  it('sends beliefs with too few positions to the tray below the map, in their order', () => {
    const arrangement = arrangeMeasured([note('b', null, null), note('m', 0.9, 1), note('a', null, 2)], MATRIX_BOUNDS);
    const top = MATRIX_BOUNDS.maxY + TRAY_MARGIN;
    expect(arrangement.tray).toMatchObject({ minX: MATRIX_BOUNDS.minX, minY: top, maxX: MATRIX_BOUNDS.maxX });
    const [b, a] = [arrangement.positions.get('b')!, arrangement.positions.get('a')!];
    expect(b).toEqual({ x: MATRIX_BOUNDS.minX + TRAY_PADDING, y: top + TRAY_HEADER_HEIGHT });
    expect(a.y).toBe(b.y);
    expect(a.x).toBeGreaterThan(b.x);
    expect(arrangement.bounds).toEqual({ ...MATRIX_BOUNDS, maxY: arrangement.tray!.maxY });
  });

  it('starts the tray below notes that overflowed the matrix, so it covers none', () => {
    // Far more notes than the lower-right quadrant holds: they overflow past its edges.
    const crowd = Array.from({ length: 120 }, (_, i) => note(`c${String(i).padStart(3, '0')}`, 0.3, 2));
    const arrangement = arrangeMeasured([...crowd, note('waiting', null, null)], MATRIX_BOUNDS);
    const lowest = Math.max(...crowd.map((n) => arrangement.positions.get(n.id)!.y + 120));
    expect(lowest).toBeGreaterThan(MATRIX_BOUNDS.maxY);
    expect(arrangement.tray!.minY).toBe(lowest + TRAY_MARGIN);
    expect(arrangement.positions.get('waiting')!.y).toBeGreaterThan(lowest);
  });
});
