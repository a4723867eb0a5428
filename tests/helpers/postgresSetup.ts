// Vitest global setup for the `integration-pg` project: one PostgreSQL for the whole run,
// started in a temporary folder on a free port, stopped at the end. startTestRelay
// (tests/helpers/relay.ts) then gives every relay a database of its own in it.
import { startPostgres } from './services.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const postgres = await startPostgres();
  process.env.BELIEFMAP_TEST_PG_PORT = String(postgres.port);
  return () => postgres.destroy();
}
