// A hook that follows an element's content width, for drawings that fit their panel (charts, the
// bucket map, the timeline's markers).
import { useEffect, useState, type RefObject } from 'react';

/** Follows an element's content width (px, floored), for drawings that fit their panel. */
export function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined) setWidth(Math.floor(w));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
