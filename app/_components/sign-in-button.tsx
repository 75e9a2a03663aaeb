'use client';

import { useEffect, useRef, useState } from 'react';
import { startSignIn } from '@/lib/ui/auth-client';

/**
 * Starts sign-in at the company's identity provider. With `forceLogin`, the provider must
 * ask for credentials again (prompt=login), which renews the sign-in time; `auto` starts
 * at once, and the button stays as a fallback.
 */
export function SignInButton({
  callbackUrl,
  label,
  busyLabel,
  forceLogin = false,
  auto = false,
}: {
  callbackUrl: string;
  label: string;
  busyLabel: string;
  forceLogin?: boolean;
  auto?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const started = useRef(false);

  const start = () => {
    if (started.current) return;
    started.current = true;
    setBusy(true);
    void startSignIn(callbackUrl, forceLogin ? { prompt: 'login', max_age: '0' } : undefined);
  };

  useEffect(() => {
    if (auto) start();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- start once, on arrival
  }, []);

  return (
    <button
      type="button"
      onClick={start}
      disabled={busy}
      className="rounded-md bg-blue-700 px-5 py-2.5 font-semibold text-white hover:bg-blue-800 disabled:opacity-70"
    >
      {busy ? busyLabel : label}
    </button>
  );
}
