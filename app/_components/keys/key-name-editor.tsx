'use client';

import { useTranslations } from 'next-intl';
import { lazy, Suspense, useRef, useState } from 'react';
import type { AccessKeyView } from '@/lib/credentials/access-key-shapes';

// The form loads when the person starts renaming: most visits only read the names (bench:pages).
const KeyNameForm = lazy(() => import('./key-name-form').then((m) => ({ default: m.KeyNameForm })));

/** A key's name on its card, and changing it there ("" takes the name away). */
export function KeyNameEditor({ accessKey, onRenamed }: { accessKey: AccessKeyView; onRenamed: (message: string) => void }) {
  const t = useTranslations('keys.name');
  const [editing, setEditing] = useState(false);
  const editButtonRef = useRef<HTMLButtonElement>(null);

  function stop() {
    setEditing(false);
    window.setTimeout(() => editButtonRef.current?.focus(), 0);
  }

  if (!editing) {
    return (
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <span data-testid="key-name">{accessKey.description ?? <span className="text-slate-700">{t('none')}</span>}</span>
        <button
          ref={editButtonRef}
          type="button"
          onClick={() => setEditing(true)}
          className="text-sm font-medium text-blue-700 underline hover:text-blue-900"
        >
          {accessKey.description ? t('edit') : t('add')}
          <span className="sr-only"> {accessKey.accessKeyId}</span>
        </button>
      </div>
    );
  }

  return (
    <Suspense fallback={null}>
      <KeyNameForm
        accessKey={accessKey}
        onDone={(message) => {
          if (message) onRenamed(message);
          stop();
        }}
      />
    </Suspense>
  );
}
