'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { endNextAuthSession } from '@/lib/ui/auth-client';

/**
 * Ends Kagi's session on the server (with `everywhere`, every session of the person), then
 * the identity provider's (so the next person at this computer has to sign in for real),
 * then lands on the signed-out page.
 */
export function SignOutButton({ everywhere = false }: { everywhere?: boolean }) {
  const t = useTranslations('header');
  const tSessions = useTranslations('activity.sessions');
  const [busy, setBusy] = useState(false);

  async function handleSignOut() {
    setBusy(true);
    const init: RequestInit = everywhere
      ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ everywhere: true }) }
      : { method: 'POST' };
    const endUrl = await fetch('/api/session/end', init)
      .then((res) => (res.ok ? (res.json() as Promise<{ url: string }>) : null))
      .catch(() => null);
    await endNextAuthSession().catch(() => {});
    window.location.assign(endUrl?.url ?? '/signed-out');
  }

  return (
    <button
      type="button"
      onClick={handleSignOut}
      disabled={busy}
      className="rounded border border-slate-300 bg-white px-3 py-1 text-sm font-medium hover:bg-slate-100 disabled:opacity-60"
    >
      {everywhere ? (busy ? tSessions('busy') : tSessions('button')) : busy ? t('signingOut') : t('signOut')}
    </button>
  );
}
