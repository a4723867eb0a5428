// A setup file of every integration project, run in each worker before its tests: the
// services the project's global setup started (if any) become the environment
// startTestRelay reads. Set per project, never inherited from another project's setup.
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    pgPort?: number;
    redisUrl?: string;
  }
}

const pgPort = inject('pgPort');
const redisUrl = inject('redisUrl');
if (pgPort) process.env.BELIEFMAP_TEST_PG_PORT = String(pgPort);
else delete process.env.BELIEFMAP_TEST_PG_PORT;
if (redisUrl) process.env.BELIEFMAP_TEST_REDIS_URL = redisUrl;
else delete process.env.BELIEFMAP_TEST_REDIS_URL;
