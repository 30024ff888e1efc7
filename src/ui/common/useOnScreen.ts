// Whether an element is where a user could see it: in the viewport and not scrolled out of view in a
// column that scrolls (the side column's charts sit far below its fold). A drawing that nobody can see
// need not be redrawn while the run plays; it catches up as it scrolls into view (issue 15).
import { useEffect, useState, type RefObject } from 'react';

/** True while any part of the element is on screen (true until the first answer: draw, do not wait). */
export function useOnScreen(ref: RefObject<Element | null>): boolean {
  const [onScreen, setOnScreen] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    // Clipping by every scrolling ancestor counts, not only the viewport's edges.
    const observer = new IntersectionObserver((entries) => {
      const last = entries[entries.length - 1];
      if (last) setOnScreen(last.isIntersecting);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return onScreen;
}
