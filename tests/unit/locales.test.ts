import { describe, expect, it } from 'vitest';
import { defaultLocale, isLocale, locales, pickLocale, pickTimeZone } from '@/lib/i18n/locales';

describe('locales', () => {
  it('speaks English and Japanese with English as the default', () => {
    expect([...locales]).toEqual(['en', 'ja']);
    expect(defaultLocale).toBe('en');
  });

  it.each<[unknown, boolean]>([
    ['en', true],
    ['ja', true],
    ['JA', false],
    ['ja-JP', false],
    ['fr', false],
    ['', false],
    [undefined, false],
    [null, false],
    [1, false],
  ])('isLocale(%j) → %s', (value, expected) => {
    expect(isLocale(value)).toBe(expected);
  });
});

describe('pickLocale', () => {
  it.each<[string, string | undefined, string | null, 'en' | 'ja']>([
    // Cookie
    ['valid cookie wins over header', 'ja', 'en', 'ja'],
    ['valid en cookie wins over ja header', 'en', 'ja', 'en'],
    ['valid cookie with no header', 'ja', null, 'ja'],
    ['invalid cookie ignored, header used', 'fr', 'ja', 'ja'],
    ['wrong-case cookie ignored', 'JA', 'en', 'en'],
    ['region cookie ignored', 'ja-JP', null, 'en'],
    ['empty cookie ignored', '', 'ja', 'ja'],
    // Accept-Language
    ['single ja', undefined, 'ja', 'ja'],
    ['region tag ja-JP', undefined, 'ja-JP', 'ja'],
    ['upper-case region tag', undefined, 'JA-jp', 'ja'],
    ['q-values order preference', undefined, 'en;q=0.5, ja;q=0.9', 'ja'],
    ['q-values, higher first', undefined, 'ja;q=0.9, en;q=0.95', 'en'],
    ['implicit q=1 beats explicit lower', undefined, 'ja;q=0.8, en', 'en'],
    ['equal q keeps header order (ja first)', undefined, 'ja;q=0.7, en;q=0.7', 'ja'],
    ['equal q keeps header order (en first)', undefined, 'en, ja', 'en'],
    ['spaces around q', undefined, 'en; q=0.1, ja; q=0.2', 'ja'],
    ['typical browser header', undefined, 'ja,en-US;q=0.9,en;q=0.8', 'ja'],
    ['unsupported first, supported later', undefined, 'fr-FR, de;q=0.9, ja;q=0.1', 'ja'],
    ['unsupported only', undefined, 'fr, de;q=0.9', 'en'],
    ['q=0 means not acceptable', undefined, 'ja;q=0, fr', 'en'],
    ['wildcard only', undefined, '*', 'en'],
    ['malformed q value ignored entry', undefined, 'ja;q=abc', 'en'],
    ['malformed q value, next entry used', undefined, 'ja;q=abc, en;q=0.1', 'en'],
    ['malformed separators', undefined, ';;;,,,', 'en'],
    ['garbage', undefined, '@@@###', 'en'],
    ['empty header', undefined, '', 'en'],
    ['null header', undefined, null, 'en'],
    ['nothing at all', undefined, null, 'en'],
  ])('%s', (_label, cookie, header, expected) => {
    expect(pickLocale(cookie, header)).toBe(expected);
  });
});

describe('pickTimeZone', () => {
  it('keeps a time zone the runtime knows', () => {
    expect(pickTimeZone('Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(pickTimeZone('America/Los_Angeles')).toBe('America/Los_Angeles');
  });

  it.each([undefined, '', 'Mars/Olympus', 'x'.repeat(65), '"><script>'])('falls back to UTC for %j', (value) => {
    expect(pickTimeZone(value)).toBe('UTC');
  });
});
