// Import rules, checked by `npm run lint:imports` (part of `npm test`). The layers, from
// the bottom (docs/architecture.md has the picture):
//   shared/   the board model and everything pure; used by the client and the relay alike
//   server/   the relay, the store, HTTP
//   client/state/    Yjs → React: the session, the relay connection, stores and hooks
//   client/editor/   one open board as the UI sees it: actions, rules, selection, camera, layout
//   client/ui/       widgets more than one feature shows (action buttons, lazy parts, figures)
//   client/board/, canvas/, workshop/, export/, home/, history/, discussion/   features, side by side
//   client/pages/, App.tsx, main.tsx   what puts the features together
// A layer imports only the layers below it; features never import each other.
const FEATURES = ['board', 'canvas', 'workshop', 'export', 'home', 'history', 'discussion'];

/** "canvas/ may not import workshop/": one rule per pair, so the report names both. */
const sideways = FEATURES.flatMap((from) =>
  FEATURES.filter((to) => to !== from).map((to) => ({
    name: `${from}-imports-${to}`,
    comment: `client/${from}/ may not import client/${to}/: features sit side by side; compose them in client/pages/ (props, slots, layers), or move what both need to editor/, state/ or ui/`,
    severity: 'error',
    from: { path: `^client/${from}/` },
    to: { path: `^client/${to}/` },
  })),
);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'This import closes a cycle: modules that import each other cannot be understood, tested or loaded one at a time',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-imports-a-side',
      comment: 'shared/ may not import client/ or server/: it is the code both sides run',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(client|server)/' },
    },
    {
      name: 'server-imports-client',
      comment: 'server/ may not import client/: what both need belongs in shared/',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^client/' },
    },
    {
      name: 'client-imports-server',
      comment: 'client/ may not import server/: what both need belongs in shared/',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^server/' },
    },
    {
      name: 'state-imports-upward',
      comment: 'client/state/ may import only shared/ (and itself): it is the bottom of the client',
      severity: 'error',
      from: { path: '^client/state/' },
      to: { path: '^client/', pathNot: '^client/state/' },
    },
    {
      name: 'editor-imports-upward',
      comment: 'client/editor/ may import only state/ and shared/: the features and the page sit on top of it',
      severity: 'error',
      from: { path: '^client/editor/' },
      to: { path: '^client/', pathNot: '^client/(editor|state)/' },
    },
    {
      name: 'ui-imports-upward',
      comment: 'client/ui/ may import only editor/, state/ and shared/: it holds widgets the features share, not features',
      severity: 'error',
      from: { path: '^client/ui/' },
      to: { path: '^client/', pathNot: '^client/(ui|editor|state)/' },
    },
    ...sideways,
    {
      name: 'feature-imports-page',
      comment: 'A feature may not import client/pages/ or the app: the pages import the features, never the other way',
      severity: 'error',
      from: { path: `^client/(${FEATURES.join('|')}|editor|state|ui)/` },
      to: { path: '^client/(pages/|App\\.tsx|main\\.tsx)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type from another layer is a dependency on it too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
