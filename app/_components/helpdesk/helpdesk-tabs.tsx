'use client';

import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { AppLink } from '../app-link';

/** The help desk's own two places: finding a person, and the audit log. */
export function HelpdeskTabs() {
  const t = useTranslations('helpdesk.tabs');
  const pathname = usePathname();
  const items = [
    { href: '/helpdesk' as const, label: t('people'), current: pathname !== '/helpdesk/audit' },
    { href: '/helpdesk/audit' as const, label: t('audit'), current: pathname === '/helpdesk/audit' },
  ];
  return (
    <nav aria-label={t('label')} className="mb-6">
      <ul className="flex flex-wrap gap-2">
        {items.map((item) => (
          <li key={item.href}>
            <AppLink
              href={item.href}
              aria-current={item.current ? 'page' : undefined}
              className={`inline-block rounded-md border px-3 py-1.5 text-sm font-medium ${
                item.current ? 'border-blue-700 bg-blue-50 text-blue-900' : 'border-slate-300 bg-white text-slate-800 hover:bg-slate-100'
              }`}
            >
              {item.label}
            </AppLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
