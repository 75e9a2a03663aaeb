import { getFormatter, getTranslations } from 'next-intl/server';
import type { UndeliveredMessage } from '@/lib/helpdesk/audit-view';

/** E-mails people never got (failed for good, or no address): the help desk may need to tell them. */
export async function UndeliveredMessages({ messages }: { messages: UndeliveredMessage[] }) {
  const t = await getTranslations('helpdesk.audit.undelivered');
  const format = await getFormatter();
  return (
    <section aria-labelledby="undelivered-title" className="space-y-2">
      <h2 id="undelivered-title" className="text-lg font-semibold">{t('title')}</h2>
      <p className="max-w-3xl text-slate-700">{t('intro')}</p>
      {messages.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-slate-700">{t('none')}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t('title')}</caption>
            <thead className="bg-slate-50 text-slate-700">
              <tr>
                <th scope="col" className="px-4 py-3 font-semibold">{t('when')}</th>
                <th scope="col" className="px-4 py-3 font-semibold">{t('person')}</th>
                <th scope="col" className="px-4 py-3 font-semibold">{t('kind')}</th>
                <th scope="col" className="px-4 py-3 font-semibold">{t('status')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {messages.map((m) => (
                <tr key={m.id}>
                  <td className="px-4 py-3 whitespace-nowrap">{format.dateTime(new Date(m.createdAt), { dateStyle: 'medium', timeStyle: 'short' })}</td>
                  <td className="px-4 py-3">{m.subject}</td>
                  <td className="px-4 py-3">{t.has(`kinds.${m.kind}`) ? t(`kinds.${m.kind}`) : m.kind}</td>
                  <td className="px-4 py-3">
                    {m.status === 'failed' ? t('failed', { attempts: m.attempts, reason: m.lastError ?? '—' }) : t('noAddress')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
