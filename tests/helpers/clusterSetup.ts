// Vitest global setup for the `integration-cluster` project: one PostgreSQL and one Redis
// for the whole run, in temporary folders on free ports, for this project's workers only
// (provide → tests/helpers/storeEnv.ts). startTestRelay (tests/helpers/relay.ts) then
// makes every TestRelay a cluster of relays over a database of its own and a Redis prefix
// of its own.
import type { TestProject } from 'vitest/node';
import { startPostgres, startRedis } from './services.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  project.provide('pgPort', postgres.port);
  project.provide('redisUrl', redis.url);
  return async () => {
    await redis.destroy();
    await postgres.destroy();
  };
}
