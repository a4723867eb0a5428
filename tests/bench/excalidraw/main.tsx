// Excalidraw 0.18.1's bench page, for tests/bench/excalidraw.bench.ts: the rival a team
// would pick for a board of sticky notes. Not part of the product (its own Vite config).
//
//   ?build            window.__buildScene(notes) makes a board of sticky notes the way
//                     Excalidraw makes them — a rectangle with bound text per note
//                     (convertToExcalidrawElements, `label`), after Excalidraw has loaded
//                     its default font so the text is measured and wrapped with it — and
//                     returns it as a .excalidraw file (serializeAsJSON), as a team would
//                     keep a board.
//   ?scene=<file>&w=&h=
//                     opens that file as a team's page would: fetched, handed to
//                     <Excalidraw initialData> (which restores it), in a canvas of w × h
//                     CSS pixels at the window's top-left corner (the bench passes our
//                     canvas's size, so both draw the same area), with the view fitted to
//                     the board as ours is on opening (client/canvas/viewport.ts fitBounds:
//                     48 px padding, zoom clamped to 0.1–1.5; Excalidraw's own minimum is 0.1 too).
//
// What the bench reads, with the same names as our page's:
//   performance mark `board-first-render` — the start of the first animation frame after
//     Excalidraw has drawn its static canvas (the notes) with every element of the file in
//     its scene: that frame is the first to paint the whole loaded board. Ours is taken
//     in the animation frame in which Konva drew the loaded board, after that draw; both
//     are the moment just before the frame that shows the loaded board is painted.
//     (`excalidraw-full-draw`, also marked, is the end of that draw itself.)
//   window.__beliefmapBench — viewport(), setViewport({ scale?, x, y }), notesDraws() as
//     tests/bench/frameDriver.ts describes. setViewport moves Excalidraw's camera through
//     its public API, excalidrawAPI.updateScene({ appState: { scrollX, scrollY, zoom } })
//     (Excalidraw shows board point (x, y) at the top-left when scrollX = -x, scrollY = -y),
//     inside React's flushSync: an update from outside React's events is otherwise
//     rendered in a later scheduler task, after the frame's measuring message, and its
//     draw (StaticCanvas's effect) would escape the measurement; flushSync makes React
//     render, commit and run the effects — the draw — inside the frame's callback, as our
//     canvas's React commit and Konva draw are. While the zoom changes it sets
//     shouldCacheIgnoreZoom, then clears it 300 ms after the last change, as Excalidraw's
//     own wheel zoom does (App.handleWheel, resetShouldCacheIgnoreZoomDebounced): its
//     cached note bitmaps are scaled while zooming and redrawn sharp once the zoom rests.
//     notesDraws() counts the static canvas's draws (each begins with getContext('2d')
//     on that canvas, renderer/staticScene.ts bootstrapCanvas).
import {
  convertToExcalidrawElements,
  Excalidraw,
  serializeAsJSON,
} from '@excalidraw/excalidraw';
import '@excalidraw/excalidraw/index.css';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';

type Api = Parameters<NonNullable<React.ComponentProps<typeof Excalidraw>['excalidrawAPI']>>[0];
type InitialData = NonNullable<Awaited<Exclude<React.ComponentProps<typeof Excalidraw>['initialData'], (...args: never[]) => unknown>>>;
type Skeleton = Parameters<typeof convertToExcalidrawElements>[0] extends (infer S)[] | null ? S : never;

/** A note as the bench hands it over: top-left corner, size, text, fill. */
export interface BenchNote {
  x: number;
  y: number;
  width: number;
  height: number;
  text: string;
  fill: string;
  fontSize: number;
}

declare global {
  interface Window {
    EXCALIDRAW_ASSET_PATH?: string;
    __buildScene?: (notes: BenchNote[]) => Promise<string>;
    __beliefmapBench?: {
      viewport(): { width: number; height: number };
      setViewport(patch: { scale?: number; x?: number; y?: number }): void;
      notesDraws(): number;
    };
    __excalidrawLoad?: { elements: number; fetchedAt: number; parsedAt: number };
  }
}

// Excalidraw's fonts from this server (copied beside the page by the bench), not its CDN.
window.EXCALIDRAW_ASSET_PATH = '/';

const params = new URLSearchParams(location.search);
const width = Number(params.get('w') ?? innerWidth);
const height = Number(params.get('h') ?? innerHeight);
const container = document.getElementById('board')!;
container.style.width = `${width}px`;
container.style.height = `${height}px`;

let api: Api | null = null;
let staticDraws = 0;
/** Elements in the file being opened: the first draw with all of them in the scene is the one marked. */
let expectedElements = Infinity;
let marked = false;

function onStaticDraw(): void {
  staticDraws++;
  if (marked || !api || api.getSceneElements().length < expectedElements) return;
  marked = true;
  const detail = { elements: api.getSceneElements().length, draws: staticDraws };
  // The draw runs to its end in this task; the microtask follows it, the frame comes after.
  queueMicrotask(() => performance.mark('excalidraw-full-draw', { detail }));
  requestAnimationFrame(() => performance.mark('board-first-render', { detail: { ...detail, source: 'json' } }));
}

const getContext = HTMLCanvasElement.prototype.getContext;
HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, ...args: Parameters<typeof getContext>) {
  if (this.classList.contains('static')) onStaticDraw();
  return getContext.apply(this, args);
} as typeof getContext;

const MIN_ZOOM = 0.1;
const MAX_FIT_ZOOM = 1.5;
const FIT_PADDING = 48;

/** Our canvas's opening view (fitBounds), in Excalidraw's terms. */
function fittedView(elements: readonly { x: number; y: number; width: number; height: number; isDeleted?: boolean }[]) {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const e of elements) {
    if (e.isDeleted) continue;
    minX = Math.min(minX, e.x);
    minY = Math.min(minY, e.y);
    maxX = Math.max(maxX, e.x + e.width);
    maxY = Math.max(maxY, e.y + e.height);
  }
  const zoom = Math.min(MAX_FIT_ZOOM, Math.max(MIN_ZOOM, Math.min((width - 2 * FIT_PADDING) / (maxX - minX), (height - 2 * FIT_PADDING) / (maxY - minY))));
  return { zoom, scrollX: width / 2 / zoom - (minX + maxX) / 2, scrollY: height / 2 / zoom - (minY + maxY) / 2 };
}

let resetIgnoreZoom: ReturnType<typeof setTimeout> | undefined;

function exposeBenchHook(): void {
  window.__beliefmapBench = {
    viewport: () => {
      const state = api!.getAppState();
      return { width: state.width, height: state.height };
    },
    setViewport: ({ scale, x, y }) => {
      const state = api!.getAppState();
      const zoom = scale ?? state.zoom.value;
      const zooming = zoom !== state.zoom.value;
      const appState = {
        scrollX: x === undefined ? state.scrollX : -x,
        scrollY: y === undefined ? state.scrollY : -y,
        zoom: { value: zoom as typeof state.zoom.value },
        shouldCacheIgnoreZoom: zooming || state.shouldCacheIgnoreZoom,
      };
      flushSync(() => api!.updateScene({ appState }));
      if (zooming) {
        clearTimeout(resetIgnoreZoom);
        resetIgnoreZoom = setTimeout(() => api!.updateScene({ appState: { shouldCacheIgnoreZoom: false } }), 300);
      }
    },
    notesDraws: () => staticDraws,
  };
}

function mount(initialData: InitialData | Promise<InitialData>, onApi: (api: Api) => void): void {
  createRoot(container).render(
    <Excalidraw
      initialData={initialData}
      excalidrawAPI={(excalidrawAPI) => {
        api = excalidrawAPI;
        onApi(excalidrawAPI);
      }}
    />,
  );
}

const scene = params.get('scene');
if (params.has('build')) {
  // One text holding every character of the notes, so Excalidraw loads its default font
  // (and the subsets these texts need) before the notes are measured.
  let warmUpText = '';
  window.__buildScene = async (notes) => {
    const chars = Array.from(new Set(notes.map((n) => n.text).join(''))).join('');
    warmUpText = chars;
    const ready = new Promise<Api>((resolve) => {
      mount({ elements: convertToExcalidrawElements([{ type: 'text', x: 0, y: 0, text: warmUpText, fontSize: notes[0]?.fontSize ?? 16 }]) }, resolve);
    });
    await ready;
    await new Promise((resolve) => setTimeout(resolve, 300));
    await document.fonts.ready;
    const skeletons: Skeleton[] = notes.map((note) => ({
      type: 'rectangle',
      x: note.x,
      y: note.y,
      width: note.width,
      height: note.height,
      backgroundColor: note.fill,
      fillStyle: 'solid',
      label: { text: note.text, fontSize: note.fontSize },
    }));
    const elements = convertToExcalidrawElements(skeletons, { regenerateIds: false });
    return serializeAsJSON(elements, { viewBackgroundColor: '#ffffff' }, {}, 'local');
  };
} else if (scene) {
  const started = performance.now();
  const initialData = fetch(scene)
    .then((response) => response.json() as Promise<{ elements: InitialData['elements'] & { isDeleted?: boolean }[]; appState?: InitialData['appState'] }>)
    .then((file) => {
      const elements = file.elements ?? [];
      expectedElements = elements.filter((e) => !e.isDeleted).length;
      window.__excalidrawLoad = { elements: expectedElements, fetchedAt: started, parsedAt: performance.now() };
      const view = fittedView(elements);
      return {
        elements,
        appState: { ...file.appState, zoom: { value: view.zoom as never }, scrollX: view.scrollX, scrollY: view.scrollY },
      } satisfies InitialData;
    });
  mount(initialData, () => exposeBenchHook());
}
