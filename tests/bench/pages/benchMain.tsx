// The bench page's entry: the product's app (client/App.tsx) with the benchmark's hook
// installed and, with `?naive` in the address, the naive baseline drawing the stage —
// both through the canvas's extension point (client/canvas/canvasExtension.ts), which the
// product itself never fills. No service worker: every load is a cold one.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../../../client/App.tsx';
import { extendCanvas } from '../../../client/canvas/canvasExtension.ts';
import '../../../client/styles.css';
import { installBenchHook } from './benchHook.ts';
import { NaiveStage } from './NaiveStage.tsx';

const naive = new URLSearchParams(location.search).has('naive');
extendCanvas({ Stage: naive ? NaiveStage : undefined, onStageMounted: installBenchHook });

const root = document.getElementById('root');
if (!root) throw new Error('The bench page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
