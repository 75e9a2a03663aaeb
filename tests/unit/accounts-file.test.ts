import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));

import { parseAccountsFile } from '@/lib/accounts-file';
import { ConfigError, parseConfig } from '@/lib/config';

const SANDBOX_ROLE = 'arn:aws:iam::210987654321:role/kagi-portal-access';
const good = { version: 1, accounts: [{ id: '123456789012', name: 'Production' }, { id: '210987654321', name: 'Sandbox', roleArn: SANDBOX_ROLE }] };
const problemsOf = (file: unknown) => {
  const result = parseAccountsFile(typeof file === 'string' ? file : JSON.stringify(file));
  return result.ok ? [] : result.problems;
};

describe('parseAccountsFile', () => {
  it('takes the accounts in their order, the first (Kagi’s own) without a role', () => {
    expect(parseAccountsFile(JSON.stringify(good))).toEqual({
      ok: true,
      value: { accounts: [{ id: '123456789012', name: 'Production', roleArn: undefined }, { id: '210987654321', name: 'Sandbox', roleArn: SANDBOX_ROLE }] },
    });
  });

  it('names each problem and where it is', () => {
    expect(problemsOf('{ not json')[0]).toMatch(/^is not valid JSON/);
    expect(problemsOf({ ...good, version: 2 })).toEqual(['version: must be 1']);
    expect(problemsOf({ ...good, regions: ['us-east-1'] })).toEqual(['unknown key "regions"']);
    expect(problemsOf({ version: 1, accounts: [{ ...good.accounts[0], alias: 'prod' }] })).toEqual(['accounts[0]: unknown key "alias"']);
    expect(problemsOf({ version: 1, accounts: [] })).toEqual(['accounts: must list at least one account']);
    expect(problemsOf({ version: 1, accounts: [{ id: '1234', name: 'Production' }] })).toEqual(['accounts[0].id: must be a 12-digit AWS account ID']);
    expect(problemsOf({ version: 1, accounts: [good.accounts[0], { ...good.accounts[1], id: '123456789012', roleArn: 'arn:aws:iam::123456789012:role/x' }] })).toEqual([
      'accounts[1].id: 123456789012 is listed twice',
    ]);
    expect(problemsOf({ version: 1, accounts: [good.accounts[0], { ...good.accounts[1], name: 'production' }] })).toEqual(['accounts[1].name: "production" names two accounts']);
    expect(problemsOf({ version: 1, accounts: [good.accounts[0], { ...good.accounts[1], roleArn: 'arn:aws:iam::210987654321:user/kagi' }] })[0]).toMatch(/^accounts\[1\]\.roleArn: must be an IAM role ARN/);
    expect(problemsOf({ version: 1, accounts: [good.accounts[0], { ...good.accounts[1], roleArn: 'arn:aws:iam::999999999999:role/kagi-portal-access' }] })).toEqual([
      'accounts[1].roleArn: is a role in account 999999999999, not in 210987654321',
    ]);
    expect(problemsOf({ version: 1, accounts: [good.accounts[0], { id: '210987654321', name: 'Sandbox' }] })[0]).toMatch(/^accounts\[1\]\.roleArn: is required for 210987654321/);
    expect(problemsOf({ version: 1, accounts: [good.accounts[0], { ...good.accounts[1], userTag: { key: 'kagi-identity', claim: 'name' } }] })).toEqual(['accounts[1].userTag.claim: must be sub or email']);
    expect(problemsOf({ version: 1, accounts: [{ ...good.accounts[0], userTag: { key: 'kagi-identity', claim: 'sub' } }] })[0]).toMatch(/^accounts\[0\]\.userTag: is for other accounts/);
    expect(parseAccountsFile(JSON.stringify({ version: 1, accounts: [good.accounts[0], { ...good.accounts[1], userTag: { key: 'kagi-identity', claim: 'email' } }] }))).toMatchObject({
      ok: true,
      value: { accounts: [{}, { userTag: { key: 'kagi-identity', claim: 'email' } }] },
    });
  });
});

describe('KAGI_ACCOUNTS_FILE', () => {
  const env = (overrides: Record<string, string>) => ({
    NEXTAUTH_SECRET: crypto.randomBytes(24).toString('base64url'),
    NEXTAUTH_URL: 'https://kagi.example.com',
    OIDC_ISSUER: 'https://sso.example.com',
    OIDC_CLIENT_ID: 'kagi',
    OIDC_CLIENT_SECRET: 'secret',
    NODE_ENV: 'test',
    ...overrides,
  });
  const write = (content: string) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kagi-accounts-')), 'accounts.json');
    fs.writeFileSync(file, content);
    return file;
  };

  it('is parsed with the rest of the settings', () => {
    const file = write(JSON.stringify(good));
    expect(parseConfig(env({ KAGI_ACCOUNTS_FILE: file })).KAGI_ACCOUNTS?.accounts.map((a) => a.name)).toEqual(['Production', 'Sandbox']);
    expect(parseConfig(env({})).KAGI_ACCOUNTS).toBeNull();
  });

  it('stops start-up naming the setting, the file and every problem', () => {
    const file = write(JSON.stringify({ version: 1, accounts: [good.accounts[0], { id: '210987654321', name: 'Sandbox' }], extra: true }));
    let error: unknown;
    try {
      parseConfig(env({ KAGI_ACCOUNTS_FILE: file }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(2);
    for (const problem of problems) expect(problem.startsWith(`KAGI_ACCOUNTS_FILE (${file}) `)).toBe(true);
    expect(problems.join('\n')).toContain('unknown key "extra"');
    expect(() => parseConfig(env({ KAGI_ACCOUNTS_FILE: '/nonexistent/accounts.json' }))).toThrow(/KAGI_ACCOUNTS_FILE \(\/nonexistent\/accounts\.json\) cannot be read \(ENOENT\)/);
  });

  it('refuses two different roles for Kagi’s own account', () => {
    const file = write(JSON.stringify({ version: 1, accounts: [{ ...good.accounts[0], roleArn: 'arn:aws:iam::123456789012:role/a' }] }));
    expect(() => parseConfig(env({ KAGI_ACCOUNTS_FILE: file, PORTAL_ROLE_ARN: 'arn:aws:iam::123456789012:role/b' }))).toThrow(/give its role in one place/);
    expect(parseConfig(env({ KAGI_ACCOUNTS_FILE: file, PORTAL_ROLE_ARN: 'arn:aws:iam::123456789012:role/a' })).KAGI_ACCOUNTS).not.toBeNull();
  });
});
