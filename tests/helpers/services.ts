// Real PostgreSQL, Redis and nginx for the cluster tests, each started by the test in a
// temporary folder on a free port, never a service the machine happens to run. When one
// is missing the test fails and says how to install it (`.ci/run` installs all three).
// PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { atExit } from './exitCleanup.ts';

const run = promisify(execFile);

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function missing(what: string, install: string): Error {
  return new Error(`${what} was not found. The cluster tests need it: on Debian/Ubuntu, ${install} (.ci/run does this).`);
}

// ---------------------------------------------------------------- PostgreSQL

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const bin = path.join(root, version, 'bin');
    if (existsSync(path.join(bin, 'initdb'))) return bin;
  }
  throw missing('PostgreSQL (initdb, pg_ctl)', 'apt-get install -y postgresql');
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL command as `postgres` when we are root (initdb and the server refuse root). */
function pgCommand(bin: string, command: string, args: string[]): Promise<{ stdout: string }> {
  const file = path.join(bin, command);
  return asRoot ? run('runuser', ['-u', 'postgres', '--', file, ...args]) : run(file, args);
}

export interface PostgresServer {
  port: number;
  /** A new, empty database and the URL to it. */
  createDatabase(): Promise<string>;
  /** Stops the server at once (as a crash would; the data stays). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
  /** The server's processes, the postmaster and its children (a benchmark reads their CPU). */
  pids(): number[];
}

export interface PostgresOptions {
  /**
   * fsync on, as in production: commits wait for the disk. Tests run with fsync off (they
   * need speed, not a durable test database); benchmarks of "saved" latency need it on.
   */
  durable?: boolean;
}

const USER = 'beliefmap';

/** The processes whose parent is `pid`, read from /proc. */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The parent is the second field after the ")" that ends the command name.
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) children.push(Number(entry));
    } catch {
      // Gone since the listing.
    }
  }
  return children;
}

export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const bin = postgresBin();
  const dir = await mkdtemp(path.join(tmpdir(), 'beliefmap-pg-'));
  if (asRoot) {
    // The postgres user must own its data and reach the socket folder.
    await chmod(dir, 0o755);
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = path.join(dir, 'data');
  await pgCommand(bin, 'initdb', ['-D', data, '-A', 'trust', '-U', USER, '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  // Tests need speed, not durability of the test database itself.
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${options.durable ? '' : ' -c fsync=off'} -c max_connections=200`;
  const start = async () => {
    await pgCommand(bin, 'pg_ctl', ['-D', data, '-o', serverOptions, '-l', path.join(dir, 'log'), '-w', 'start']);
  };
  const stop = async () => {
    await pgCommand(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
  };
  await start();
  const forget = atExit(() => {
    const args = ['-D', data, '-m', 'immediate', '-w', 'stop'];
    const file = path.join(bin, 'pg_ctl');
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'ignore' });
    else execFileSync(file, args, { stdio: 'ignore' });
  });
  return {
    port,
    createDatabase: () => createDatabaseOn(port),
    stop,
    start,
    async destroy() {
      forget();
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
    pids() {
      const postmaster = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return [postmaster, ...childrenOf(postmaster)];
    },
  };
}

/** A new database in a PostgreSQL another process started (the `integration-pg` project's), and its URL. */
export async function createDatabaseOn(port: number): Promise<string> {
  const name = `beliefmap_test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: `postgres://${USER}@127.0.0.1:${port}/postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return `postgres://${USER}@127.0.0.1:${port}/${name}`;
}

// ---------------------------------------------------------------- Redis

export interface RedisServer {
  port: number;
  url: string;
  /** SIGKILLs it. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: nothing is saved). */
  start(): Promise<void>;
  destroy(): Promise<void>;
  /** The running server's process id, or null while it is down. */
  pid(): number | null;
}

function redisBin(): string {
  for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) if (existsSync(candidate)) return candidate;
  throw missing('redis-server', 'apt-get install -y redis-server');
}

export async function startRedis(): Promise<RedisServer> {
  const bin = redisBin();
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    const spawned = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = spawned;
    const forget = atExit(() => spawned.kill('SIGKILL'));
    spawned.once('exit', forget);
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (/Ready to accept connections/i.test(output)) resolve();
      };
      spawned.stdout!.on('data', onData);
      spawned.stderr!.on('data', onData);
      spawned.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)));
    });
  };
  const kill = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return { port, url: `redis://127.0.0.1:${port}`, kill, start, destroy: kill, pid: () => child?.pid ?? null };
}

// ---------------------------------------------------------------- nginx

export interface NginxServer {
  port: number;
  url: string;
  destroy(): Promise<void>;
}

function nginxBin(): string {
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (existsSync(candidate)) return candidate;
  throw missing('nginx', 'apt-get install -y nginx');
}

/**
 * nginx in front of `upstreams` (ports on 127.0.0.1), configured from the deploy recipe
 * `deploy/nginx.conf`: its upstream list and listen port are put in, its paths pointed at
 * a temporary folder.
 */
export async function startNginx(upstreams: number[], template: string): Promise<NginxServer> {
  const bin = nginxBin();
  const dir = await mkdtemp(path.join(tmpdir(), 'beliefmap-nginx-'));
  const port = await freePort();
  const config = template
    .replace(/# relays: begin[\s\S]*?# relays: end/, upstreams.map((upstream) => `server 127.0.0.1:${upstream} max_fails=1 fail_timeout=2s;`).join('\n    '))
    .replace(/listen 80;/, `listen 127.0.0.1:${port};`)
    .replace(/^user .*;$/m, asRoot ? 'user root;' : '')
    .replace(/^(pid|error_log) .*;$/gm, '')
    .replace(/access_log [^;]*;/g, 'access_log off;');
  const file = path.join(dir, 'nginx.conf');
  await writeFile(file, `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\n${config}`);
  const child = spawn(bin, ['-c', file, '-p', dir, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  // SIGTERM, not SIGKILL: nginx's master then stops its workers too.
  const forget = atExit(() => child.kill('SIGTERM'));
  child.once('exit', forget);
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // nginx says nothing when it starts well: wait until it answers.
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited before it answered:\n${output}`);
    try {
      await fetch(`http://127.0.0.1:${port}/nginx-health`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`nginx did not answer within 10 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async destroy() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
