import { getFormatter, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { NotLinked } from '@/app/_components/not-linked';
import { requirePagePerson } from '@/lib/auth/pages';
import { listMyAccessKeys } from '@/lib/credentials/access-keys';

export default async function HomePage() {
  // Checked here too, not only in the layout: a page is its own entry point.
  const person = await requirePagePerson();
  if (!person.iamUserName) return <NotLinked name={person.name} />;

  const t = await getTranslations('home');
  const tKeys = await getTranslations('keys');
  const format = await getFormatter();
  const { keys, quota } = await listMyAccessKeys({ ...person, iamUserName: person.iamUserName });
  const overdue = keys.filter((key) => key.rotation === 'overdue');
  const due = keys.filter((key) => key.rotation === 'due');

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t('title', { name: person.name })}</h1>
        <p className="mt-2 text-slate-700">{t('intro', { iamUserName: person.iamUserName })}</p>
      </div>
      <section aria-labelledby="keys-title" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="keys-title" className="text-lg font-semibold">
          {t('keysTitle')}
        </h2>
        <p className="mt-2" data-testid="keys-summary">
          {t('keysCount', { count: keys.length, quota })}
        </p>

        {overdue.length > 0 || due.length > 0 ? (
          <ul className="mt-3 space-y-2">
            {overdue.map((key) => (
              <li key={key.accessKeyId} className="flex gap-2 rounded-md border border-red-300 bg-red-50 p-3 text-red-900">
                <span aria-hidden="true">⚠</span>
                <span>{t('keyOverdue', { accessKeyId: key.accessKeyId })}</span>
              </li>
            ))}
            {due.map((key) => (
              <li key={key.accessKeyId} className="flex gap-2 rounded-md border border-amber-400 bg-amber-50 p-3 text-amber-950">
                <span aria-hidden="true">⏱</span>
                <span>{t('keyDue', { accessKeyId: key.accessKeyId })}</span>
              </li>
            ))}
          </ul>
        ) : keys.length > 0 ? (
          <p className="mt-2 text-green-900">
            <span aria-hidden="true">✓ </span>
            {t('keysAllOk')}
          </p>
        ) : null}

        {keys.length > 0 ? (
          <ul className="mt-4 divide-y divide-slate-100 border-y border-slate-100">
            {keys.map((key) => (
              <li key={key.accessKeyId} className="flex flex-wrap gap-x-4 gap-y-1 py-2 text-sm">
                <code className="font-mono text-base">{key.accessKeyId}</code>
                <span>{key.status === 'Active' ? tKeys('statusActive') : tKeys('statusInactive')}</span>
                <span className="text-slate-700">
                  {t('keyCreated', { created: format.dateTime(new Date(key.createDate), { dateStyle: 'medium' }) })}
                </span>
              </li>
            ))}
          </ul>
        ) : null}

        <p className="mt-4">
          <Link href="/keys" className="font-semibold text-blue-700 underline hover:text-blue-900">
            {t('manageKeys')}
          </Link>
        </p>
      </section>
    </div>
  );
}
