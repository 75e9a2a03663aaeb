'use client';

import { useTranslations } from 'next-intl';
import type { MfaDeviceView } from '@/lib/credentials/mfa-shapes';

// Apart from device-card.tsx, so that the help desk's pages, which only name devices, do not
// download the card (Turbopack keeps every part of a module a page imports; bench:pages).

/** Where passkeys and security keys are registered: only the AWS console can ask the key itself. */
export const AWS_CONSOLE_SECURITY_CREDENTIALS = 'https://console.aws.amazon.com/iam/home#/security_credentials';

/** What to call a device: the name its owner gave it, else what kind it is and its name in AWS. */
export function useDeviceTitle(): (device: MfaDeviceView) => string {
  const t = useTranslations('mfa');
  return (device) => device.label ?? t('untitled', { kind: t(`kind.${device.kind}`), name: device.name });
}
