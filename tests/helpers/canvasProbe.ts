// Reads what a person's canvas shows, the way their eyes would: pixels on screen. Board
// coordinates are mapped to the screen through the canvas's own `data-viewport`.
import type { Page } from 'playwright-core';

export interface ScreenPoint {
  x: number;
  y: number;
}

interface ViewportAttr {
  x: number;
  y: number;
  scale: number;
}

/** Page coordinates of a board point on this person's canvas. */
export async function boardToPage(page: Page, board: ScreenPoint): Promise<ScreenPoint> {
  const canvas = page.getByTestId('board-canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('The board canvas is not on screen.');
  const viewport = JSON.parse((await canvas.getAttribute('data-viewport')) ?? 'null') as ViewportAttr | null;
  if (!viewport) throw new Error('The board canvas has no data-viewport attribute.');
  return { x: box.x + (board.x - viewport.x) * viewport.scale, y: box.y + (board.y - viewport.y) * viewport.scale };
}

/** The colour (#rrggbb) drawn at a page point: the top-most opaque pixel of the layers. */
export async function colourAt(page: Page, point: ScreenPoint): Promise<string | null> {
  return page.evaluate(
    `(() => {
      const x = ${point.x}, y = ${point.y};
      let found = null;
      for (const canvas of document.querySelectorAll('[data-testid="board-canvas"] canvas')) {
        const rect = canvas.getBoundingClientRect();
        if (rect.width === 0 || x < rect.left || y < rect.top || x >= rect.right || y >= rect.bottom) continue;
        const ratio = canvas.width / rect.width;
        const d = canvas.getContext('2d').getImageData(Math.floor((x - rect.left) * ratio), Math.floor((y - rect.top) * ratio), 1, 1).data;
        if (d[3] > 200) found = '#' + [d[0], d[1], d[2]].map((v) => v.toString(16).padStart(2, '0')).join('');
      }
      return found;
    })()`,
  );
}

/** Polls until `check` holds, failing with `what` after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
