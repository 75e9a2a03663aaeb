import { getTranslations } from 'next-intl/server';
import { UnsubscribeConfirm } from '@/app/_components/settings/unsubscribe-confirm';
import { isUnsubscribeToken } from '@/lib/notifications/preferences';
import { unsubscribeQuerySchema } from '@/lib/notifications/settings-schema';

export async function generateMetadata() {
  return { title: (await getTranslations('unsubscribe'))('title') };
}

/** Opened from a reminder's "stop them without signing in" link: no session needed, the link is signed. */
export default async function UnsubscribePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const t = await getTranslations('unsubscribe');
  const parsed = unsubscribeQuerySchema.safeParse(await searchParams);
  const valid = parsed.success && isUnsubscribeToken(parsed.data.u, parsed.data.t);
  return (
    <main id="main" className="mx-auto mt-16 max-w-lg rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      {valid ? (
        <>
          <p className="mt-3 text-slate-700">{t('intro', { user: parsed.data.u })}</p>
          <UnsubscribeConfirm u={parsed.data.u} t={parsed.data.t} />
        </>
      ) : (
        <p className="mt-3 text-slate-700">{t('invalid')}</p>
      )}
    </main>
  );
}
