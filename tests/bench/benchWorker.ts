// A benchmark's client process, driven by commands over IPC, one reply per command in
// order. Load generators live in their own processes so the process that measures (and
// the relay it measures) do not share an event loop with them.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export class BenchWorker<Command extends { type: string }, Reply extends { type: string }> {
  private readonly child: ChildProcess;
  private readonly waiting: ((reply: Reply) => void)[] = [];

  /** `script` is relative to the repository root and runs under tsx. */
  constructor(script: string) {
    this.child = fork(path.resolve(script), { execArgv: ['--import', 'tsx'] });
    this.child.on('message', (reply: Reply) => this.waiting.shift()?.(reply));
  }

  /** The worker's process id, so a benchmark can read its CPU time from /proc. */
  get pid(): number {
    return this.child.pid!;
  }

  /** Sends a command; rejects when the worker answers { type: 'failed', error }. */
  ask(command: Command): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.waiting.push((reply) => {
        if (reply.type === 'failed') reject(new Error(String((reply as { error?: unknown }).error)));
        else resolve(reply);
      });
      this.child.send(command);
    });
  }

  /** Sends `command` (which should end the worker) and waits for it to exit. */
  end(command: Command): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.send(command);
    });
  }
}
