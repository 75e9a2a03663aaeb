'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { NotificationSettings } from '@/lib/notifications/settings-shapes';
import { notificationSettingsQueryKey, notificationSettingsQueryOptions, saveNotificationSettings } from '@/lib/ui/notification-settings';
import { useErrorText } from '../error-text';
import { LiveRegions, useLiveMessages } from '../live-regions';

/** The person's e-mail settings: where messages go, and reminders on or off. */
export function NotificationSettingsForm({ initialData }: { initialData: NotificationSettings }) {
  const t = useTranslations('settings');
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const { data = initialData } = useQuery({ ...notificationSettingsQueryOptions(), initialData });
  const [reminders, setReminders] = useState(data.reminders);
  const live = useLiveMessages();
  const save = useMutation({
    mutationFn: () => saveNotificationSettings({ reminders }),
    onSuccess: (saved) => {
      queryClient.setQueryData(notificationSettingsQueryKey, saved);
      live.announce(saved.reminders ? t('savedOn') : t('savedOff'));
    },
    onError: (error) => live.fail(t('saveFailed', { reason: errorText(error) })),
  });

  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p className="mt-2 text-slate-700">{t('intro')}</p>
      </div>

      <section aria-labelledby="mail-title" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="mail-title" className="font-semibold">{t('mail.title')}</h2>
        <p className="mt-1 text-slate-700">
          {data.notifications === 'off' ? t('mail.off') : data.email ? t.rich('mail.address', { email: data.email, strong: (chunks) => <strong>{chunks}</strong> }) : t('mail.noAddress')}
        </p>
        <p className="mt-2 text-slate-700">{t('mail.changes')}</p>
      </section>

      <form
        className="space-y-4 rounded-lg border border-slate-200 bg-white p-4"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <fieldset>
          <legend className="font-semibold">{t('reminders.title')}</legend>
          <p id="reminders-help" className="mt-1 text-slate-700">{t('reminders.body')}</p>
          <label className="mt-3 flex items-start gap-3">
            <input
              type="checkbox"
              name="reminders"
              checked={reminders}
              onChange={(event) => setReminders(event.target.checked)}
              aria-describedby="reminders-help"
              className="mt-1 h-5 w-5 accent-blue-700"
            />
            <span>{t('reminders.label')}</span>
          </label>
        </fieldset>
        <button type="submit" disabled={save.isPending} className="rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:opacity-70">
          {save.isPending ? t('saving') : t('save')}
        </button>
        <LiveRegions status={live.status} problem={live.problem} />
      </form>
    </div>
  );
}
