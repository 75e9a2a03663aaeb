'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { fetchRecentSignIn, reauthHref } from '@/lib/ui/recent-sign-in';

/** What the person was about to do; the sign-in page returns with `?then=<flow>` to carry on. */
export type FreshSignInFlow = 'new-key' | 'rotate' | 'add-app' | 'helpdesk-code';

/**
 * Changes a copied session must not make (a new key, an MFA set-up, a help-desk code) need a
 * sign-in at most 5 minutes old. `ensure()` asks the server before the person types anything;
 * when the sign-in is older, `needed` turns true and the page shows FreshSignInNotice instead.
 * The server checks again on the change itself, so this is only a kindness.
 */
export function useFreshSignIn() {
  const [needed, setNeeded] = useState(false);
  const [checking, setChecking] = useState(false);

  async function ensure(): Promise<boolean> {
    setChecking(true);
    try {
      const recent = await fetchRecentSignIn();
      setNeeded(!recent.fresh);
      return recent.fresh;
    } catch {
      // Kagi could not be asked: let the change itself answer (and say why, if it fails).
      return true;
    } finally {
      setChecking(false);
    }
  }

  return { needed, checking, ensure, require: () => setNeeded(true), dismiss: () => setNeeded(false) };
}

/**
 * Once, on arrival back from the forced sign-in (`?then=<flow>`), carries on with what the
 * person had asked for, and takes the marker out of the address so a reload does not repeat it.
 */
export function useResumeAfterSignIn(flow: FreshSignInFlow, resume: () => void) {
  const onArrival = useEffectEvent(resume);
  useEffect(() => {
    const url = new URL(window.location.href);
    if (url.searchParams.get('then') !== flow) return;
    url.searchParams.delete('then');
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    onArrival();
  }, [flow]);
}

/** The way back to this page (with `params` set) after signing in again, carrying on with `flow`. */
export function returnPathFor(flow: FreshSignInFlow, params: Record<string, string> = {}): string {
  const url = new URL(window.location.href);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  url.searchParams.set('then', flow);
  return `${url.pathname}${url.search}`;
}

const REASON = { 'new-key': 'newKey', rotate: 'newKey', 'add-app': 'mfa', 'helpdesk-code': 'helpdeskCode' } as const;

/**
 * Why a new sign-in is needed and the way to it: a plain link, a full page load, so nothing
 * typed survives the trip to the identity provider.
 */
export function FreshSignInNotice({ flow, params, className = '' }: { flow: FreshSignInFlow; params?: Record<string, string>; className?: string }) {
  const t = useTranslations('freshSignIn');
  const headingRef = useRef<HTMLParagraphElement>(null);
  // Shown only after something the person did in the browser, never in the server's HTML.
  const href = typeof window === 'undefined' ? reauthHref('/') : reauthHref(returnPathFor(flow, params));

  useEffect(() => {
    // It appears where the person just clicked: tell them where they are.
    headingRef.current?.focus();
  }, []);

  return (
    <div className={`rounded-md border border-blue-200 bg-blue-50 p-4 ${className}`} data-testid="fresh-sign-in" role="region" aria-labelledby={`fresh-sign-in-${flow}`}>
      <p id={`fresh-sign-in-${flow}`} ref={headingRef} tabIndex={-1} className="font-semibold outline-none">
        {t('title')}
      </p>
      <p className="mt-1">{t(`reason.${REASON[flow]}`)}</p>
      <a
        href={href}
        className="mt-3 inline-block rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-800"
      >
        {t('button')}
      </a>
    </div>
  );
}
