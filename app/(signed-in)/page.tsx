import { getFormatter, getTranslations } from 'next-intl/server';
import { NotLinked } from '@/app/_components/not-linked';
import { requirePagePerson } from '@/lib/auth/pages';
import { listAccessKeys } from '@/lib/iam/access-keys';

export default async function HomePage() {
  // Checked here too, not only in the layout: a page is its own entry point.
  const person = await requirePagePerson();
  if (!person.iamUserName) return <NotLinked name={person.name} />;

  const t = await getTranslations('home');
  const format = await getFormatter();
  const keys = await listAccessKeys(person.iamUserName);
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
        {keys.length === 0 ? (
          <p className="mt-2">{t('keysNone')}</p>
        ) : (
          <ul className="mt-2 space-y-1">
            {keys.map((key) => (
              <li key={key.accessKeyId}>
                {t('keyLine', {
                  accessKeyId: key.accessKeyId,
                  status: key.status,
                  created: format.dateTime(key.createDate, { dateStyle: 'medium' }),
                })}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
