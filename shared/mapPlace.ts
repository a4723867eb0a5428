// Where a belief belongs on the Measured map: in one of Cutler's quadrants, or waiting in a
// named tray when the team has not said enough to place it. A belief with too few
// positions has no convergence (no y); one that nobody gave a direction has no x, and a
// guess from where its note happened to be dropped would tell a story nobody told
// (PRODUCT.md, "Measured map placement"). The map, the picture and every export read it here.
import { quadrantOf, type Quadrant } from './quadrants.ts';
import type { BeliefStats } from './stats.ts';

export type TrayName = 'needs-positions' | 'needs-direction';

export const TRAYS: Readonly<Record<TrayName, { title: string; subtitle: string }>> = {
  'needs-positions': {
    title: 'Needs positions',
    subtitle: 'Fewer than 3 positions: record yours to place it on the map.',
  },
  'needs-direction': {
    title: 'Needs a direction',
    subtitle: 'Nobody said whether this is good for us: give a direction to place it.',
  },
};

/** The trays in the order the map and the exports show them. */
export const TRAY_ORDER: readonly TrayName[] = ['needs-positions', 'needs-direction'];

export type MapPlace = { quadrant: Quadrant; tray: null } | { quadrant: null; tray: TrayName };

export function mapPlaceOf(stats: Pick<BeliefStats, 'convergence' | 'meanDirection'>): MapPlace {
  if (stats.convergence === null) return { quadrant: null, tray: 'needs-positions' };
  if (stats.meanDirection === null) return { quadrant: null, tray: 'needs-direction' };
  return { quadrant: quadrantOf(stats.convergence, stats.meanDirection), tray: null };
}
