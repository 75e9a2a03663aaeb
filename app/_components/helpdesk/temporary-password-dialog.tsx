'use client';

import { useTranslations } from 'next-intl';
import { OnceValue, ShowOnceDialog } from '../show-once-dialog';

/**
 * Shows a temporary console password to the agent, once, in the same way as a new secret
 * access key: hidden until asked for, a copy button, and closed only after the agent says they
 * passed it on.
 */
export function TemporaryPasswordDialog({
  userName,
  password,
  onDone,
  returnFocus,
}: {
  userName: string;
  password: string;
  onDone: () => void;
  returnFocus?: () => HTMLElement | null;
}) {
  const t = useTranslations('helpdesk.temporaryPassword');

  return (
    <ShowOnceDialog
      title={t('title')}
      intro={t('forUser', { userName })}
      warningTitle={t('warningTitle')}
      warningBody={t('warningBody')}
      acknowledgeLabel={t('passedOn')}
      closeHint={t('closeHint')}
      closeBlocked={t('closeBlocked')}
      doneLabel={t('done')}
      onDone={onDone}
      returnFocus={returnFocus}
    >
      {(announce) => (
        <>
          <OnceValue
            label={t('label')}
            value={password}
            testId="temporary-password"
            announce={announce}
            copyLabel={t('copy')}
            copiedText={t('copied')}
            copyFailedText={t('copyFailed')}
            secret={{ showLabel: t('show'), hiddenText: t('hidden') }}
          />
          <p className="mt-4 rounded-md border border-blue-200 bg-blue-50 p-3 text-sm text-blue-950">{t('mustChange')}</p>
        </>
      )}
    </ShowOnceDialog>
  );
}
