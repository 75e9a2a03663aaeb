'use client';

import { useTranslations } from 'next-intl';
import type { StepState } from '@/lib/ui/my-helpdesk';
import { CheckIcon, ClockIcon, DotIcon } from '../keys/icons';

const styles: Record<StepState, string> = {
  'not-started': 'border-slate-300 bg-slate-50 text-slate-800',
  'in-progress': 'border-amber-400 bg-amber-50 text-amber-950',
  done: 'border-green-300 bg-green-50 text-green-900',
};

/** A guided step's state in words, with an icon as an extra cue only. */
export function StepStateBadge({ state }: { state: StepState }) {
  const t = useTranslations('guided.state');
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full border px-2.5 py-0.5 text-sm font-medium ${styles[state]}`} data-testid="step-state">
      {state === 'done' ? <CheckIcon /> : state === 'in-progress' ? <ClockIcon /> : <DotIcon filled={false} />}
      {t(state)}
    </span>
  );
}
