import { useEffect } from 'react';

/**
 * When any API call answers 401 `unauthenticated`, the session has ended: send the person to
 * sign in and back to where they were. Not while a new secret is on screen, though: leaving
 * would lose it for good, so the redirect waits until the person has saved it.
 */
let holds = 0;
let waiting = false;
let leaving = false;

function goToSignIn(): void {
  // Several calls can fail at once; the first one decides where to come back to. And a late
  // answer must never send the sign-in page to sign-in with itself as the way back.
  if (leaving || window.location.pathname === '/signin') return;
  leaving = true;
  const here = `${window.location.pathname}${window.location.search}`;
  // A full page load on purpose: it drops every in-memory state and cache of the ended session.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign(`/signin?callbackUrl=${encodeURIComponent(here)}`);
}

export function redirectToSignIn(): void {
  if (holds > 0) waiting = true;
  else goToSignIn();
}

/** Holds any sign-in redirect until the returned release function is called. */
export function holdSignInRedirect(): () => void {
  holds += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holds -= 1;
    if (holds === 0 && waiting) {
      waiting = false;
      goToSignIn();
    }
  };
}

/**
 * While something shown only once is still unsaved (a new secret, a temporary password):
 * leaving the page asks first, and a sign-in redirect waits until it is saved.
 */
export function useGuardUnsaved(unsaved: boolean): void {
  useEffect(() => {
    if (!unsaved) return;
    const release = holdSignInRedirect();
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      release();
    };
  }, [unsaved]);
}
