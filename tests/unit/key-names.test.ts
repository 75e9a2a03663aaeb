import { describe, expect, it } from 'vitest';
import { accessKeyDescriptionSchema } from '@/lib/credentials/access-key-schema';
import { ACCESS_KEY_DESCRIPTION_MAX, accessKeyDescriptionProblem } from '@/lib/credentials/key-name';
import { deleteConfirmationMatches } from '@/lib/credentials/delete-confirmation';
import { profileNameFor, setupSnippet } from '@/lib/credentials/setup-snippets';

const key = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', description: 'Backup on my laptop' };

describe('key names follow IAM’s tag-value rules', () => {
  it.each(['backup on my laptop', 'ノートパソコンのバックアップ', 'sales/2026: q1 = +10 @home', '', 'a'.repeat(256)])('accepts %j', (name) => {
    expect(accessKeyDescriptionProblem(name)).toBeNull();
  });
  it.each([
    ['laptop (home)', 'characters'],
    ['emoji 🔑', 'characters'],
    ['a,b', 'characters'],
    ['a'.repeat(257), 'too-long'],
  ])('refuses %j (%s)', (name, problem) => {
    expect(accessKeyDescriptionProblem(name)).toBe(problem);
  });
  it('trims', () => {
    expect(accessKeyDescriptionSchema.parse('  backup  ')).toBe('backup');
    expect(accessKeyDescriptionProblem('  backup  ')).toBeNull();
  });
});

// The page checks a name with plain code (no zod in the browser), the server with zod: the two
// must give the same answer for every name.
describe('the browser’s check and the server’s schema agree', () => {
  const examples = [
    '',
    '   ',
    'backup on my laptop',
    '  backup  ',
    'ノートパソコンのバックアップ',
    'sales/2026: q1 = +10 @home',
    'Ünïcödé naïve café',
    'tab\tinside',
    'line\nbreak',
    'no-break\u00a0space',
    'ideographic\u3000space',
    'digits ١٢٣ ४५६',
    'a'.repeat(ACCESS_KEY_DESCRIPTION_MAX),
    ` ${'a'.repeat(ACCESS_KEY_DESCRIPTION_MAX)} `,
    'a'.repeat(ACCESS_KEY_DESCRIPTION_MAX + 1),
    `${'a'.repeat(ACCESS_KEY_DESCRIPTION_MAX + 1)},`,
    'laptop (home)',
    'emoji 🔑',
    'a,b',
    'semi;colon',
    'quote"s',
    "apostrophe's",
    'back\\slash',
    '<script>',
    'percent 100%',
    'hash #1',
    'star*',
    '全角（かっこ）',
    '全角：コロン',
    'zero\u200bwidth',
  ];
  it.each(examples)('%j', (name) => {
    const parsed = accessKeyDescriptionSchema.safeParse(name);
    const serverProblem = parsed.success ? null : parsed.error.issues[0]?.message;
    expect(accessKeyDescriptionProblem(name)).toBe(serverProblem);
  });
});

describe('deleting a key is confirmed by its name or the end of its ID', () => {
  it.each(['mple', 'MPLE', '  Mple ', 'backup on my laptop', ' BACKUP ON MY LAPTOP ', 'AKIAIOSFODNN7EXAMPLE', 'akiaiosfodnn7example'])('accepts %j', (typed) => {
    expect(deleteConfirmationMatches(typed, key)).toBe(true);
  });
  it.each(['', '   ', 'AKIA', 'mpl', 'backup', 'EXAMPLE', 'xmple'])('refuses %j', (typed) => {
    expect(deleteConfirmationMatches(typed, key)).toBe(false);
  });
  it('a key without a name takes only its ID’s end (or the whole ID)', () => {
    expect(deleteConfirmationMatches('mple', { ...key, description: null })).toBe(true);
    expect(deleteConfirmationMatches('', { ...key, description: null })).toBe(false);
    expect(deleteConfirmationMatches('null', { ...key, description: null })).toBe(false);
  });
});

describe('setup snippets', () => {
  const newKey = { ...key, secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
  it('an AWS CLI credentials-file profile named after the key', () => {
    expect(setupSnippet('cli-profile', newKey)).toBe(
      '[backup-on-my-laptop]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
    );
  });
  it('environment variables for bash/zsh and for PowerShell', () => {
    expect(setupSnippet('bash', newKey)).toBe(
      'export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
    );
    expect(setupSnippet('powershell', newKey)).toBe(
      '$Env:AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"\n$Env:AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"\n',
    );
  });
  it.each([
    [null, 'kagi'],
    ['ノートパソコン', 'kagi'],
    ['  Sales -- report!! 2026 ', 'sales-report-2026'],
    ['x'.repeat(60), 'x'.repeat(40)],
  ])('profile name for %j is %j', (description, profile) => {
    expect(profileNameFor(description)).toBe(profile);
  });
});
