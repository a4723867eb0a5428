// The discussion's dialogs are downloaded when first opened, not with the board page
// (docs/performance.md, bundle): most visits read the map and never open a thread. Import
// these, not the modules behind them, or their code is back in the board page.
import { lazyPart } from '../ui/lazyPart.tsx';

export const ThreadDialog = lazyPart(() => import('./ThreadDialog.tsx').then((module) => module.ThreadDialog), {
  name: 'the discussion',
  modal: true,
  dismiss: (props) => props.onClose,
});

export const ActionsPanel = lazyPart(() => import('./ActionsPanel.tsx').then((module) => module.ActionsPanel), {
  name: 'the actions',
  modal: true,
  dismiss: (props) => props.onClose,
});
