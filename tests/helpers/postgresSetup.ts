// Vitest global setup for the `integration-pg` project: one PostgreSQL for the whole run,
// started in a temporary folder on a free port, stopped at the end. Its port goes to this
// project's workers only (provide → tests/helpers/storeEnv.ts), so startTestRelay
// (tests/helpers/relay.ts) gives every relay there a database of its own in it, and the
// other projects keep LevelDB.
import type { TestProject } from 'vitest/node';
import { startPostgres } from './services.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startPostgres();
  project.provide('pgPort', postgres.port);
  return () => postgres.destroy();
}
