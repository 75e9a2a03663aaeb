'use client';

import { useTranslations } from 'next-intl';
import { spellOut, type SpokenCharacter } from '@/lib/credentials/readable';

/**
 * How to read a temporary password out over the phone, group by group: in English the NATO
 * alphabet ("capital T for Tango, small k for Kilo, seven"); in Japanese each letter by its
 * katakana name with 大文字/小文字 and its NATO word in katakana (「大文字のティー（タンゴ）」), as
 * Japanese help desks and radio operators spell letters whose names sound alike (ビー, ディー,
 * ジー, ピー; エム, エヌ), and digits as よん, なな, きゅう rather than し, しち, く, which are
 * easily misheard. Rendered only while the password itself is shown.
 */
export function SpokenPassword({ password }: { password: string }) {
  const t = useTranslations('helpdesk.temporaryPassword.spelling');
  const say = (c: SpokenCharacter, shown: string) => {
    if (c.kind === 'digit') return t('digit', { digit: c.digit });
    if (c.kind === 'other') return t('other', { character: c.character });
    const words = { name: t('name', { letter: c.letter, shown }), word: t('word', { letter: c.letter, shown }) };
    return c.kind === 'upper' ? t('upper', words) : t('lower', words);
  };
  const groups = password.split('-');
  return (
    <div className="mt-4">
      <p className="text-sm font-medium text-slate-700">{t('title')}</p>
      <p className="text-sm text-slate-700">{t('intro')}</p>
      <ol className="mt-2 space-y-1 text-sm" data-testid="temporary-password-spelling">
        {spellOut(password).map((group, index) => (
          <li key={index} className="flex flex-wrap gap-x-3">
            <span className="font-medium">{t('group', { number: index + 1 })}</span>
            <code className="font-mono font-semibold">{groups[index]}</code>
            <span>{group.map((c, i) => say(c, groups[index]?.[i] ?? '')).join(t('separator'))}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
