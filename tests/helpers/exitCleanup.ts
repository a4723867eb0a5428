// Services a test starts (relays, PostgreSQL, Redis, nginx) outlive a test that times out
// or throws before its `finally`: its worker process exits, they do not, and the next run
// meets them. Each registers a synchronous last resort here, run when the worker exits.
const cleanups = new Set<() => void>();
let installed = false;

/** Runs `cleanup` (synchronous: nothing else runs on exit) when this process exits; the returned function unregisters it. */
export function atExit(cleanup: () => void): () => void {
  if (!installed) {
    installed = true;
    process.once('exit', () => {
      for (const run of cleanups) {
        try {
          run();
        } catch {
          // Already gone.
        }
      }
    });
  }
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}
