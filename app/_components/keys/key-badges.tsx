'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { AccessKeyView, RotationState } from '@/lib/credentials/access-key-shapes';
import { CheckIcon, ClockIcon, DotIcon, WarningIcon } from './icons';

const DAY_MS = 24 * 60 * 60 * 1000;

export function StatusBadge({ status }: { status: AccessKeyView['status'] }) {
  const t = useTranslations('keys');
  const active = status === 'Active';
  return (
    <span className={`inline-flex items-center gap-1.5 font-medium ${active ? 'text-green-800' : 'text-slate-700'}`}>
      <DotIcon filled={active} />
      {active ? t('statusActive') : t('statusInactive')}
    </span>
  );
}

const rotationStyles: Record<RotationState, string> = {
  ok: 'border-green-300 bg-green-50 text-green-900',
  due: 'border-amber-400 bg-amber-50 text-amber-950',
  overdue: 'border-red-300 bg-red-50 text-red-900',
};

/** The rotation state in words, with an icon and colour as extra cues only. */
export function RotationBadge({ rotation }: { rotation: RotationState }) {
  const t = useTranslations('keys');
  const Icon = rotation === 'ok' ? CheckIcon : rotation === 'due' ? ClockIcon : WarningIcon;
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full border px-2.5 py-0.5 text-sm font-medium ${rotationStyles[rotation]}`}>
      <Icon />
      {t(`rotation.${rotation}`)}
    </span>
  );
}

/** "Replace by 3 Mar 2026", or for an overdue key how long ago the deadline was. */
export function RotationDetail({ createDate, rotation, rotationDays }: { createDate: string; rotation: RotationState; rotationDays: number }) {
  const t = useTranslations('keys');
  const format = useFormatter();
  const deadline = new Date(new Date(createDate).getTime() + rotationDays * DAY_MS);
  const date = format.dateTime(deadline, { dateStyle: 'medium' });
  return <span className="text-sm text-slate-700">{rotation === 'overdue' ? t('rotationOverdueDetail', { rotationDays }) : t('rotationDeadline', { date })}</span>;
}
