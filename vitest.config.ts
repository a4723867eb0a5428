import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 30_000,
        },
      },
      {
        // The same relay tests on the PostgreSQL store (docs/deploy.md): one PostgreSQL for
        // the run, a database per relay. Files that open the LevelDB store themselves stay
        // in `integration` only; the stores' own contract runs on both there.
        test: {
          name: 'integration-pg',
          sequence: { groupOrder: 1 },
          include: [
            'tests/integration/rounds.test.ts',
            'tests/integration/limits.test.ts',
            'tests/integration/positions.test.ts',
            'tests/integration/randomized.test.ts',
          ],
          environment: 'node',
          globalSetup: ['tests/helpers/postgresSetup.ts'],
          // The global setup's port reaches every project's workers of the run; only this
          // project's relays are to use it (tests/helpers/relay.ts).
          env: { BELIEFMAP_TEST_STORE: 'pg' },
          testTimeout: 60_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          // After the others, so browser timings are not measured on a machine busy with them.
          sequence: { groupOrder: 2 },
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
          // Each file launches its own Chromium; two at once is what 2 cores take.
          maxWorkers: 2,
        },
      },
    ],
  },
});
