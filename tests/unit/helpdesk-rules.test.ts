import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { failedRules, type PasswordPolicy } from '@/lib/credentials/password-policy';
import { READABLE_DIGITS, READABLE_LOWER, READABLE_UPPER, spellOut } from '@/lib/credentials/readable';
import { generateTemporaryPassword } from '@/lib/credentials/temporary-password';
import { guidedProgress, whyCannotHelp, type PersonAction } from '@/lib/helpdesk/rules';

const settings = { userPathPrefix: '/staff/', protectedPathPrefix: '/staff/helpdesk/' };

describe('whyCannotHelp', () => {
  it.each([
    ['taro', '/staff/', null],
    ['taro', '/staff/sales/', null],
    ['sato', '/staff/helpdesk/', 'self'],
    ['SATO', '/staff/', 'self'],
    ['suzuki', '/staff/helpdesk/', 'protected'],
    ['suzuki', '/staff/helpdesk/tier2/', 'protected'],
    ['contractor', '/external/', 'outside-path'],
    ['root-ish', '/', 'outside-path'],
    ['lookalike', '/staffing/', 'outside-path'],
  ])('%s at %s: %s', (userName, path, expected) => {
    expect(whyCannotHelp('sato', { userName, path }, settings)).toBe(expected);
  });
});

describe('guidedProgress', () => {
  const ok = (action: string, accessKeyId: string | null = null): PersonAction => ({ action, outcome: 'ok', accessKeyId });

  it('starts with nothing done', () => {
    expect(guidedProgress(['set-console-password', 'rotate-access-key'], [])).toEqual({
      'set-console-password': 'not-started',
      'rotate-access-key': 'not-started',
    });
  });

  it('follows a rotation: created, then the old key deleted', () => {
    const created = [ok('access-key.create', 'NEW')];
    expect(guidedProgress(['rotate-access-key'], created)['rotate-access-key']).toBe('in-progress');
    const deactivated = [...created, ok('access-key.deactivate', 'OLD')];
    expect(guidedProgress(['rotate-access-key'], deactivated)['rotate-access-key']).toBe('in-progress');
    expect(guidedProgress(['rotate-access-key'], [...deactivated, ok('access-key.delete', 'OLD')])['rotate-access-key']).toBe('done');
  });

  it('does not count a failed attempt, or deleting the new key', () => {
    const failed: PersonAction = { action: 'console-password.set', outcome: 'password-policy', accessKeyId: null };
    expect(guidedProgress(['set-console-password'], [failed])['set-console-password']).toBe('not-started');
    expect(guidedProgress(['rotate-access-key'], [ok('access-key.create', 'NEW'), ok('access-key.delete', 'NEW')])['rotate-access-key']).toBe(
      'in-progress',
    );
  });

  it('needs a second delete for "remove an unused key" when rotating too', () => {
    const rotation = [ok('access-key.delete', 'UNUSED'), ok('access-key.create', 'NEW'), ok('access-key.delete', 'OLD')];
    expect(guidedProgress(['rotate-access-key', 'remove-unused-key'], rotation)).toEqual({
      'rotate-access-key': 'done',
      'remove-unused-key': 'done',
    });
    const onlyRotation = rotation.slice(1);
    expect(guidedProgress(['rotate-access-key', 'remove-unused-key'], onlyRotation)['remove-unused-key']).toBe('not-started');
    expect(guidedProgress(['remove-unused-key'], onlyRotation)['remove-unused-key']).toBe('done');
  });
});

describe('guidedProgress: set up MFA again', () => {
  const entry = (action: string, outcome = 'ok'): PersonAction => ({ action, outcome, accessKeyId: null });

  it('is in progress once the person starts adding an app, and done only when its codes are accepted', () => {
    expect(guidedProgress(['set-up-mfa'], [])['set-up-mfa']).toBe('not-started');
    expect(guidedProgress(['set-up-mfa'], [entry('mfa-device.create')])['set-up-mfa']).toBe('in-progress');
    expect(guidedProgress(['set-up-mfa'], [entry('mfa-device.create'), entry('mfa-device.enable', 'invalid-code')])['set-up-mfa']).toBe('in-progress');
    expect(guidedProgress(['set-up-mfa'], [entry('mfa-device.create'), entry('mfa-device.enable', 'rate-limited')])['set-up-mfa']).toBe('in-progress');
    expect(guidedProgress(['set-up-mfa'], [entry('mfa-device.create'), entry('mfa-device.enable')])['set-up-mfa']).toBe('done');
  });

  it('is not done by removing a device or resynchronising one', () => {
    expect(guidedProgress(['set-up-mfa'], [entry('mfa-device.delete'), entry('mfa-device.resync')])['set-up-mfa']).toBe('not-started');
  });
});

const READABLE = READABLE_UPPER + READABLE_LOWER + READABLE_DIGITS;

describe('generateTemporaryPassword', () => {
  const policies = fc.record<PasswordPolicy>({
    isDefault: fc.boolean(),
    minimumLength: fc.integer({ min: 6, max: 128 }),
    requireUppercase: fc.boolean(),
    requireLowercase: fc.boolean(),
    requireNumbers: fc.boolean(),
    requireSymbols: fc.boolean(),
    requireThreeOfFourKinds: fc.boolean(),
    maxAgeDays: fc.option(fc.integer({ min: 1, max: 1095 }), { nil: null }),
    reusePrevention: fc.option(fc.integer({ min: 1, max: 24 }), { nil: null }),
  });

  it('always satisfies the policy it was made for (1000 random policies)', () => {
    fc.assert(
      fc.property(policies, fc.stringMatching(/^[a-z]{1,20}$/), (policy, userName) => {
        const password = generateTemporaryPassword(policy, userName);
        expect(failedRules(password, policy, userName)).toEqual([]);
        expect(password.length).toBeGreaterThanOrEqual(Math.max(19, policy.minimumLength));
        expect(password.length).toBeLessThanOrEqual(Math.min(128, Math.max(19, policy.minimumLength + 4)));
        // Groups of four joined by dashes, from the readable characters only.
        expect(password).toMatch(new RegExp(`^([${READABLE}]{4}-)*[${READABLE}]{1,4}$`));
      }),
      { numRuns: 1000 },
    );
  });

  it('is different every time', () => {
    const policy: PasswordPolicy = { isDefault: true, minimumLength: 8, requireUppercase: false, requireLowercase: false, requireNumbers: false, requireSymbols: false, requireThreeOfFourKinds: true, maxAgeDays: null, reusePrevention: null };
    const seen = new Set(Array.from({ length: 200 }, () => generateTemporaryPassword(policy)));
    expect(seen.size).toBe(200);
  });

  it('uses at most one character of each look-alike group, and no capital that looks like its small letter', () => {
    for (const group of ['0OoQD', '1Iilj|', '2Zz', '5Ss', '6Gb', '8B', '9gq', 'Cc', 'Kk', 'Pp', 'Uu', 'Vv', 'Ww', 'Xx', 'Yy']) {
      expect([...group].filter((c) => READABLE.includes(c)).length, group).toBeLessThanOrEqual(1);
    }
    expect(READABLE.length).toBeGreaterThanOrEqual(32);
  });

  it('reads out as groups, each character with what to say for it', () => {
    expect(spellOut('Tk7m-9fRa')).toEqual([
      [{ kind: 'upper', letter: 't' }, { kind: 'lower', letter: 'k' }, { kind: 'digit', digit: '7' }, { kind: 'lower', letter: 'm' }],
      [{ kind: 'digit', digit: '9' }, { kind: 'lower', letter: 'f' }, { kind: 'upper', letter: 'r' }, { kind: 'lower', letter: 'a' }],
    ]);
    expect(spellOut('a!')).toEqual([[{ kind: 'lower', letter: 'a' }, { kind: 'other', character: '!' }]]);
  });
});
