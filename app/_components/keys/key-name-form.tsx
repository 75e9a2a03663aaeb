'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState } from 'react';
import type { AccessKeyView } from '@/lib/credentials/access-key-shapes';
import { ACCESS_KEY_DESCRIPTION_MAX, accessKeyDescriptionProblem } from '@/lib/credentials/key-name';
import { useRenameAccessKey } from '@/lib/ui/access-key-mutations';
import { ErrorAlert, useErrorText } from '../error-text';

/**
 * Changing a key's name on its card (key-name-editor.tsx shows it and opens this). `onDone`
 * gets what to announce once the name is saved, or null when the person cancels.
 */
export function KeyNameForm({ accessKey, onDone }: { accessKey: AccessKeyView; onDone: (message: string | null) => void }) {
  const t = useTranslations('keys.name');
  const errorText = useErrorText();
  const id = useId();
  const [value, setValue] = useState(accessKey.description ?? '');
  const rename = useRenameAccessKey();
  const inputRef = useRef<HTMLInputElement>(null);
  const problem = accessKeyDescriptionProblem(value);

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  function stop() {
    rename.reset();
    onDone(null);
  }

  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        if (problem || rename.isPending) return;
        const description = value.trim();
        rename.mutate(
          { accessKeyId: accessKey.accessKeyId, description },
          {
            onSuccess: () => {
              rename.reset();
              onDone(description ? t('saved', { name: description }) : t('removed', { accessKeyId: accessKey.accessKeyId }));
            },
          },
        );
      }}
    >
      <label htmlFor={`${id}-name`} className="block text-sm font-medium">
        {t('editLabel', { accessKeyId: accessKey.accessKeyId })}
      </label>
      <input
        id={`${id}-name`}
        ref={inputRef}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation();
            stop();
          }
        }}
        maxLength={ACCESS_KEY_DESCRIPTION_MAX + 20}
        autoComplete="off"
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : `${id}-hint`}
        className="w-full max-w-xl rounded-md border border-slate-400 px-3 py-1.5"
      />
      {problem ? (
        <p id={`${id}-problem`} className="text-sm text-red-800">
          {t(problem === 'too-long' ? 'tooLong' : problem === 'hidden-characters' ? 'hiddenCharacters' : 'characters', { max: ACCESS_KEY_DESCRIPTION_MAX })}
        </p>
      ) : (
        <p id={`${id}-hint`} className="text-sm text-slate-700">
          {t('editHint')}
        </p>
      )}
      {rename.isError ? <ErrorAlert>{t('saveFailed', { reason: errorText(rename.error) })}</ErrorAlert> : null}
      <div className="flex flex-wrap gap-3">
        <button type="submit" disabled={rename.isPending} className="rounded-md bg-blue-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-blue-800 disabled:opacity-70">
          {rename.isPending ? t('saving') : t('save')}
        </button>
        <button type="button" onClick={stop} disabled={rename.isPending} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100">
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
