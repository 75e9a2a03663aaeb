'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { approvalsQueryOptions, approveCase } from '@/lib/ui/helpdesk-search';
import { ErrorAlert, useErrorText } from '../error-text';
import { LiveRegions, useLiveMessages } from '../live-regions';
import { buttonStyles, VerificationText } from './words';

/**
 * Four eyes: cases other agents opened without the person's code. Approving says "I have
 * checked how this person was verified, and I agree": only then can the other agent act.
 */
export function ApprovalsList({ accountLabels = null }: { accountLabels?: Record<string, string> | null }) {
  const t = useTranslations('helpdesk.approval');
  const format = useFormatter();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const live = useLiveMessages();
  const { data, error } = useQuery(approvalsQueryOptions());
  const approve = useMutation({
    mutationFn: approveCase,
    onSuccess: (approved) => live.announce(t('approved', { userName: approved.subject, agent: approved.agentName })),
    onError: (approveError) => live.fail(t('approveFailed', { reason: errorText(approveError) })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: approvalsQueryOptions().queryKey }),
  });
  const cases = data?.cases ?? [];
  if (!error && cases.length === 0 && !live.status && !live.problem) return null;

  return (
    <section aria-labelledby="approvals-title" className="rounded-lg border border-amber-300 bg-white p-5" data-testid="approvals">
      <h2 id="approvals-title" className="text-lg font-semibold">
        {t('listTitle')}
      </h2>
      <p className="mt-1 text-slate-700">{t('listIntro')}</p>
      <LiveRegions status={live.status} problem={live.problem} />
      {error ? <ErrorAlert>{t('listFailed', { reason: errorText(error) })}</ErrorAlert> : null}
      <ul className="mt-3 divide-y divide-slate-100">
        {cases.map((c) => (
          <li key={c.id} className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="approval-case">
            <div className="text-sm">
              <p className="font-medium">{t('caseLine', { userName: c.subject, agent: c.agentName, ticket: c.ticket })}</p>
              {accountLabels && c.accountId ? (
                <p className="font-medium break-words" data-testid="approval-case-account">
                  {t('account', { account: accountLabels[c.accountId] ?? c.accountId })}
                </p>
              ) : null}
              <p className="text-slate-700">
                <VerificationText verification={c.verification} />
              </p>
              <p className="text-slate-600">
                <time dateTime={c.createdAt}>{format.dateTime(new Date(c.createdAt), { timeStyle: 'short' })}</time>
              </p>
            </div>
            <button
              type="button"
              className={buttonStyles.small}
              disabled={approve.isPending}
              onClick={() => approve.mutate({ userName: c.subject, caseId: c.id, account: c.accountId ?? null })}
              aria-label={t('approveLabel', { userName: c.subject, agent: c.agentName })}
            >
              {t('approve')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
