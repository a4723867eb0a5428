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
          // Property tests (120 random poisoned boards, planted camps) take 1–2 s alone and
          // over 5 s (Vitest's default) when the machine is busy; what they assert is not time.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/helpers/storeEnv.ts'],
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
            'tests/integration/history.test.ts',
            'tests/integration/board-copy.test.ts',
          ],
          environment: 'node',
          globalSetup: ['tests/helpers/postgresSetup.ts'],
          setupFiles: ['tests/helpers/storeEnv.ts'],
          testTimeout: 60_000,
          hookTimeout: 30_000,
        },
      },
      {
        // The attacks of issue 12 against a cluster: every TestRelay is two relays over one
        // PostgreSQL database and Redis, and the people of each test are spread over them.
        test: {
          name: 'integration-cluster',
          sequence: { groupOrder: 1 },
          include: [
            'tests/integration/hostile.test.ts',
            'tests/integration/hostile-fuzz.test.ts',
            'tests/integration/anonymity.test.ts',
            'tests/integration/anonymous-comments.test.ts',
            'tests/integration/board-copy.test.ts',
          ],
          environment: 'node',
          globalSetup: ['tests/helpers/clusterSetup.ts'],
          setupFiles: ['tests/helpers/storeEnv.ts'],
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
