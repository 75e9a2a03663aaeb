/**
 * When any API call answers 401 `unauthenticated`, the session has ended: send the person to
 * sign in and back to where they were. Not while a new secret is on screen, though: leaving
 * would lose it for good, so the redirect waits until the person has saved it.
 */
let holds = 0;
let waiting = false;

function goToSignIn(): void {
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
