'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect } from 'react';
import { useAccountId } from '@/lib/ui/account-context';
import { caseQueryOptions, type HelpdeskCase } from '@/lib/ui/helpdesk';

/**
 * A case verified another way waits for a second member of the help desk. Until then no action
 * is offered; the page asks the server every few seconds and moves on once approved.
 */
export function ApprovalWait({ helpdeskCase, onApproved }: { helpdeskCase: HelpdeskCase; onApproved: (approved: HelpdeskCase) => void }) {
  const t = useTranslations('helpdesk.approval');
  const { data } = useQuery(caseQueryOptions(helpdeskCase.subject, helpdeskCase.id, true, useAccountId()));

  useEffect(() => {
    if (data && data.approval !== 'waiting') onApproved(data);
  }, [data, onApproved]);

  return (
    <section aria-labelledby="approval-wait-title" className="rounded-lg border border-amber-300 bg-amber-50 p-5 text-amber-950" data-testid="approval-wait">
      <h2 id="approval-wait-title" className="text-lg font-semibold">
        {t('waitTitle')}
      </h2>
      <p className="mt-2">{t('waitBody')}</p>
      <p className="mt-2 text-sm">{t('waitHow')}</p>
    </section>
  );
}
