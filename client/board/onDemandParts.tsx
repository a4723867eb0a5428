// The parts of the board page that are downloaded when first opened, not with the page
// (docs/performance.md, bundle): each is a chunk of its own, kept for offline use by the
// service worker like every file of the build. Import these, not the modules behind them,
// or the part's code is back in the board page.
import { lazyPart, loadOnce } from '../ui/lazyPart.tsx';

export const WriteBeliefDialog = lazyPart(() => import('./WriteBeliefDialog.tsx').then((module) => module.WriteBeliefDialog), {
  name: 'the belief writer',
  modal: true,
  dismiss: (props) => props.onCancel,
});

export const RenameDialog = lazyPart(() => import('./RenameDialog.tsx').then((module) => module.RenameDialog), {
  name: 'the name form',
  modal: true,
  dismiss: (props) => props.onCancel,
});

// The opinion groups' views come with the worker's answer, after the page has opened.
export const OpinionGroupsSummary = lazyPart(
  () => import('./OpinionGroupsSummary.tsx').then((module) => module.OpinionGroupsSummary),
  { name: 'the opinion groups', className: 'opinion-groups' },
);

export const GroupFigures = lazyPart(() => import('./GroupFigures.tsx').then((module) => module.GroupFigures), {
  name: 'the figures by group',
  className: 'group-figures',
});

const loadJoinDialog = loadOnce(() => import('./JoinDialog.tsx'));

/** Only a browser that knows nobody asks a name: most visits never need the form. */
export const JoinDialog = lazyPart(() => loadJoinDialog().then((module) => module.JoinDialog), {
  name: 'the name form',
  className: 'page page--narrow',
});

/** Starts the name form's download while the server is asked who this link is. */
export function preloadJoinDialog(): void {
  loadJoinDialog().catch(() => {});
}

export const ParticipantQr = lazyPart(() => import('./ParticipantQr.tsx').then((module) => module.ParticipantQr), {
  name: 'the QR code',
  className: 'participant-qr',
});
