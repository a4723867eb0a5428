// Upgrades a snapshot file written by an older Beliefmap to SNAPSHOT_VERSION, one named
// step at a time, before it is validated. A file must keep importing for ever: each step
// is kept, and tests/fixtures/snapshot-v1.json is imported by the tests on every run.
import { SNAPSHOT_VERSION } from './format.ts';

export interface SnapshotMigration {
  /** The version this step upgrades from; it produces `from + 1`. */
  from: number;
  name: string;
  run(snapshot: Record<string, unknown>): Record<string, unknown>;
}

/** Ordered by `from`. Version 1 is the first published layout. */
export const SNAPSHOT_MIGRATIONS: readonly SnapshotMigration[] = [
  // A board before issue 18 had no discussion and no actions.
  { from: 1, name: 'comments and actions on beliefs', run: (snapshot) => ({ ...snapshot, comments: [], actions: [] }) },
];

export type MigrationResult = { ok: true; snapshot: Record<string, unknown> } | { ok: false; error: string };

/** Runs the steps from the file's version up to SNAPSHOT_VERSION; refuses files from the future. */
export function migrateSnapshot(
  snapshot: Record<string, unknown>,
  migrations: readonly SnapshotMigration[] = SNAPSHOT_MIGRATIONS,
  target: number = SNAPSHOT_VERSION,
): MigrationResult {
  const version = snapshot.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, error: `version must be a whole number from 1 to ${target}, not ${JSON.stringify(version) ?? 'missing'}.` };
  }
  if (version > target) {
    return {
      ok: false,
      error: `This snapshot was written by a newer Beliefmap (version ${version}; this one reads up to ${target}). Update the app to import it.`,
    };
  }
  let current = snapshot;
  for (let from = version; from < target; from++) {
    const step = migrations.find((migration) => migration.from === from);
    if (!step) return { ok: false, error: `There is no upgrade from snapshot version ${from}.` };
    current = { ...step.run(current), version: from + 1 };
  }
  return { ok: true, snapshot: current };
}
