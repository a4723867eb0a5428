// Beliefs the team has not said enough about wait in the map's named trays, and every text
// export lists them under those names — never under a quadrant picked from where a note
// happened to be dropped (issue 14, item 3).
import { describe, expect, it } from 'vitest';
import { summaryCsv } from '../../shared/exports/csvExports.ts';
import { beliefFigures } from '../../shared/exports/beliefFigures.ts';
import { markdownSummary } from '../../shared/exports/markdown.ts';
import { mapPlaceOf } from '../../shared/mapPlace.ts';
import { QUADRANTS } from '../../shared/quadrants.ts';
import type { BoardSnapshot, SnapshotPosition } from '../../shared/snapshot/format.ts';
import { snapshotFromDoc } from '../../shared/snapshot/fromDoc.ts';
import { buildExportBoard } from '../helpers/exportBoard.ts';

const answers = (beliefId: string, list: [number, number | null][]): SnapshotPosition[] =>
  list.map(([agreement, direction], i) => ({
    beliefId,
    participantId: `p${i}`,
    agreement: agreement as SnapshotPosition['agreement'],
    direction: direction as SnapshotPosition['direction'],
    updatedAt: 0,
  }));

/** Three beliefs: one placed, one nobody gave a direction (its note dropped far right), one with two answers. */
function snapshot(): BoardSnapshot {
  const base = snapshotFromDoc(buildExportBoard(), { now: 0 });
  const belief = (id: string, text: string, x: number) => ({ ...base.beliefs[0], id, text, x, y: 0 });
  return {
    ...base,
    beliefs: [
      belief('b-placed', 'We ship weekly', -900),
      belief('b-no-direction', 'Product managers should write the tickets', 1100),
      belief('b-two', 'Docs are current', 1100),
    ],
    positions: [
      ...answers('b-placed', [[2, -2], [2, -1], [1, -2]]),
      ...answers('b-no-direction', [[-2, null], [-1, null], [2, null], [2, null]]),
      ...answers('b-two', [[2, 2], [2, 2]]),
    ],
    rounds: [],
  };
}

/** The Markdown's sections: heading → the belief texts under it. */
function sections(markdown: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let heading = '';
  for (const line of markdown.split('\n')) {
    if (line.startsWith('## ')) out.set((heading = line.slice(3)), []);
    else if (heading && line.startsWith('- ')) out.get(heading)!.push(line.slice(2));
  }
  return out;
}

describe('the trays in the exports', () => {
  it('places a belief only when it has enough positions and a direction', () => {
    expect(mapPlaceOf({ convergence: null, meanDirection: 2 })).toEqual({ quadrant: null, tray: 'needs-positions' });
    expect(mapPlaceOf({ convergence: 0.2, meanDirection: null })).toEqual({ quadrant: null, tray: 'needs-direction' });
    expect(mapPlaceOf({ convergence: 0.9, meanDirection: -1 })).toEqual({ quadrant: 'agree-stale', tray: null });
  });

  it('lists tray beliefs under the tray names in the Markdown, and nowhere under a quadrant', () => {
    const found = sections(markdownSummary(snapshot()));
    expect(found.get('Needs a direction')).toEqual(['Product managers should write the tickets']);
    expect(found.get('Needs positions')).toEqual(['Docs are current']);
    expect(found.get(QUADRANTS['agree-stale'].caption)).toEqual(['We ship weekly']);
    for (const quadrant of Object.values(QUADRANTS)) {
      const under = found.get(quadrant.caption) ?? [];
      expect(under).not.toContain('Product managers should write the tickets');
      expect(under).not.toContain('Docs are current');
    }
  });

  it('names the tray in the summary CSV\'s quadrant column', () => {
    const rows = summaryCsv(snapshot()).split('\r\n');
    expect(rows.find((row) => row.startsWith('"b-no-direction"'))).toContain(',Needs a direction,');
    expect(rows.find((row) => row.startsWith('"b-two"'))).toContain(',Needs positions,');
    expect(beliefFigures(snapshot()).map((entry) => [entry.belief.id, entry.quadrant, entry.tray])).toEqual([
      ['b-placed', 'agree-stale', null],
      ['b-no-direction', null, 'needs-direction'],
      ['b-two', null, 'needs-positions'],
    ]);
  });
});
