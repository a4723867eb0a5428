// A tiny subscribe/getSnapshot pair for useSyncExternalStore: the snapshot object only
// changes identity when the value changed, so React re-renders exactly the readers of it.
export type Listener = () => void;

export class ValueStore<T> {
  private listeners = new Set<Listener>();
  constructor(private value: T) {}

  get = (): T => this.value;

  set(next: T): void {
    if (Object.is(next, this.value)) return;
    this.value = next;
    for (const listener of [...this.listeners]) listener();
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
