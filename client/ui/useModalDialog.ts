// A native <dialog> shown modal for as long as its component is mounted: the browser then
// keeps focus inside it and the page behind out of reach (and out of the accessibility tree).
import { useEffect, useRef, type RefObject } from 'react';

export function useModalDialog(): RefObject<HTMLDialogElement> {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);
  return dialog;
}
