// A part of the canvas that is downloaded when first needed, not with the board page
// (docs/performance.md, bundle): a part drawn inside the Konva stage, where lazyPart's HTML
// "Loading…" and "Try again" cannot stand, or an overlay that shows on hover or selection,
// where a "Loading…" box would flash over the note. Nothing is shown until the code is in;
// that is only acceptable for what is preloaded once the board is idle (and takes no
// typing), so in practice the chunk is there before the part is first shown. If the
// download fails the part stays hidden and is fetched again when it is next rendered,
// no sooner than RETRY_AFTER_MS (a colleague's cursor re-renders it many times a second).
import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';

const RETRY_AFTER_MS = 5_000;

/** Only a failed download is this boundary's business; the part's own errors go on up. */
class CanvasPartLoadError extends Error {}

export interface CanvasPart<P> {
  Part: ComponentType<P>;
  /** Starts the download now, so the part is ready before it is drawn. */
  preload(): void;
}

export function lazyCanvasPart<P extends object>(load: () => Promise<ComponentType<P>>): CanvasPart<P> {
  let pending: Promise<{ default: ComponentType<P> }> | null = null;
  const fetchOnce = () =>
    (pending ??= load().then(
      (component) => ({ default: component }),
      (error: unknown) => {
        pending = null;
        throw new CanvasPartLoadError(String(error), { cause: error });
      },
    ));
  // React keeps a lazy component's failure for good, so a retry needs a fresh one. (The
  // cast: React 18's types give a lazy component of generic props a ref-aware prop type a
  // generic P cannot meet; it renders the loaded component with exactly P.)
  const fresh = () => lazy(fetchOnce) as unknown as ComponentType<P>;
  let Loaded = fresh();
  const retry = () => {
    Loaded = fresh();
  };

  function Part(props: P) {
    return (
      <LoadBoundary onRetry={retry}>
        <Suspense fallback={null}>
          <Loaded {...props} />
        </Suspense>
      </LoadBoundary>
    );
  }
  return {
    Part,
    preload: () => {
      fetchOnce().catch(() => {});
    },
  };
}

class LoadBoundary extends Component<{ onRetry(): void; children: ReactNode }, { failed: unknown; failedAt: number }> {
  override state = { failed: null as unknown, failedAt: 0 };

  static getDerivedStateFromError(error: unknown) {
    return { failed: error, failedAt: Date.now() };
  }

  override componentDidUpdate() {
    if (this.state.failed instanceof CanvasPartLoadError && Date.now() - this.state.failedAt >= RETRY_AFTER_MS) {
      this.props.onRetry();
      this.setState({ failed: null });
    }
  }

  override render() {
    const { failed } = this.state;
    if (!failed) return this.props.children;
    if (!(failed instanceof CanvasPartLoadError)) throw failed;
    return null;
  }
}
