'use client';

import { signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';

/**
 * Ends Kagi's session, then the identity provider's (so the next person at this computer
 * has to sign in for real), then lands on the signed-out page.
 */
export function SignOutButton() {
  const t = useTranslations('header');
  const [busy, setBusy] = useState(false);

  async function handleSignOut() {
    setBusy(true);
    const endUrl = await fetch('/api/session/end', { method: 'POST' })
      .then((res) => (res.ok ? (res.json() as Promise<{ url: string }>) : null))
      .catch(() => null);
    await signOut({ redirect: false });
    window.location.assign(endUrl?.url ?? '/signed-out');
  }

  return (
    <button
      type="button"
      onClick={handleSignOut}
      disabled={busy}
      className="rounded border border-slate-300 bg-white px-3 py-1 text-sm font-medium hover:bg-slate-100 disabled:opacity-60"
    >
      {busy ? t('signingOut') : t('signOut')}
    </button>
  );
}
