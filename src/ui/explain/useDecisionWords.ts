// The words of decisions (src/sim/decisionText.ts) for parts of the page that load with it: fetched
// just after the first paint, when there is no decision to show yet, to keep the first load small.
import { useEffect, useState } from 'react';
import type { Decision } from '../../sim/types';

type Words = (d: Decision) => string;

let loaded: Words | null = null;
const loading: Promise<Words> = import('../../sim/decisionText').then((m) => (loaded = m.decisionText));

/** `decisionText`, or null for the moment it takes to arrive. */
export function useDecisionWords(): Words | null {
  const [words, setWords] = useState<Words | null>(() => loaded);
  useEffect(() => {
    if (words) return;
    let live = true;
    void loading.then((w) => {
      if (live) setWords(() => w);
    });
    return () => {
      live = false;
    };
  }, [words]);
  return words;
}
