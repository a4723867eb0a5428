// The client and the relay use their libraries (y-websocket, y-protocols, Yjs, lib0, ws,
// y-leveldb, y-indexeddb, Konva) through their public surfaces only: a field or method
// whose name starts with an underscore is a library's private one — our own code names
// nothing that way — and reaching for it breaks on the library's next patch release.
// The provider's message table is public, but written in one place (client/state/channels.ts).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOTS = ['client', 'server'];
const SOURCE = /\.(ts|tsx|js|mjs)$/;
/** `thing._private` or `thing['_private']`. */
const UNDERSCORE_FIELD = /\.\s*_[A-Za-z]|\[\s*['"`]_[A-Za-z]/;
/** `provider.messageHandlers[type] = handler`, or deleting one. */
const HANDLER_WRITE = /\.messageHandlers\s*\[[^\]]+\]\s*=(?!=)|delete\s+[\w.]*messageHandlers/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return SOURCE.test(entry.name) ? [full] : [];
  });
}

function linesMatching(pattern: RegExp, files: string[]): string[] {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, index) => (pattern.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
  );
}

describe('libraries through their public surfaces', () => {
  const files = ROOTS.flatMap((root) => sourceFiles(root));

  it('reads the sources it checks', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain(path.join('client', 'state', 'channels.ts'));
  });

  it('touches no underscore field of a library in client/ or server/', () => {
    expect(linesMatching(UNDERSCORE_FIELD, files), 'an underscore field of a library is touched at').toEqual([]);
  });

  it("registers message handlers on the provider's table only in client/state/channels.ts", () => {
    const elsewhere = files.filter((file) => file.startsWith('client') && file !== path.join('client', 'state', 'channels.ts'));
    expect(linesMatching(HANDLER_WRITE, elsewhere), "a message handler is registered outside channels.ts at").toEqual([]);
  });

  it('finds what it looks for', () => {
    const sample = path.join('tests', 'unit', 'library-internals.test.ts');
    // Both on purpose, as the old code had them: `doc._observers`, provider.messageHandlers[8] = handler.
    expect(linesMatching(UNDERSCORE_FIELD, [sample]).some((line) => line.includes('doc._observers'))).toBe(true);
    expect(linesMatching(HANDLER_WRITE, [sample]).some((line) => line.includes('messageHandlers[8] = handler'))).toBe(true);
  });
});
