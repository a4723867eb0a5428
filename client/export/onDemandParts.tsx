// The parts of the export menu that are downloaded when first opened, not with the board
// page (docs/performance.md, bundle): each is a chunk of its own, kept for offline use by
// the service worker like every file of the build. Import these, not the modules behind
// them, or the part's code is back in the board page.
import { lazyPart } from '../ui/lazyPart.tsx';

export const ExportMenuList = lazyPart(() => import('./ExportMenuList.tsx').then((module) => module.ExportMenuList), {
  name: 'the export menu',
  className: 'export-menu__list card',
  id: (props) => props.id,
  dismiss: (props) => () => props.onClose(true),
});

export const PngExportDialog = lazyPart(() => import('./PngExportDialog.tsx').then((module) => module.PngExportDialog), {
  name: 'the picture export',
  modal: true,
  dismiss: (props) => props.onClose,
});
