import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PASSWORD_POLICY,
  IAM_SYMBOLS,
  checkPassword,
  failedRules,
  passwordExpiresAt,
  type PasswordPolicy,
} from '@/lib/credentials/password-policy';
import { setConsolePasswordBodySchema } from '@/lib/credentials/console-password-schema';

const strict: PasswordPolicy = {
  isDefault: false,
  minimumLength: 12,
  requireUppercase: true,
  requireLowercase: true,
  requireNumbers: true,
  requireSymbols: true,
  requireThreeOfFourKinds: false,
  maxAgeDays: 90,
  reusePrevention: 5,
};

describe('checkPassword under a custom policy', () => {
  it.each([
    ['Sakura-Spring-2026!', []],
    ['Sakura-2026!', []],
    ['Sakura-202!', ['minimum-length']],
    ['sakura-spring-2026!', ['uppercase']],
    ['SAKURA-SPRING-2026!', ['lowercase']],
    ['Sakura-Spring-Now!', ['number']],
    ['SakuraSpring2026', ['symbol']],
    ['SakuraSpring~2026', ['symbol']],
    ['', ['minimum-length', 'uppercase', 'lowercase', 'number', 'symbol']],
  ])('%j fails %j', (password, expected) => {
    expect(failedRules(password, strict)).toEqual(expected);
  });

  it('lists only the rules the policy has, in checklist order', () => {
    const policy = { ...strict, requireSymbols: false, requireNumbers: false };
    expect(checkPassword('Abcdefghijkl', policy).map((r) => r.rule)).toEqual([
      'minimum-length',
      'maximum-length',
      'allowed-characters',
      'uppercase',
      'lowercase',
    ]);
  });

  it('refuses more than 128 characters and characters IAM does not accept', () => {
    expect(failedRules(`Aa1!${'x'.repeat(125)}`, strict)).toEqual(['maximum-length']);
    expect(failedRules('Sakura-Spring-2026!🌸', strict)).toEqual(['allowed-characters']);
    expect(failedRules('Sakura-Spring-2026!é', strict)).toEqual([]);
  });

  it('does not apply the user-name rule to a custom policy', () => {
    expect(failedRules('Taro-Yamada-2026!', strict, 'Taro-Yamada-2026!')).toEqual([]);
  });
});

describe('AWS default policy', () => {
  it.each([
    ['abcdefgh', ['three-of-four-kinds']],
    ['abcdEFGH', ['three-of-four-kinds']],
    ['abcdEF12', []],
    ['abcd12!!', []],
    ['ABCD12!!', []],
    ['Ab1!', ['minimum-length']],
    ['abcd~.,?', ['three-of-four-kinds']],
  ])('%j fails %j', (password, expected) => {
    expect(failedRules(password, DEFAULT_PASSWORD_POLICY)).toEqual(expected);
  });

  it('refuses the user name itself, whatever its case', () => {
    expect(failedRules('Taro.2026', DEFAULT_PASSWORD_POLICY, 'taro.2026')).toEqual(['not-user-name']);
    expect(failedRules('Taro.2026x', DEFAULT_PASSWORD_POLICY, 'taro.2026')).toEqual([]);
  });
});

describe('the symbol set', () => {
  it('is exactly the 20 characters IAM counts as symbols', () => {
    expect([...IAM_SYMBOLS].sort().join('')).toBe([..."!@#$%^&*()_+-=[]{}|'"].sort().join(''));
    expect(IAM_SYMBOLS).toHaveLength(20);
  });

  it.each([...IAM_SYMBOLS])('%s counts as a symbol', (symbol) => {
    expect(failedRules(`Abcdefghij1${symbol}`, strict)).toEqual([]);
  });

  it.each([...'~`".,/;:<>?\\ '])('%j does not count as a symbol', (other) => {
    expect(failedRules(`Abcdefghij1${other}`, strict)).toEqual(['symbol']);
  });
});

describe('passwordExpiresAt', () => {
  it('adds the maximum age in days', () => {
    expect(passwordExpiresAt(new Date('2026-01-31T10:00:00Z'), { maxAgeDays: 90 })?.toISOString()).toBe('2026-05-01T10:00:00.000Z');
  });

  it('is null when passwords never expire', () => {
    expect(passwordExpiresAt(new Date(), { maxAgeDays: null })).toBeNull();
  });
});

describe('the PUT body schema', () => {
  it.each([
    [{ newPassword: 'x' }, true],
    [{ newPassword: 'x'.repeat(128) }, true],
    [{ newPassword: 'x'.repeat(129) }, false],
    [{ newPassword: '' }, false],
    [{}, false],
    [{ newPassword: 5 }, false],
    [{ newPassword: 'x', extra: 1 }, false],
  ])('%j valid: %s', (body, valid) => {
    expect(setConsolePasswordBodySchema.safeParse(body).success).toBe(valid);
  });
});
