import {
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteAccountPasswordPolicyCommand,
  DeleteLoginProfileCommand,
  UpdateAccountPasswordPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD_POLICY, failedRules, type PasswordPolicy } from '@/lib/credentials/password-policy';
import { generateTemporaryPassword } from '@/lib/credentials/temporary-password';
import { adminClient, startIam, type StartedIam } from '@/tests/support/local-iam';

/**
 * Kagi checks the password policy itself (to show a live checklist and plain errors) and IAM
 * checks it again. The two must agree: the same cases run against both.
 */

let iam: StartedIam;
let admin: IAMClient;

beforeAll(async () => {
  iam = await startIam();
  admin = adminClient(iam);
  await admin.send(new CreateUserCommand({ UserName: 'agree', Path: '/staff/' }));
});
afterAll(async () => {
  admin?.destroy();
  await iam?.stop();
});

/** Whether IAM accepts the password for a new console sign-in. */
async function iamAccepts(password: string): Promise<boolean> {
  try {
    await admin.send(new CreateLoginProfileCommand({ UserName: 'agree', Password: password }));
    await admin.send(new DeleteLoginProfileCommand({ UserName: 'agree' }));
    return true;
  } catch (error) {
    if (error instanceof Error && /PasswordPolicyViolation/.test(error.name)) return false;
    throw error;
  }
}

interface PolicyCase {
  name: string;
  iamPolicy: ConstructorParameters<typeof UpdateAccountPasswordPolicyCommand>[0] | null;
  kagiPolicy: PasswordPolicy;
}

const custom = (overrides: Partial<PasswordPolicy>): PasswordPolicy => ({
  ...DEFAULT_PASSWORD_POLICY,
  isDefault: false,
  minimumLength: 6,
  requireThreeOfFourKinds: false,
  ...overrides,
});

const policies: PolicyCase[] = [
  { name: 'AWS default (no account policy)', iamPolicy: null, kagiPolicy: DEFAULT_PASSWORD_POLICY },
  { name: 'length 6 only', iamPolicy: {}, kagiPolicy: custom({}) },
  { name: 'length 14', iamPolicy: { MinimumPasswordLength: 14 }, kagiPolicy: custom({ minimumLength: 14 }) },
  { name: 'upper case', iamPolicy: { RequireUppercaseCharacters: true }, kagiPolicy: custom({ requireUppercase: true }) },
  { name: 'lower case', iamPolicy: { RequireLowercaseCharacters: true }, kagiPolicy: custom({ requireLowercase: true }) },
  { name: 'numbers', iamPolicy: { RequireNumbers: true }, kagiPolicy: custom({ requireNumbers: true }) },
  { name: 'symbols', iamPolicy: { RequireSymbols: true }, kagiPolicy: custom({ requireSymbols: true }) },
  {
    name: 'everything, length 12',
    iamPolicy: {
      MinimumPasswordLength: 12,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      RequireNumbers: true,
      RequireSymbols: true,
    },
    kagiPolicy: custom({ minimumLength: 12, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true }),
  },
];

const passwords = [
  'abc', 'abcdef', 'abcdefgh', 'ABCDEFGH', '12345678', '!!!!!!!!', 'abcdEFGH', 'abcd1234', 'abcd!@#$',
  'ABCD1234', 'Abcd1234', 'Abcd!234', 'abc~.,?/', 'Abc~defgh', 'abc def1', 'Ab1!', 'Ab1!Ab1!Ab1!',
  'ümlautÄ1x', 'Abcdefghijk1', 'abcdefghijk!', "Quote'1abcde", 'agree', 'AGREE123!', 'agree', 'x'.repeat(128),
];

describe.each(policies)('policy: $name', ({ iamPolicy, kagiPolicy }) => {
  beforeAll(async () => {
    if (iamPolicy) await admin.send(new UpdateAccountPasswordPolicyCommand(iamPolicy));
    else await admin.send(new DeleteAccountPasswordPolicyCommand({})).catch(() => undefined);
  });

  it.each(passwords)('Kagi and IAM agree on %j', async (password) => {
    const kagiAccepts = failedRules(password, kagiPolicy, 'agree').length === 0;
    expect(kagiAccepts).toBe(await iamAccepts(password));
  });
});

/** Temporary passwords (readable groups joined by dashes) against IAM's own enforcement. */
const temporaryPolicies: PolicyCase[] = [
  ...policies,
  {
    name: 'everything, length 40',
    iamPolicy: { MinimumPasswordLength: 40, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, RequireNumbers: true, RequireSymbols: true },
    kagiPolicy: custom({ minimumLength: 40, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true }),
  },
  {
    name: 'everything, length 128 (IAM’s limit)',
    iamPolicy: { MinimumPasswordLength: 128, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, RequireNumbers: true, RequireSymbols: true },
    kagiPolicy: custom({ minimumLength: 128, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true }),
  },
];

describe.each(temporaryPolicies)('temporary passwords under the policy: $name', ({ iamPolicy, kagiPolicy }) => {
  beforeAll(async () => {
    if (iamPolicy) await admin.send(new UpdateAccountPasswordPolicyCommand(iamPolicy));
    else await admin.send(new DeleteAccountPasswordPolicyCommand({})).catch(() => undefined);
  });

  it('IAM accepts every one (30 in a row)', async () => {
    for (let i = 0; i < 30; i++) {
      const password = generateTemporaryPassword(kagiPolicy, 'agree');
      expect(password).toMatch(/^([A-Za-z0-9]{4}-)+[A-Za-z0-9]{1,4}$/);
      expect(await iamAccepts(password), password).toBe(true);
    }
  });

  if (iamPolicy?.RequireSymbols) {
    it('the dashes are what IAM counts as the symbol: without them it refuses', async () => {
      const password = generateTemporaryPassword(kagiPolicy, 'agree').replaceAll('-', 'x').padEnd(kagiPolicy.minimumLength, 'x');
      expect(await iamAccepts(password)).toBe(false);
    });
  }
});
