// The History view is downloaded when first opened, not with the board page
// (docs/performance.md, bundle): it is for looking back, not for the workshop itself.
// Import this, not the module behind it, or its code is back in the board page.
import { lazyPart } from '../ui/lazyPart.tsx';

export const HistoryView = lazyPart(() => import('./HistoryView.tsx').then((module) => module.HistoryView), {
  name: 'the history',
  className: 'history',
});
