// Writes a second shell (`board.html`): index.html with a page's chunks preloaded, which
// the relay serves for board links (server/http/staticFiles.ts). From index.html alone a browser
// learns of those chunks only once the entry has run and routed (≈ 0.25 s into a load),
// the same moment the page asks about its link and the relay starts loading the board; a
// big board's load then held the chunks' delivery back by up to 0.7 s (docs/performance.md).
// Preloaded, they are asked for as the HTML is read. The home page does not load them.
import type { Plugin } from 'vite';

interface ChunkLike {
  type: 'chunk';
  fileName: string;
  isEntry: boolean;
  facadeModuleId: string | null;
  imports: string[];
}
type BundleLike = Record<string, ChunkLike | { type: 'asset'; fileName: string; source: string | Uint8Array }>;

/** A chunk's file and every file it imports statically, transitively. */
function withImports(bundle: BundleLike, fileName: string, into = new Set<string>()): Set<string> {
  const chunk = bundle[fileName];
  if (!chunk || chunk.type !== 'chunk' || into.has(fileName)) return into;
  into.add(fileName);
  for (const imported of chunk.imports) withImports(bundle, imported, into);
  return into;
}

/**
 * `page`: the page module's path from the project root, e.g. `client/pages/BoardPage.tsx`;
 * `fileName`: the shell to write.
 */
export function pagePreloadPlugin(page: string, fileName: string): Plugin {
  return {
    name: 'beliefmap-page-preload',
    apply: 'build',
    // After Vite's own plugins, so index.html is in the bundle.
    enforce: 'post',
    generateBundle(_options, output) {
      const bundle = output as unknown as BundleLike;
      const chunks = Object.values(bundle).filter((item): item is ChunkLike => item.type === 'chunk');
      const pageChunk = chunks.find((chunk) => chunk.facadeModuleId?.endsWith(`/${page}`));
      const index = bundle['index.html'];
      if (!pageChunk || !index || index.type !== 'asset') this.error(`pagePreloadPlugin: no ${page} chunk or no index.html in the build.`);
      const loaded = new Set<string>();
      for (const entry of chunks.filter((chunk) => chunk.isEntry)) withImports(bundle, entry.fileName, loaded);
      const preloads = [...withImports(bundle, pageChunk.fileName)]
        .filter((file) => !loaded.has(file))
        .map((file) => `    <link rel="modulepreload" crossorigin href="/${file}">\n`)
        .join('');
      const html = typeof index.source === 'string' ? index.source : new TextDecoder().decode(index.source);
      if (!html.includes('</head>')) this.error('pagePreloadPlugin: index.html has no </head>.');
      this.emitFile({ type: 'asset', fileName, source: html.replace('  </head>', `${preloads}  </head>`) });
    },
  };
}
