import { getTranslations } from 'next-intl/server';
import { servedAccountLabels } from '@/app/_components/account-picker';
import { AuditView } from '@/app/_components/helpdesk/audit-view';
import { NotForYou } from '@/app/_components/helpdesk/not-for-you';
import { UndeliveredMessages } from '@/app/_components/helpdesk/undelivered-messages';
import { undeliveredMessages } from '@/lib/helpdesk/audit-view';
import { requirePagePerson } from '@/lib/auth/pages';
import { AUDIT_FILTER_NAMES, emptyAuditFilters, type AuditFilters } from '@/lib/ui/helpdesk-audit';

export async function generateMetadata() {
  return { title: (await getTranslations('helpdesk.audit'))('title') };
}

/** The filters live in the address, so a filtered view can be bookmarked or shared with a colleague. */
export default async function HelpdeskAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const person = await requirePagePerson();
  if (!person.roles.includes('helpdesk') || !person.iamUserName) return <NotForYou />;
  const params = await searchParams;
  const filters: AuditFilters = { ...emptyAuditFilters };
  for (const name of AUDIT_FILTER_NAMES) {
    const value = params[name];
    if (typeof value === 'string') filters[name] = value.slice(0, 64);
  }
  return (
    <div className="space-y-10">
      <AuditView initialFilters={filters} accountLabels={await servedAccountLabels()} />
      <UndeliveredMessages messages={await undeliveredMessages()} />
    </div>
  );
}
