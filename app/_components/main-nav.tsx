'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { withAccount } from '@/lib/ui/account';
import { AppLink } from './app-link';

const items = [
  { href: '/', label: 'home' },
  { href: '/keys', label: 'keys', perAccount: true },
  { href: '/password', label: 'password', perAccount: true },
  { href: '/mfa', label: 'mfa', perAccount: true },
  { href: '/activity', label: 'activity', perAccount: true },
  { href: '/settings', label: 'settings' },
] as const;

/** Shown only to help-desk staff (the pages check the role themselves too). */
const helpdeskItem = { href: '/helpdesk', label: 'helpdesk' } as const;

function isCurrent(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

export function MainNav({ showHelpdesk = false }: { showHelpdesk?: boolean }) {
  const t = useTranslations('nav');
  const tHeader = useTranslations('header');
  const pathname = usePathname();
  // Moving between credentials pages stays in the AWS account being looked at.
  const account = useSearchParams().get('account');
  const accountId = account && /^\d{12}$/.test(account) ? account : null;
  return (
    <nav aria-label={tHeader('nav')} className="border-t border-slate-100">
      <ul className="mx-auto flex max-w-5xl flex-wrap gap-1 px-4">
        {(showHelpdesk ? [...items, helpdeskItem] : items).map((item) => {
          const current = isCurrent(pathname, item.href);
          return (
            <li key={item.href}>
              <AppLink
                href={'perAccount' in item ? withAccount(item.href, accountId) : item.href}
                aria-current={current ? 'page' : undefined}
                className={`inline-block border-b-4 px-3 py-2 text-sm font-medium ${
                  current ? 'border-blue-700 text-blue-800' : 'border-transparent text-slate-700 hover:border-slate-300 hover:text-slate-900'
                }`}
              >
                {t(item.label)}
              </AppLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
