'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import { withAccount } from '@/lib/ui/account';
import { useAccountId } from '@/lib/ui/account-context';

/**
 * Shown instead of the form while the sign-in is not recent enough. A plain link, not
 * next/link: a full page load, so nothing typed survives the trip to the identity provider.
 */
export function ReauthNotice({ lapsed }: { lapsed: boolean }) {
  const t = useTranslations('password');
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Back to this page, in the account it shows.
  const reauthHref = `/reauth?callbackUrl=${encodeURIComponent(withAccount('/password', useAccountId()))}`;

  useEffect(() => {
    // When the form just disappeared under the person's cursor, tell them where they are.
    if (lapsed) headingRef.current?.focus();
  }, [lapsed]);

  return (
    <section aria-labelledby="reauth-title" className="rounded-lg border border-blue-200 bg-blue-50 p-6" data-testid="reauth-notice">
      <h2 id="reauth-title" ref={headingRef} tabIndex={-1} className="text-lg font-semibold outline-none">
        {t('reauthTitle')}
      </h2>
      {lapsed ? <p className="mt-2 font-medium">{t('reauthLapsed')}</p> : null}
      <p className="mt-2">{t('reauthBody')}</p>
      <a
        href={reauthHref}
        className="mt-4 inline-block rounded-md bg-blue-700 px-5 py-2.5 font-semibold text-white hover:bg-blue-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-800"
      >
        {t('reauthButton')}
      </a>
    </section>
  );
}
