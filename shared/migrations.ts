// Upgrades a board document written by older code to SCHEMA_VERSION. Each step is named
// and runs once, in order, inside one transaction; a board never goes backwards.
import * as Y from 'yjs';
import { metaMap, SCHEMA_VERSION } from './schema.ts';

interface Migration {
  /** The version this step produces. */
  to: number;
  name: string;
  run(doc: Y.Doc): void;
}

/** Ordered by `to`. Version 1 is the first layout. */
const MIGRATIONS: Migration[] = [
  {
    to: 2,
    // A version-1 board has no deleted beliefs left in it (they were removed whole), so
    // nothing moves; the version tells older code, which would show deleted beliefs as
    // live, that it cannot read this board.
    name: 'deleted beliefs stay, marked with deletedAt and deletedBy',
    run: () => {},
  },
  {
    to: 3,
    // New root maps only: an older board has no comments or actions to move. The version
    // tells older code, which would refuse every comment, that it cannot serve this board.
    name: 'discussion threads and actions on beliefs',
    run: () => {},
  },
];

export class SchemaTooNewError extends Error {
  constructor(readonly found: number) {
    super(
      `This board was written by a newer Beliefmap (schema ${found}; this one knows ${SCHEMA_VERSION}). Update the app to open it.`,
    );
  }
}

export function boardSchemaVersion(doc: Y.Doc): number {
  const version = metaMap(doc).get('schemaVersion');
  return typeof version === 'number' ? version : 0;
}

/** Runs the steps the document still needs; returns the names of the steps it ran. */
export function migrateBoard(doc: Y.Doc, origin: unknown = 'migration'): string[] {
  const from = boardSchemaVersion(doc);
  if (from > SCHEMA_VERSION) throw new SchemaTooNewError(from);
  if (from === SCHEMA_VERSION) return [];
  const ran: string[] = [];
  doc.transact(() => {
    for (const step of MIGRATIONS) {
      if (step.to > from && step.to <= SCHEMA_VERSION) {
        step.run(doc);
        ran.push(step.name);
      }
    }
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION);
  }, origin);
  return ran;
}
