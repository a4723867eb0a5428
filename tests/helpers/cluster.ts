// A cluster for tests: a PostgreSQL and a Redis of the test's own, relays as child
// processes (so one can be SIGKILLed), and optionally nginx in front of them, configured
// from deploy/nginx.conf. Boards are created through a relay's HTTP API, their secrets
// remembered for connectProvider and accessOf (tests/helpers/relay.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { WS_PATH, type CreateBoardResponse } from '../../shared/protocol.ts';
import { spawnRelay, type RelayProcess } from './childRelay.ts';
import { rememberCreatedBoard } from './relay.ts';
import { startNginx, startPostgres, startRedis, type NginxServer, type PostgresServer, type RedisServer } from './services.ts';

export interface TestCluster {
  postgres: PostgresServer;
  redis: RedisServer;
  databaseUrl: string;
  relays: RelayProcess[];
  nginx: NginxServer | null;
  /** ws://…/ws of relay `i`, or of nginx when `i` is omitted. */
  wsUrl(i?: number): string;
  /** Starts relay `i` again (after a kill) on its port. */
  restartRelay(i: number): Promise<RelayProcess>;
  /** Creates a board through relay 0 and returns its id (its secrets are remembered). */
  createBoard(title?: string, template?: string): Promise<string>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  relays?: number;
  nginx?: boolean;
  /** More environment for every relay (e.g. MAX_CONNECTIONS_PER_BOARD). */
  env?: Record<string, string>;
}

export async function startCluster(options: ClusterOptions = {}): Promise<TestCluster> {
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const databaseUrl = await postgres.createDatabase();
  const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, TRUST_PROXY: '127.0.0.1', ...options.env };
  const start = (port = 0) => spawnRelay('/nonexistent-data-dir', port, 'server/main.ts', [], env);
  // The first creates the schema; the others find it there.
  const relays: RelayProcess[] = [await start()];
  relays.push(...(await Promise.all(Array.from({ length: (options.relays ?? 3) - 1 }, () => start()))));
  let nginx: NginxServer | null = null;
  if (options.nginx) {
    const template = await readFile(path.resolve('deploy/nginx.conf'), 'utf8');
    nginx = await startNginx(
      relays.map((relay) => relay.port),
      template,
    );
  }
  return {
    postgres,
    redis,
    databaseUrl,
    relays,
    nginx,
    wsUrl(i) {
      if (i === undefined) {
        if (!nginx) throw new Error('This cluster has no nginx.');
        return `ws://127.0.0.1:${nginx.port}${WS_PATH}`;
      }
      return relays[i].wsUrl;
    },
    async restartRelay(i) {
      relays[i] = await start(relays[i].port);
      return relays[i];
    },
    async createBoard(title = 'Cluster', template) {
      const response = await fetch(`${relays[0].url}/api/boards`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ title, template }),
      });
      if (response.status !== 201) throw new Error(`POST /api/boards answered ${response.status}: ${await response.text()}`);
      return rememberCreatedBoard((await response.json()) as CreateBoardResponse);
    },
    async stop() {
      await nginx?.destroy();
      await Promise.all(relays.map((relay) => relay.stop('SIGTERM')));
      await redis.destroy();
      await postgres.destroy();
    },
  };
}
