// React 18 has no `useEffectEvent` (it came with 19.2; the board stays on React 18 because
// React 19's react-dom and react-konva's reconciler are 31 KB gzip larger, docs/performance.md).
// The same contract: a function an effect can call without listing what it reads, that
// always sees the latest render's props and state. Updated in an insertion effect, so it is
// current before any layout or passive effect of the same commit runs; not for calling
// during render.
import { useCallback, useInsertionEffect, useRef } from 'react';

export function useEffectEvent<Args extends unknown[], Result>(handler: (...args: Args) => Result): (...args: Args) => Result {
  const latest = useRef(handler);
  useInsertionEffect(() => {
    latest.current = handler;
  });
  return useCallback((...args: Args) => latest.current(...args), []);
}
