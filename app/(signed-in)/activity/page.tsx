import { getTranslations } from 'next-intl/server';
import { ActivityList } from '@/app/_components/activity/activity-list';
import { NotLinked } from '@/app/_components/not-linked';
import { requirePagePerson } from '@/lib/auth/pages';
import { listMyActivity } from '@/lib/audit/activity';
import { ACTIVITY_PAGE_SIZE } from '@/lib/ui/activity';

export async function generateMetadata() {
  return { title: (await getTranslations('activity'))('title') };
}

export default async function ActivityPage() {
  const person = await requirePagePerson();
  if (!person.iamUserName) return <NotLinked name={person.name} userName={person.userName} />;
  const entries = await listMyActivity({ ...person, iamUserName: person.iamUserName }, { limit: ACTIVITY_PAGE_SIZE });
  return <ActivityList initialData={{ entries }} />;
}
