// Whether the component is still on the page. A <dialog> closed because its component left
// (the page re-mounted it) fires "close" a moment later; that is no request to close it, and
// must not clear which discussion this tab has open.
import { useEffect, useRef, type RefObject } from 'react';

export function useMounted(): RefObject<boolean> {
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return mounted;
}
