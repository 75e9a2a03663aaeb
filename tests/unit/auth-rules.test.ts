import { describe, expect, it } from 'vitest';
import {
  ABSOLUTE_TIMEOUT_SECONDS,
  BACKGROUND_REQUEST_HEADER,
  RECENT_SIGN_IN_SECONDS,
  isEmailLinkVerified,
  isFresh,
  isPastAbsoluteTimeout,
  isPersonActivity,
  renewedLifetime,
  isUnderPath,
  personFromClaims,
  safeCallbackPath,
  type ClaimSettings,
} from '@/lib/auth/rules';

const defaults: ClaimSettings = { usernameClaim: 'preferred_username', helpdeskGroup: 'helpdesk' };

describe('personFromClaims', () => {
  it('maps a complete set of claims', () => {
    const person = personFromClaims(
      {
        sub: 'sub-123',
        name: 'Alice Example',
        email: 'alice@example.com',
        preferred_username: 'alice',
        groups: ['engineering', 'helpdesk'],
        auth_time: 1_700_000_000,
      },
      defaults,
    );
    expect(person).toEqual({
      subject: 'sub-123',
      userName: 'alice',
      name: 'Alice Example',
      email: 'alice@example.com',
      claimedIamUserName: 'alice',
      roles: ['user', 'helpdesk'],
      authTime: 1_700_000_000,
    });
  });

  it('takes the sign-in name from preferred_username, else sub', () => {
    expect(personFromClaims({ sub: 's-1', preferred_username: 'alice' }, defaults).userName).toBe('alice');
    expect(personFromClaims({ sub: 's-1' }, defaults).userName).toBe('s-1');
  });

  it('reads the IAM user name from a custom claim, not preferred_username', () => {
    const settings: ClaimSettings = { usernameClaim: 'aws_user', helpdeskGroup: 'helpdesk' };
    const person = personFromClaims({ sub: 's', preferred_username: 'wrong', aws_user: 'bob.smith' }, settings);
    expect(person.claimedIamUserName).toBe('bob.smith');
    // The display name still falls back to preferred_username.
    expect(person.name).toBe('wrong');
  });

  it('gives no IAM user name when the custom claim is absent even if preferred_username is set', () => {
    const settings: ClaimSettings = { usernameClaim: 'aws_user', helpdeskGroup: 'helpdesk' };
    expect(personFromClaims({ sub: 's', preferred_username: 'alice' }, settings).claimedIamUserName).toBeNull();
  });

  it.each<[string, unknown, string | null]>([
    ['simple name', 'alice', 'alice'],
    ['all allowed punctuation', 'a+b=c,d.e@f_g-h', 'a+b=c,d.e@f_g-h'],
    ['exactly 64 characters', 'a'.repeat(64), 'a'.repeat(64)],
    ['65 characters', 'a'.repeat(65), null],
    ['contains a space', 'a b', null],
    ['empty string', '', null],
    ['only whitespace', '   ', null],
    ['surrounding whitespace is trimmed', '  alice  ', 'alice'],
    ['slash', 'a/b', null],
    ['colon', 'a:b', null],
    ['non-ASCII letter', 'jörg', null],
    ['number, not string', 42, null],
    ['array', ['alice'], null],
    ['missing', undefined, null],
  ])('claimed IAM user name: %s', (_label, value, expected) => {
    const claims: Record<string, unknown> = { sub: 's' };
    if (value !== undefined) claims.preferred_username = value;
    expect(personFromClaims(claims, defaults).claimedIamUserName).toBe(expected);
  });

  it.each<[string, unknown, ('user' | 'helpdesk')[]]>([
    ['array containing the group', ['a', 'helpdesk'], ['user', 'helpdesk']],
    ['array without the group', ['a', 'b'], ['user']],
    ['array with non-strings', [1, null, 'helpdesk'], ['user', 'helpdesk']],
    // One string is split on commas only: a group name may hold spaces (#20).
    ['a group whose name holds the word ("Former helpdesk")', 'Former helpdesk', ['user']],
    ['"Former helpdesk" among others', 'engineering,Former helpdesk', ['user']],
    ['space-separated string (one name with spaces)', 'engineering helpdesk ops', ['user']],
    ['"Former helpdesk" in an array', ['Former helpdesk'], ['user']],
    ['comma-separated string', 'engineering,helpdesk', ['user', 'helpdesk']],
    ['comma and space string', 'engineering, helpdesk', ['user', 'helpdesk']],
    ['comma-separated, each name trimmed', ' Former helpdesk , helpdesk ', ['user', 'helpdesk']],
    ['array entries trimmed', [' helpdesk '], ['user', 'helpdesk']],
    ['single string equal to the group', 'helpdesk', ['user', 'helpdesk']],
    ['string without the group', 'engineering ops', ['user']],
    ['group name only as a substring', 'helpdesk-admins', ['user']],
    ['array with a substring only', ['helpdesks', 'xhelpdesk'], ['user']],
    ['case differs (Helpdesk)', ['Helpdesk'], ['user']],
    ['case differs (HELPDESK string)', 'HELPDESK', ['user']],
    ['missing', undefined, ['user']],
    ['null', null, ['user']],
    ['object', { helpdesk: true }, ['user']],
    ['empty array', [], ['user']],
  ])('groups: %s', (_label, groups, roles) => {
    const claims: Record<string, unknown> = { sub: 's' };
    if (groups !== undefined) claims.groups = groups;
    expect(personFromClaims(claims, defaults).roles).toEqual(roles);
  });

  it('uses the configured helpdesk group name', () => {
    const settings: ClaimSettings = { usernameClaim: 'preferred_username', helpdeskGroup: 'IT-Support' };
    expect(personFromClaims({ groups: ['IT-Support'] }, settings).roles).toEqual(['user', 'helpdesk']);
    expect(personFromClaims({ groups: ['helpdesk'] }, settings).roles).toEqual(['user']);
    expect(personFromClaims({ groups: ['it-support'] }, settings).roles).toEqual(['user']);
  });

  it('matches a configured group name that holds spaces, whole', () => {
    const settings: ClaimSettings = { usernameClaim: 'preferred_username', helpdeskGroup: 'IT Support' };
    expect(personFromClaims({ groups: 'Engineering, IT Support' }, settings).roles).toEqual(['user', 'helpdesk']);
    expect(personFromClaims({ groups: ['IT Support'] }, settings).roles).toEqual(['user', 'helpdesk']);
    expect(personFromClaims({ groups: 'Former IT Support' }, settings).roles).toEqual(['user']);
    expect(personFromClaims({ groups: 'IT,Support' }, settings).roles).toEqual(['user']);
  });

  it.each<[string, unknown, number | null]>([
    ['number', 1_700_000_000, 1_700_000_000],
    ['zero', 0, 0],
    ['numeric string', '1700000000', null],
    ['missing', undefined, null],
    ['null', null, null],
    ['NaN', Number.NaN, null],
    ['Infinity', Number.POSITIVE_INFINITY, null],
  ])('auth_time: %s', (_label, value, expected) => {
    const claims: Record<string, unknown> = { sub: 's' };
    if (value !== undefined) claims.auth_time = value;
    expect(personFromClaims(claims, defaults).authTime).toBe(expected);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['name wins', { name: 'Alice', preferred_username: 'alice', email: 'a@example.com' }, 'Alice'],
    ['preferred_username when no name', { preferred_username: 'alice', email: 'a@example.com' }, 'alice'],
    ['blank name falls back', { name: '  ', preferred_username: 'alice' }, 'alice'],
    ['email when nothing else', { email: 'a@example.com' }, 'a@example.com'],
    ['non-string name falls back', { name: 7, email: 'a@example.com' }, 'a@example.com'],
    ['empty when nothing', {}, ''],
    ['name is trimmed', { name: '  Alice  ' }, 'Alice'],
  ])('name fallback: %s', (_label, claims, expected) => {
    expect(personFromClaims(claims, defaults).name).toBe(expected);
  });

  it('uses preferred_username as display name even when the username claim is custom', () => {
    const settings: ClaimSettings = { usernameClaim: 'aws_user', helpdeskGroup: 'helpdesk' };
    expect(personFromClaims({ aws_user: 'bob', email: 'b@example.com' }, settings).name).toBe('b@example.com');
  });

  it('subject and email: missing or blank become empty subject and null email', () => {
    const person = personFromClaims({ sub: '  ', email: '' }, defaults);
    expect(person.subject).toBe('');
    expect(person.email).toBeNull();
    expect(personFromClaims({ sub: 42, email: 42 }, defaults)).toMatchObject({ subject: '', email: null });
  });
});

describe('linking by an e-mail claim needs email_verified: true', () => {
  const byEmail: ClaimSettings = { usernameClaim: 'email', helpdeskGroup: 'helpdesk' };
  const address = 'taro@example.com';

  it.each<[string, unknown, string | null]>([
    ['true', true, address],
    ['false', false, null],
    ['missing', undefined, null],
    ['the string "true"', 'true', null],
    ['1', 1, null],
    ['null', null, null],
  ])('IAM_USERNAME_CLAIM=email, email_verified %s', (_label, verified, expected) => {
    const claims: Record<string, unknown> = { sub: 's', email: address };
    if (verified !== undefined) claims.email_verified = verified;
    expect(personFromClaims(claims, byEmail).claimedIamUserName).toBe(expected);
  });

  it('an unverified e-mail still signs the person in, with the address shown but linked to nobody', () => {
    const person = personFromClaims({ sub: 's', email: address, email_verified: false, name: 'Taro' }, byEmail);
    expect(person).toMatchObject({ subject: 's', email: address, name: 'Taro', claimedIamUserName: null });
  });

  it.each<[string, Record<string, unknown>, string | null]>([
    ['the same address, explicitly unverified', { preferred_username: address, email: address, email_verified: false }, null],
    ['the same address in another case, unverified', { preferred_username: 'Taro@Example.com', email: address, email_verified: false }, null],
    ['the same address, verified', { preferred_username: address, email: address, email_verified: true }, address],
    ['the same address, no email_verified (Entra ID: the UPN)', { preferred_username: address, email: address }, address],
    ['an address-like UPN, no email claim', { preferred_username: address }, address],
    ['another address than the e-mail, which is unverified', { preferred_username: 'taro@corp.example.com', email: address, email_verified: false }, 'taro@corp.example.com'],
    ['a plain name while the e-mail is unverified', { preferred_username: 'taro', email: address, email_verified: false }, 'taro'],
  ])('another claim (preferred_username): %s', (_label, claims, expected) => {
    expect(personFromClaims({ sub: 's', ...claims }, defaults).claimedIamUserName).toBe(expected);
  });

  it('isEmailLinkVerified: the claim named email needs true, whatever the value looks like', () => {
    expect(isEmailLinkVerified({ email: 'not-an-address' }, 'email', 'not-an-address')).toBe(false);
    expect(isEmailLinkVerified({ email: 'not-an-address', email_verified: true }, 'email', 'not-an-address')).toBe(true);
    expect(isEmailLinkVerified({ aws_user: 'bob', email: 'b@example.com', email_verified: false }, 'aws_user', 'bob')).toBe(true);
  });
});

describe('isFresh', () => {
  const now = 1_700_000_000;
  const maxAge = RECENT_SIGN_IN_SECONDS;

  it.each<[string, number | null | undefined, boolean]>([
    ['just now', now, true],
    ['one second ago', now - 1, true],
    ['exactly maxAge old', now - maxAge, true],
    ['maxAge + 1 old', now - maxAge - 1, false],
    ['very old', now - 86_400, false],
    ['null', null, false],
    ['undefined', undefined, false],
    ['NaN', Number.NaN, false],
    ['1 s in the future', now + 1, true],
    ['exactly 60 s in the future', now + 60, true],
    ['61 s in the future', now + 61, false],
    ['an hour in the future', now + 3600, false],
  ])('%s', (_label, authTime, expected) => {
    expect(isFresh(authTime, now, maxAge)).toBe(expected);
  });

  it('honours the maxAge argument', () => {
    expect(isFresh(now - 10, now, 10)).toBe(true);
    expect(isFresh(now - 11, now, 10)).toBe(false);
    expect(isFresh(now, now, 0)).toBe(true);
    expect(isFresh(now - 1, now, 0)).toBe(false);
  });
});

describe('isPastAbsoluteTimeout', () => {
  const now = 1_700_000_000;

  it('is 8 hours', () => {
    expect(ABSOLUTE_TIMEOUT_SECONDS).toBe(8 * 60 * 60);
  });

  it.each<[string, number | undefined, boolean]>([
    ['just signed in', now, false],
    ['7 h 59 m 59 s ago', now - (8 * 3600 - 1), false],
    ['exactly 8 h ago', now - 8 * 3600, false],
    ['8 h + 1 s ago', now - 8 * 3600 - 1, true],
    ['a day ago', now - 86_400, true],
    ['missing signedInAt', undefined, true],
  ])('%s', (_label, signedInAt, expected) => {
    expect(isPastAbsoluteTimeout(signedInAt, now)).toBe(expected);
  });
});

describe('isPersonActivity (which requests may renew the idle timeout)', () => {
  const headers = (entries: Record<string, string> = {}) => new Headers(entries);

  it.each(['/', '/keys', '/helpdesk/jiro.tanaka', '/api/me/access-keys', '/api/helpdesk/users/taro'])('a page load or API call of the person: %s', (path) => {
    expect(isPersonActivity(path, headers())).toBe(true);
  });

  it.each<[string, Record<string, string>]>([
    ['a background poll', { [BACKGROUND_REQUEST_HEADER]: '1' }],
    ['a background poll, any value', { [BACKGROUND_REQUEST_HEADER]: 'yes' }],
    ['a browser prefetch (Chromium)', { 'sec-purpose': 'prefetch' }],
    ['a browser prerender (Chromium)', { 'sec-purpose': 'prefetch;prerender' }],
    ['a browser prefetch (older)', { purpose: 'prefetch' }],
  ])('not %s', (_, entries) => {
    expect(isPersonActivity('/api/me/guided-session', headers(entries))).toBe(false);
    expect(isPersonActivity('/keys', headers(entries))).toBe(false);
  });

  it("not next-auth's own routes, which set the session cookie themselves", () => {
    expect(isPersonActivity('/api/auth/session', headers())).toBe(false);
    expect(isPersonActivity('/api/auth/callback/sso', headers())).toBe(false);
  });

  it('a header that is merely present but says something else still counts as activity', () => {
    expect(isPersonActivity('/keys', headers({ 'sec-purpose': 'navigate', 'x-kagi-other': '1' }))).toBe(true);
  });
});

describe('renewedLifetime (the renewal decision)', () => {
  const now = 1_800_000_000;
  const idle = 30 * 60;
  const signedInAt = now - 3600;

  it('not within a minute of the last renewal', () => {
    expect(renewedLifetime({ issuedAt: now - 59, signedInAt }, now, idle)).toBeNull();
    expect(renewedLifetime({ issuedAt: now, signedInAt }, now, idle)).toBeNull();
  });

  it('after a minute: the whole idle limit again', () => {
    expect(renewedLifetime({ issuedAt: now - 60, signedInAt }, now, idle)).toBe(idle);
    expect(renewedLifetime({ issuedAt: now - 1700, signedInAt }, now, idle)).toBe(idle);
  });

  it('with a short idle limit, after a quarter of it (a minute would be all of it)', () => {
    expect(renewedLifetime({ issuedAt: now - 14, signedInAt }, now, 60)).toBeNull();
    expect(renewedLifetime({ issuedAt: now - 15, signedInAt }, now, 60)).toBe(60);
    expect(renewedLifetime({ issuedAt: now - 59, signedInAt }, now, 4 * 60)).toBeNull();
    expect(renewedLifetime({ issuedAt: now - 60, signedInAt }, now, 4 * 60)).toBe(240);
  });

  it('never past the absolute lifetime, and not at all once it is reached', () => {
    const nearTheEnd = now - ABSOLUTE_TIMEOUT_SECONDS + 600;
    expect(renewedLifetime({ issuedAt: now - 120, signedInAt: nearTheEnd }, now, idle)).toBe(600);
    expect(renewedLifetime({ issuedAt: now - 120, signedInAt: now - ABSOLUTE_TIMEOUT_SECONDS }, now, idle)).toBeNull();
    expect(renewedLifetime({ issuedAt: now - 120, signedInAt: now - ABSOLUTE_TIMEOUT_SECONDS - 1 }, now, idle)).toBeNull();
  });
});

describe('isUnderPath', () => {
  it.each<[string, string, boolean]>([
    ['/', '/', true],
    ['/staff/', '/', true],
    ['/staff/', '/staff/', true],
    ['/staff/dev/', '/staff/', true],
    ['/', '/staff/', false],
    ['/staffing/', '/staff/', false],
    ['/other/staff/', '/staff/', false],
    ['/Staff/', '/staff/', false],
  ])('%s under %s → %s', (userPath, prefix, expected) => {
    expect(isUnderPath(userPath, prefix)).toBe(expected);
  });
});

describe('safeCallbackPath', () => {
  const origin = 'https://kagi.example.com';

  it.each<[string, string | null | undefined, string]>([
    ['root', '/', '/'],
    ['plain path', '/keys', '/keys'],
    ['path with query and hash', '/keys?tab=old&x=1#top', '/keys?tab=old&x=1#top'],
    ['same-origin absolute URL', 'https://kagi.example.com/password?x=1#h', '/password?x=1#h'],
    ['same-origin absolute URL without path', 'https://kagi.example.com', '/'],
    ['other origin', 'https://evil.example/keys', '/'],
    ['same host, other scheme', 'http://kagi.example.com/keys', '/'],
    ['same host, other port', 'https://kagi.example.com:8443/keys', '/'],
    ['origin as a prefix of another host', 'https://kagi.example.com.evil.example/keys', '/'],
    ['userinfo trick', 'https://kagi.example.com@evil.example/keys', '/'],
    ['protocol-relative', '//evil.example', '/'],
    ['protocol-relative with path', '//evil.example/keys', '/'],
    ['slash-backslash', '/\\evil.example', '/'],
    ['backslash-slash', '\\/evil.example', '/'],
    ['double backslash', '\\\\evil', '/'],
    ['tab inside //', '/\t/evil.example', '/'],
    ['javascript: URL', 'javascript:alert(1)', '/'],
    ['data: URL', 'data:text/html,hi', '/'],
    ['relative path without leading slash', 'keys', '/'],
    ['dot-segment that would yield //', '/.//evil.example', '/'],
    ['encoded slashes stay a same-origin path', '/%2F%2Fevil', '/%2F%2Fevil'],
    ['empty string', '', '/'],
    ['null', null, '/'],
    ['undefined', undefined, '/'],
  ])('%s', (_label, value, expected) => {
    expect(safeCallbackPath(value, origin)).toBe(expected);
  });

  it('never returns something that starts with // or is not a path', () => {
    const tricky = ['//x', '/\\x', '\\\\x', '///x', '/.//x', '/..//x', 'https:x', 'https:/x', 'https:\\\\x', ' //x', '\n//x'];
    for (const value of tricky) {
      const result = safeCallbackPath(value, origin);
      expect(result.startsWith('/'), value).toBe(true);
      expect(result.startsWith('//'), value).toBe(false);
      expect(new URL(result, origin).origin, value).toBe(origin);
    }
  });
});
