import type { RotationState } from './access-key-schema';

/** IAM's fixed limit: two access keys per user, active and inactive counted together. */
export const ACCESS_KEYS_PER_USER = 2;

/** How many days before the rotation deadline a key counts as "due soon". */
export const DUE_SOON_DAYS = 14;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whole days since the key was created, counted in elapsed time (not calendar days), so the
 * answer is the same in every time zone.
 */
export function ageInDays(createDate: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - createDate.getTime()) / DAY_MS));
}

export function rotationState(ageDays: number, rotationDays: number): RotationState {
  if (ageDays >= rotationDays) return 'overdue';
  if (ageDays >= rotationDays - Math.min(DUE_SOON_DAYS, rotationDays - 1)) return 'due';
  return 'ok';
}
