'use client';

import { useTranslations } from 'next-intl';
import { OnceValue, ShowOnceDialog, type ShownOnce } from '../show-once-dialog';
import { SpokenPassword } from './spoken-password';

/**
 * Shows a temporary console password to the agent, once, in the same way as a new secret
 * access key: hidden until asked for (then with how to read it out), a copy button, and closed
 * only after the agent says they passed it on. When AWS did not confirm it was set, the warning says so and what to do. It
 * gets the password boxed (see useShownOnce), so that once the agent is done, nothing the page
 * keeps still refers to it.
 */
/** What the dialog shows: the password, whether AWS confirmed it, and whether it turned console sign-in on. */
export interface TemporaryPasswordShown {
  password: string;
  unconfirmed: boolean;
  enabling: boolean;
}

export function TemporaryPasswordDialog({
  userName,
  password,
  onDone,
  returnFocus,
}: {
  userName: string;
  password: ShownOnce<TemporaryPasswordShown>;
  onDone: () => void;
  returnFocus?: () => HTMLElement | null;
}) {
  const t = useTranslations('helpdesk.temporaryPassword');
  const shown = password.value;
  if (shown === null) return null;

  return (
    <ShowOnceDialog
      title={t('title')}
      intro={t('forUser', { userName })}
      // Unconfirmed, what the agent must know first is that it may not work: the warning says so.
      warningTitle={shown.unconfirmed ? t('unconfirmedTitle') : t('warningTitle')}
      warningBody={shown.unconfirmed ? t(shown.enabling ? 'unconfirmedEnableBody' : 'unconfirmedBody', { userName }) : t('warningBody')}
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
            value={shown.password}
            testId="temporary-password"
            announce={announce}
            copyLabel={t('copy')}
            copiedText={t('copied')}
            copyFailedText={t('copyFailed')}
            secret={{ showLabel: t('show'), hiddenText: t('hidden') }}
            extra={(value) => <SpokenPassword password={value} />}
          />
          <p className="mt-4 rounded-md border border-blue-200 bg-blue-50 p-3 text-sm text-blue-950">{t('mustChange')}</p>
        </>
      )}
    </ShowOnceDialog>
  );
}
