// Puts each page's code in one chunk: the app's entry and everything it imports
// statically in one, and per page (client/App.tsx loads each lazily) everything that page
// imports statically and the entry does not, in another. Rolldown's own splitting makes a
// separate chunk of every module shared with a part loaded on demand
// (the onDemandParts.tsx of client/board/, export/ and workshop/) — Yjs, React's JSX runtime — because it does not
// know those parts only ever load after the page; each such chunk costs the page a
// request, the glue between chunks and gzip's shared context (docs/performance.md, bundle).
// Modules that two pages share (or a page and a part another page loads on demand) are
// left to Rolldown, as are the parts loaded on demand.
import type { Plugin } from 'vite';

interface ModuleGraph {
  getModuleIds(): IterableIterator<string>;
  getModuleInfo(id: string): { isEntry: boolean; importedIds: readonly string[]; dynamicallyImportedIds: readonly string[] } | null;
}

/** A module and all it imports, transitively: statically only, or also what it imports on demand. */
function closure(graph: ModuleGraph, start: string, onDemandToo: boolean, into = new Set<string>()): Set<string> {
  const pending = [start];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (into.has(id)) continue;
    into.add(id);
    const info = graph.getModuleInfo(id);
    pending.push(...(info?.importedIds ?? []), ...(onDemandToo ? (info?.dynamicallyImportedIds ?? []) : []));
  }
  return into;
}

/** `pages`: the page modules' paths from the project root, e.g. `client/pages/BoardPage.tsx`. */
export function pageChunksPlugin(pages: string[]): Plugin {
  // Filled once the module graph is known (buildEnd), read when chunks are made (after it).
  const chunkOf = new Map<string, string>();
  return {
    name: 'beliefmap-page-chunks',
    apply: 'build',
    buildEnd(error) {
      if (error) return;
      chunkOf.clear();
      const ids = [...this.getModuleIds()];
      const entries = ids.filter((id) => this.getModuleInfo(id)?.isEntry);
      const initial = new Set<string>();
      for (const entry of entries) closure(this, entry, false, initial);
      for (const id of initial) chunkOf.set(id, 'index');

      const found = pages.map((page) => {
        const module = ids.find((id) => id.endsWith(`/${page}`));
        if (!module) this.error(`pageChunksPlugin: no module ${page} in the build.`);
        return { module, needs: closure(this, module, false), reaches: closure(this, module, true) };
      });
      for (const { module, needs } of found) {
        const name = module.slice(module.lastIndexOf('/') + 1).replace(/\.\w+$/, '');
        for (const id of needs) {
          // The page module keeps its own chunk, so the manifest still names the page.
          if (id === module || initial.has(id)) continue;
          if (found.some((other) => other.module !== module && other.reaches.has(id))) continue;
          chunkOf.set(id, name);
        }
      }
    },
    outputOptions(options) {
      return {
        ...options,
        codeSplitting: {
          // Each group is closed under static imports already (minus what loads before it).
          includeDependenciesRecursively: false,
          groups: [{ name: (id: string) => chunkOf.get(id) ?? null }],
        },
      };
    },
  };
}
