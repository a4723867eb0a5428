// The build step that writes board.html: index.html with the board page's chunks preloaded,
// so a browser opening a board link asks for them as it reads the HTML.
import { describe, expect, it } from 'vitest';
import { pagePreloadPlugin } from '../../scripts/pagePreloadPlugin.ts';

type FakeOutput =
  | { type: 'asset'; fileName: string; source: string }
  | { type: 'chunk'; fileName: string; isEntry: boolean; facadeModuleId: string | null; imports: string[] };

const chunk = (fileName: string, imports: string[], facadeModuleId: string | null = null, isEntry = false): FakeOutput => ({
  type: 'chunk',
  fileName,
  isEntry,
  facadeModuleId,
  imports,
});

const INDEX = '<html>\n  <head>\n    <script type="module" src="/assets/index-a.js"></script>\n  </head>\n  <body></body>\n</html>';

function build(bundle: Record<string, FakeOutput>): string {
  const emitted: { fileName: string; source: string }[] = [];
  const hook = pagePreloadPlugin('client/pages/BoardPage.tsx', 'board.html').generateBundle as unknown as (this: unknown, options: unknown, bundle: unknown) => void;
  hook.call(
    {
      emitFile: (file: { fileName: string; source: string }) => emitted.push(file),
      error: (message: string) => {
        throw new Error(message);
      },
    },
    {},
    bundle,
  );
  expect(emitted.map((file) => file.fileName)).toEqual(['board.html']);
  return emitted[0].source;
}

describe('board page preload', () => {
  it('preloads the page chunk and what it imports, not what the entry already loads', () => {
    const html = build({
      'index.html': { type: 'asset', fileName: 'index.html', source: INDEX },
      'assets/index-a.js': chunk('assets/index-a.js', ['assets/runtime-r.js'], '/p/client/main.tsx', true),
      'assets/runtime-r.js': chunk('assets/runtime-r.js', []),
      'assets/BoardPage-b.js': chunk('assets/BoardPage-b.js', ['assets/BoardPage-c.js', 'assets/runtime-r.js'], '/p/client/pages/BoardPage.tsx'),
      'assets/BoardPage-c.js': chunk('assets/BoardPage-c.js', ['assets/yjs-d.js', 'assets/runtime-r.js']),
      'assets/yjs-d.js': chunk('assets/yjs-d.js', []),
      'assets/HomePage-e.js': chunk('assets/HomePage-e.js', ['assets/yjs-d.js'], '/p/client/home/HomePage.tsx'),
    });
    const preloaded = [...html.matchAll(/<link rel="modulepreload" crossorigin href="([^"]+)">/g)].map((match) => match[1]);
    expect(preloaded.sort()).toEqual(['/assets/BoardPage-b.js', '/assets/BoardPage-c.js', '/assets/yjs-d.js']);
    // In the head, before it closes, and the rest of the shell as it was.
    expect(html.indexOf('modulepreload')).toBeLessThan(html.indexOf('</head>'));
    expect(html.replace(/ *<link rel="modulepreload"[^>]*>\n/g, '')).toBe(INDEX);
  });

  it('stops the build when the page is not in it', () => {
    expect(() =>
      build({
        'index.html': { type: 'asset', fileName: 'index.html', source: INDEX },
        'assets/index-a.js': chunk('assets/index-a.js', [], '/p/client/main.tsx', true),
      }),
    ).toThrow(/no client\/pages\/BoardPage.tsx chunk/);
  });
});
