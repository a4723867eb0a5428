// A part of the board page that is downloaded when it is first shown, not with the page:
// the board must open fast, and most people never open the export dialog or the
// facilitator's tools (docs/performance.md, bundle). While its code loads the part's
// place says so; if the code cannot be fetched (offline before the service worker kept
// the app, a deploy replaced the files) it says that in words and offers to try again.
import { Component, lazy, Suspense, useState, type ComponentType, type ReactNode } from 'react';
import { useModalDialog } from './useModalDialog.ts';

export interface PartPlace {
  /** What the part is, to finish "Loading …" and "… could not be loaded": "the export menu". */
  name: string;
  /** A modal dialog holds the place of a modal dialog; otherwise an element with this class. */
  modal?: boolean;
  className?: string;
}

export interface PartOptions<P> extends PartPlace {
  /** The part's own close, offered beside "Try again" when it could not be loaded. */
  dismiss?(props: P): () => void;
  /** The placeholder takes the part's id, so controls that point to the part still do. */
  id?(props: P): string | undefined;
}

/**
 * One download shared by every caller, so a part can be fetched ahead of its first showing
 * (a preload) without a second request; forgotten if it fails, so "Try again" fetches again.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () =>
    (pending ??= load().catch((error: unknown) => {
      pending = null;
      throw error;
    }));
}

/** Only a failed download is this boundary's business; the part's own errors go on up. */
class PartLoadError extends Error {}

export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>, options: PartOptions<P>): ComponentType<P> {
  // React keeps a lazy component's failure for good, so a retry needs a fresh one. (The
  // cast: React 18's types give a lazy component of generic props a ref-aware prop type a
  // generic P cannot meet; it renders the loaded component with exactly P.)
  const fresh = () =>
    lazy(() =>
      load().then(
        (component) => ({ default: component }),
        (error: unknown) => {
          throw new PartLoadError(String(error), { cause: error });
        },
      ),
    ) as unknown as ComponentType<P>;
  let Loaded = fresh();

  function Part(props: P) {
    const [attempt, setAttempt] = useState(0);
    const retry = () => {
      Loaded = fresh();
      setAttempt(attempt + 1);
    };
    const place = { ...options, id: options.id?.(props) };
    return (
      <LoadBoundary key={attempt} place={place} dismiss={options.dismiss?.(props)} onRetry={retry}>
        <Suspense fallback={<Placeholder place={place}>{`Loading ${options.name}…`}</Placeholder>}>
          <Loaded {...props} />
        </Suspense>
      </LoadBoundary>
    );
  }
  return Part;
}

interface BoundaryProps {
  place: PartPlace & { id?: string };
  dismiss?: () => void;
  onRetry(): void;
  children: ReactNode;
}

class LoadBoundary extends Component<BoundaryProps, { failed: unknown }> {
  override state = { failed: null as unknown };

  static getDerivedStateFromError(error: unknown) {
    return { failed: error };
  }

  override render() {
    const { failed } = this.state;
    if (!failed) return this.props.children;
    if (!(failed instanceof PartLoadError)) throw failed;
    const { place, dismiss, onRetry } = this.props;
    const name = place.name.replace(/^./, (first) => first.toUpperCase());
    return (
      <Placeholder place={place} alert dismiss={dismiss}>
        <p>{`${name} could not be loaded. Check your connection, then try again.`}</p>
        <p className="lazy-part__buttons">
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
          {dismiss && (
            <button type="button" className="button button--quiet" onClick={dismiss}>
              Close
            </button>
          )}
        </p>
      </Placeholder>
    );
  }
}

interface PlaceholderProps {
  place: PartPlace & { id?: string };
  alert?: boolean;
  dismiss?: () => void;
  children: ReactNode;
}

function Placeholder({ place, alert = false, dismiss, children }: PlaceholderProps) {
  const role = alert ? 'alert' : 'status';
  if (place.modal) {
    return (
      <PlaceholderDialog role={role} onEscape={dismiss}>
        {children}
      </PlaceholderDialog>
    );
  }
  return (
    <div id={place.id} className={`lazy-part ${place.className ?? ''}`} role={role}>
      {children}
    </div>
  );
}

/** Stands in for a modal dialog, modal itself, so the page behind stays out of reach as it will be. */
function PlaceholderDialog({ role, onEscape, children }: { role: 'status' | 'alert'; onEscape?: () => void; children: ReactNode }) {
  const dialog = useModalDialog();
  return (
    <dialog
      ref={dialog}
      className="card lazy-part lazy-part--modal"
      // The dialog must not close itself on Escape: whoever opened the part would think it still open.
      onCancel={(event) => {
        event.preventDefault();
        onEscape?.();
      }}
    >
      <div role={role}>{children}</div>
    </dialog>
  );
}
