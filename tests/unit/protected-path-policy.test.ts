import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));

import { protectedPathPolicyMismatch } from '@/lib/protected-path-policy';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A working directory whose deploy/role-policy.json is `policy` (a string as it is, else JSON). */
function withPolicy(policy: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kagi-policy-'));
  dirs.push(dir);
  fs.mkdirSync(path.join(dir, 'deploy'));
  fs.writeFileSync(path.join(dir, 'deploy', 'role-policy.json'), typeof policy === 'string' ? policy : JSON.stringify(policy));
  return dir;
}

const deny = (resource: string | string[]) => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ReadThePasswordPolicy', Effect: 'Allow', Action: 'iam:GetAccountPasswordPolicy', Resource: '*' },
    { Sid: 'HelpdeskNeverTheProtectedPath', Effect: 'Deny', Action: ['iam:DeleteAccessKey'], Resource: resource },
  ],
});

describe('HELPDESK_PROTECTED_PATH_PREFIX against deploy/role-policy.json', () => {
  it('matches the policy shipped in deploy/ with the shipped paths', () => {
    expect(protectedPathPolicyMismatch('/staff/helpdesk/', process.cwd())).toBeNull();
    expect(protectedPathPolicyMismatch('/staff/admins/', process.cwd())).toMatch(
      /^HELPDESK_PROTECTED_PATH_PREFIX is \/staff\/admins\/, but deploy\/role-policy\.json's HelpdeskNeverTheProtectedPath denies the help desk users under \/staff\/helpdesk\/: Kagi and IAM protect different people/,
    );
  });

  it('says nothing without the file (a deployment need not ship deploy/)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kagi-policy-'));
    dirs.push(dir);
    expect(protectedPathPolicyMismatch('/people/helpdesk/', dir)).toBeNull();
  });

  it('reads a list of resources, and mfa/ resources do not count as user paths', () => {
    const dir = withPolicy(deny(['arn:aws:iam::*:mfa/people/helpdesk/*', 'arn:aws:iam::*:user/people/helpdesk/*']));
    expect(protectedPathPolicyMismatch('/people/helpdesk/', dir)).toBeNull();
    expect(protectedPathPolicyMismatch('/people/', dir)).toMatch(/denies the help desk users under \/people\/helpdesk\//);
  });

  it('warns when the statement is missing, is not a Deny, or the file is not JSON', () => {
    expect(protectedPathPolicyMismatch('/staff/helpdesk/', withPolicy({ Statement: [] }))).toMatch(/has no Deny statement HelpdeskNeverTheProtectedPath/);
    const allow = deny('arn:aws:iam::*:user/staff/helpdesk/*');
    allow.Statement[1]!.Effect = 'Allow';
    expect(protectedPathPolicyMismatch('/staff/helpdesk/', withPolicy(allow))).toMatch(/has no Deny statement/);
    expect(protectedPathPolicyMismatch('/staff/helpdesk/', withPolicy('{ not json'))).toMatch(/is not JSON/);
    expect(protectedPathPolicyMismatch('/staff/helpdesk/', withPolicy(deny('arn:aws:iam::*:user/*')))).toMatch(/users under \/: /);
  });
});
