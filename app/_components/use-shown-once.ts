'use client';

import { useState } from 'react';

/** A value a show-once dialog shows, in a box; read `value` only while rendering that dialog. */
export interface ShownOnce<T> {
  readonly value: T | null;
}

/**
 * Holds the value of a show-once dialog (a new secret key, a temporary password) until the
 * person is done with it. `setState(null)` alone is not enough to forget it: React keeps the
 * previous render's state, and the props of the elements that render made, in a second copy
 * of the component (its alternate fiber) until the component renders again, which may be
 * never. So the state holds only a box, the dialog is given the box, not the value, and
 * `clear` empties the box before dropping it: what React keeps then holds an empty box.
 */
export function useShownOnce<T>(): { shown: ShownOnce<T> | null; show: (value: T) => void; clear: () => void } {
  const [box, setBox] = useState<{ value: T | null } | null>(null);
  return {
    shown: box,
    show: (value) => setBox({ value }),
    clear: () => {
      // Emptying the very object that React's stale copies refer to is the point here.
      // eslint-disable-next-line react-hooks/immutability
      if (box) box.value = null;
      setBox(null);
    },
  };
}
