import { getTranslations } from 'next-intl/server';
import { NotLinked } from '@/app/_components/not-linked';
import { NotificationSettingsForm } from '@/app/_components/settings/notification-settings-form';
import { requirePagePerson } from '@/lib/auth/pages';
import { notificationSettingsOf } from '@/lib/notifications/settings';

export async function generateMetadata() {
  return { title: (await getTranslations('settings'))('title') };
}

export default async function SettingsPage() {
  const person = await requirePagePerson();
  if (!person.iamUserName) return <NotLinked name={person.name} userName={person.userName} />;
  return <NotificationSettingsForm initialData={await notificationSettingsOf(person.iamUserName)} />;
}
