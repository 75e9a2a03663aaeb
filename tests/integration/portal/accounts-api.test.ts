import fs from 'node:fs';
import { CreateAccessKeyCommand, UpdateAccessKeyCommand, DeleteAccessKeyCommand, DeleteUserPolicyCommand, PutUserPolicyCommand, DeleteRolePolicyCommand, IAMClient, ListAccessKeysCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { signInForReal } from '@/tests/support/oidc-sign-in';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * One Kagi, two AWS accounts (KAGI_ACCOUNTS_FILE): Production, Kagi's own, and Sandbox, reached
 * through the role Kagi assumes there. Real sign-ins link each person to their user in every
 * account; `?account=` chooses the account a self-service request is about; an account the
 * person has no user in is `account-not-found` before IAM is asked; every change is recorded
 * with its account, and the trail shows it made in that account, by the person's role session.
 */
const PRODUCTION = '123456789012';
const SANDBOX = '210987654321';

let stack: PortalStack;
let taro: string;
let hanako: string;
let sandboxAdmin: IAMClient;
const secrets: string[] = [];

beforeAll(async () => {
  stack = await startPortalStack({ role: true, accounts: 'two' });
  const admin = stack.iam.accounts[1]!;
  sandboxAdmin = new IAMClient({
    endpoint: stack.iam.url,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: admin.adminAccessKeyId, secretAccessKey: admin.adminSecretAccessKey },
  });
  taro = await signInForReal(stack.origin, 'taro', 'demo');
  hanako = await signInForReal(stack.origin, 'hanako', 'demo');
});
afterAll(async () => {
  sandboxAdmin?.destroy();
  await stack?.stop();
});

const as = (cookie: string, path: string, init: RequestInit = {}) =>
  fetch(`${stack.origin}${path}`, { ...init, headers: { cookie, origin: stack.origin, 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
const keysIn = async (client: IAMClient, userName: string) =>
  ((await client.send(new ListAccessKeysCommand({ UserName: userName }))).AccessKeyMetadata ?? []).map((k) => k.AccessKeyId);

describe('several accounts', () => {
  it('GET /api/me lists the accounts the person has a user in, by name, in the file’s order', async () => {
    expect((await (await as(taro, '/api/me')).json()).accounts).toEqual([
      { id: PRODUCTION, name: 'Production', iamUserName: 'taro' },
      { id: SANDBOX, name: 'Sandbox', iamUserName: 'taro' },
    ]);
    // hanako has no user in Sandbox.
    expect((await (await as(hanako, '/api/me')).json()).accounts).toEqual([{ id: PRODUCTION, name: 'Production', iamUserName: 'hanako' }]);
  });

  it('a key created with ?account=Sandbox is made in Sandbox only, listed there only, and recorded with its account', async () => {
    for (const id of await keysIn(sandboxAdmin, 'taro')) await sandboxAdmin.send(new DeleteAccessKeyCommand({ UserName: 'taro', AccessKeyId: id }));
    const productionBefore = await keysIn(stack.admin, 'taro');

    const res = await as(taro, `/api/me/access-keys?account=${SANDBOX}`, { method: 'POST', body: JSON.stringify({ description: 'sandbox experiments' }) });
    expect(res.status).toBe(201);
    const created = await res.json();
    secrets.push(created.secretAccessKey);
    expect(await keysIn(sandboxAdmin, 'taro')).toEqual([created.accessKeyId]);
    expect(await keysIn(stack.admin, 'taro')).toEqual(productionBefore);

    const inSandbox = await (await as(taro, `/api/me/access-keys?account=${SANDBOX}`)).json();
    expect(inSandbox.keys.map((k: { accessKeyId: string; description: string }) => [k.accessKeyId, k.description])).toEqual([[created.accessKeyId, 'sandbox experiments']]);
    // Without ?account=, the person's first account: Production.
    const inProduction = await (await as(taro, '/api/me/access-keys')).json();
    expect(inProduction.keys.map((k: { accessKeyId: string }) => k.accessKeyId)).not.toContain(created.accessKeyId);

    const row = await stack.db.selectFrom('audit_entries').selectAll().where('access_key_id', '=', created.accessKeyId).where('action', '=', 'access-key.create').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ subject: 'taro', outcome: 'ok', account_id: SANDBOX });
    const activity = await (await as(taro, `/api/me/activity?account=${SANDBOX}`)).json();
    expect(activity.entries[0]).toMatchObject({ action: 'access-key.create', accessKeyId: created.accessKeyId, accountId: SANDBOX });
    // Production's activity does not show Sandbox's change.
    const productionActivity = await (await as(taro, '/api/me/activity')).json();
    expect(productionActivity.entries.map((e: { accessKeyId: string | null }) => e.accessKeyId)).not.toContain(created.accessKeyId);

    // The trail: made in Sandbox, by the Sandbox role's session that names taro.
    const events = stack.iam.trail({ accountId: SANDBOX }).filter((e) => e.eventName === 'CreateAccessKey');
    const event = events.at(-1)!;
    expect(event.recipientAccountId).toBe(SANDBOX);
    expect(JSON.stringify(event.userIdentity)).toContain('kagi-portal-access');
    expect(JSON.stringify(event.userIdentity)).toContain('taro');
  });

  it('rate limits count per account: ten new keys in Sandbox this hour stop the next there, not in Production', async () => {
    const at = new Date().toISOString();
    const made = Array.from({ length: 10 }, (_, i) => ({
      at,
      request_id: `planted-${i}`,
      actor: 'taro',
      actor_name: 'taro',
      subject: 'taro',
      action: 'access-key.create',
      access_key_id: null,
      ticket: null,
      outcome: 'ok',
      verification: null,
      instance_id: null,
      account_id: SANDBOX,
    }));
    await stack.db.insertInto('audit_entries').values(made).execute();
    const sandbox = await as(taro, `/api/me/access-keys?account=${SANDBOX}`, { method: 'POST', body: '{}' });
    expect(sandbox.status).toBe(429);
    expect(await sandbox.json()).toMatchObject({ code: 'rate-limited' });
    const production = await as(taro, '/api/me/access-keys', { method: 'POST', body: '{}' });
    expect(production.status).toBe(201);
    secrets.push((await production.json()).secretAccessKey);
  });

  it('a person’s session in Sandbox can do nothing in Production, nor to anyone else in Sandbox (IAM refuses; the trail shows where each call landed)', async () => {
    // The very session Kagi's principal gets for taro's self-service in Sandbox.
    const sts = new STSClient({ endpoint: stack.iam.url, region: 'us-east-1', maxAttempts: 1, credentials: stack.portalKey });
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${SANDBOX}:role/kagi-portal-access`,
        RoleSessionName: 'self-taro',
        SourceIdentity: 'taro',
        Tags: [
          { Key: 'kagi-purpose', Value: 'self-service' },
          { Key: 'kagi-subject', Value: 'taro' },
        ],
      }),
    );
    sts.destroy();
    const session = new IAMClient({
      endpoint: stack.iam.url,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! },
    });
    try {
      // hanako exists in Production only: from a Sandbox session she does not exist at all.
      await expect(session.send(new ListAccessKeysCommand({ UserName: 'hanako' }))).rejects.toMatchObject({ name: expect.stringMatching(/NoSuchEntity|AccessDenied/) });
      // sato exists in Sandbox, but is not taro.
      await expect(session.send(new ListAccessKeysCommand({ UserName: 'sato' }))).rejects.toMatchObject({ name: 'AccessDenied' });
      // taro's own keys in Sandbox: allowed.
      await session.send(new ListAccessKeysCommand({ UserName: 'taro' }));
    } finally {
      session.destroy();
    }
    const mine = stack.iam.trail().filter((e) => JSON.stringify(e.userIdentity).includes(Credentials!.AccessKeyId!));
    expect(mine.length).toBeGreaterThanOrEqual(3);
    expect(new Set(mine.map((e) => e.recipientAccountId))).toEqual(new Set([SANDBOX]));
    expect(mine.filter((e) => e.errorCode).length).toBeGreaterThanOrEqual(2);
  });

  it('an account the person has no user in, or one Kagi does not serve, is account-not-found and IAM is not asked', async () => {
    const before = stack.iam.requestCount(undefined, SANDBOX);
    for (const [cookie, account] of [
      [hanako, SANDBOX],
      [taro, '999999999999'],
      [taro, 'production'],
    ] as const) {
      for (const [path, init] of [
        [`/api/me/access-keys?account=${account}`, {}],
        [`/api/me/access-keys?account=${account}`, { method: 'POST', body: '{}' }],
        [`/api/me/mfa-devices?account=${account}`, {}],
      ] as const) {
        const res = await as(cookie, path, init);
        expect(res.status).toBe(404);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(await res.json()).toMatchObject({ code: 'account-not-found' });
      }
    }
    expect(stack.iam.requestCount(undefined, SANDBOX)).toBe(before);
  });

  it('the console password and MFA devices answer per account (taro has a console password in Production only)', async () => {
    const production = await (await as(taro, '/api/me/console-password')).json();
    const sandbox = await (await as(taro, `/api/me/console-password?account=${SANDBOX}`)).json();
    expect([production.enabled, sandbox.enabled]).toEqual([true, false]);
    expect((await as(taro, `/api/me/mfa-devices?account=${SANDBOX}`)).status).toBe(200);
  });

  it('readiness reports each account, and one account’s broken role is said, not failed on', async () => {
    const ready = await (await fetch(`${stack.origin}/api/health/ready`)).json();
    expect(ready.accounts).toEqual([
      { id: PRODUCTION, name: 'Production', iam: 'ok' },
      { id: SANDBOX, name: 'Sandbox', iam: 'ok' },
    ]);
    // Sandbox's role loses its permissions: Kagi still serves Production, and says what broke.
    await sandboxAdmin.send(new DeleteRolePolicyCommand({ RoleName: 'kagi-portal-access', PolicyName: 'kagi-portal-access' }));
    try {
      const res = await fetch(`${stack.origin}/api/health/ready`);
      expect(res.status).toBe(200);
      expect((await res.json()).accounts).toEqual([
        { id: PRODUCTION, name: 'Production', iam: 'ok' },
        { id: SANDBOX, name: 'Sandbox', iam: 'denied' },
      ]);
    } finally {
      await sandboxAdmin.send(
        new PutRolePolicyCommand({ RoleName: 'kagi-portal-access', PolicyName: 'kagi-portal-access', PolicyDocument: fs.readFileSync('deploy/role-policy.json', 'utf8') }),
      );
    }
  });

  it('the help desk finds a person in every account at once, and a case acts in its own account only', async () => {
    const agent = await stack.cookieFor('sato', { roles: ['user', 'helpdesk'], name: 'Sato Kenji' });
    const found = await (await as(agent, '/api/helpdesk/users?q=taro')).json();
    expect(found.users.map((u: { userName: string; accountId: string; accountName: string }) => [u.userName, u.accountId, u.accountName])).toEqual([
      ['taro', PRODUCTION, 'Production'],
      ['taro', SANDBOX, 'Sandbox'],
    ]);
    expect(found.total).toBe(2);
    // hanako is in Production only.
    const hanakoHits = await (await as(agent, '/api/helpdesk/users?q=hanako')).json();
    expect(hanakoHits.users.map((u: { accountId: string }) => u.accountId)).toEqual([PRODUCTION]);

    // A key of taro's in Sandbox, and a case about taro in Sandbox.
    const key = await sandboxAdmin.send(new CreateAccessKeyCommand({ UserName: 'taro' }));
    const keyId = key.AccessKey!.AccessKeyId!;
    const { code } = await (await as(taro, '/api/me/helpdesk-code', { method: 'POST' })).json();
    const opened = await as(agent, `/api/helpdesk/users/taro/cases?account=${SANDBOX}`, { method: 'POST', body: JSON.stringify({ ticket: 'INC-2101', code }) });
    expect(opened.status).toBe(201);
    const caseId = (await opened.json()).id;
    expect((await stack.db.selectFrom('helpdesk_cases').select('account_id').where('id', '=', caseId).executeTakeFirstOrThrow()).account_id).toBe(SANDBOX);

    // The Sandbox case does nothing in Production, even to a user of the same name.
    const wrong = await as(agent, `/api/helpdesk/users/taro/actions?account=${PRODUCTION}`, { method: 'POST', body: JSON.stringify({ caseId, action: 'deactivate-all-keys' }) });
    expect(wrong.status).toBe(409);
    expect(await wrong.json()).toMatchObject({ code: 'case-expired' });

    const done = await as(agent, `/api/helpdesk/users/taro/actions?account=${SANDBOX}`, { method: 'POST', body: JSON.stringify({ caseId, action: 'deactivate-key', accessKeyId: keyId }) });
    expect(done.status).toBe(200);
    const status = ((await sandboxAdmin.send(new ListAccessKeysCommand({ UserName: 'taro' }))).AccessKeyMetadata ?? []).find((k) => k.AccessKeyId === keyId)?.Status;
    expect(status).toBe('Inactive');
    const entry = await stack.db.selectFrom('audit_entries').selectAll().where('access_key_id', '=', keyId).where('action', '=', 'access-key.deactivate').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor: 'sato', subject: 'taro', ticket: 'INC-2101', outcome: 'ok', account_id: SANDBOX });
    // In Sandbox, by the help desk's session there, naming the agent and the ticket.
    const event = stack.iam.trail({ accountId: SANDBOX }).filter((e) => e.eventName === 'UpdateAccessKey').at(-1)!;
    expect(JSON.stringify(event.userIdentity)).toContain('helpdesk-sato');
    // An account Kagi does not serve: not found.
    expect((await as(agent, '/api/helpdesk/users?q=taro&account=999999999999')).status).toBe(404);
  });

  it('a guided reset in Sandbox counts only the person’s changes in Sandbox, filed under its ticket', async () => {
    const agent = await stack.cookieFor('sato', { roles: ['user', 'helpdesk'], name: 'Sato Kenji' });
    const unusedKey = async (client: IAMClient) => {
      const id = (await client.send(new CreateAccessKeyCommand({ UserName: 'taro' }))).AccessKey!.AccessKeyId!;
      await client.send(new UpdateAccessKeyCommand({ UserName: 'taro', AccessKeyId: id, Status: 'Inactive' }));
      return id;
    };
    for (const client of [stack.admin, sandboxAdmin]) for (const id of await keysIn(client, 'taro')) await client.send(new DeleteAccessKeyCommand({ UserName: 'taro', AccessKeyId: id! }));
    const inProduction = await unusedKey(stack.admin);
    const inSandbox = await unusedKey(sandboxAdmin);

    const { code } = await (await as(taro, '/api/me/helpdesk-code', { method: 'POST' })).json();
    const caseId = (await (await as(agent, `/api/helpdesk/users/taro/cases?account=${SANDBOX}`, { method: 'POST', body: JSON.stringify({ ticket: 'INC-2105', code }) })).json()).id;
    const started = await as(agent, `/api/helpdesk/guided-sessions?account=${SANDBOX}`, { method: 'POST', body: JSON.stringify({ userName: 'taro', caseId, steps: ['remove-unused-key'] }) });
    expect(started.status).toBe(201);
    const guidedId = (await started.json()).id;
    const progress = async () => (await (await as(agent, `/api/helpdesk/guided-sessions/${guidedId}?account=${SANDBOX}`)).json()) as { status: string; steps: Array<{ state: string }> };

    // Production's key: taro's own change, not a step of the Sandbox reset, and under no ticket.
    expect((await as(taro, `/api/me/access-keys/${inProduction}`, { method: 'DELETE' })).status).toBe(204);
    expect((await progress()).steps[0]!.state).toBe('not-started');
    const productionEntry = await stack.db.selectFrom('audit_entries').selectAll().where('access_key_id', '=', inProduction).where('action', '=', 'access-key.delete').executeTakeFirstOrThrow();
    expect(productionEntry).toMatchObject({ ticket: null, account_id: PRODUCTION });

    expect((await as(taro, `/api/me/access-keys/${inSandbox}?account=${SANDBOX}`, { method: 'DELETE' })).status).toBe(204);
    expect(await progress()).toMatchObject({ status: 'completed', steps: [{ state: 'done' }] });
    const sandboxEntry = await stack.db.selectFrom('audit_entries').selectAll().where('access_key_id', '=', inSandbox).where('action', '=', 'access-key.delete').executeTakeFirstOrThrow();
    expect(sandboxEntry).toMatchObject({ ticket: 'INC-2105', account_id: SANDBOX });
  });

  it('four eyes per account: a Sandbox case verified another way is approved in Sandbox only', async () => {
    const opener = await stack.cookieFor('sato', { roles: ['user', 'helpdesk'], name: 'Sato Kenji' });
    const approver = await stack.cookieFor('mori', { roles: ['user', 'helpdesk'], name: 'Mori Aiko' });
    const opened = await as(opener, `/api/helpdesk/users/taro/cases?account=${SANDBOX}`, {
      method: 'POST',
      body: JSON.stringify({ ticket: 'INC-2103', otherMethod: 'called back on the desk phone' }),
    });
    expect(opened.status).toBe(201);
    const caseId = (await opened.json()).id;
    const waiting = await (await as(approver, '/api/helpdesk/approvals')).json();
    expect(JSON.stringify(waiting)).toContain(SANDBOX);
    const elsewhere = await as(approver, `/api/helpdesk/users/taro/cases/${caseId}/approval?account=${PRODUCTION}`, { method: 'POST' });
    expect(elsewhere.status).toBe(409);
    expect((await as(approver, `/api/helpdesk/users/taro/cases/${caseId}/approval?account=${SANDBOX}`, { method: 'POST' })).status).toBe(200);
    const row = await stack.db.selectFrom('audit_entries').selectAll().where('action', '=', 'helpdesk.case.approve').where('ticket', '=', 'INC-2103').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ actor: 'mori', outcome: 'ok', account_id: SANDBOX });
  });

  it('deploy/account-roles-policy.json is what lets Kagi reach other accounts: without it Sandbox is refused, Production still served', async () => {
    const policy = { UserName: 'kagi-portal', PolicyName: 'kagi-portal-account-roles' };
    const mori = await stack.cookieFor('mori', { accounts: [{ id: PRODUCTION, iamUserName: 'mori' }, { id: SANDBOX, iamUserName: 'mori' }] });
    await stack.admin.send(new DeleteUserPolicyCommand(policy));
    try {
      // mori's first request in Sandbox: a new role session, which Kagi's principal may no longer assume.
      const refused = await as(mori, `/api/me/access-keys?account=${SANDBOX}`);
      expect(refused.status).toBe(502);
      expect(await refused.json()).toMatchObject({ code: 'role-denied' });
      expect((await as(mori, '/api/me/access-keys')).status).toBe(200);
    } finally {
      await stack.admin.send(new PutUserPolicyCommand({ ...policy, PolicyDocument: fs.readFileSync('deploy/account-roles-policy.json', 'utf8') }));
    }
    expect((await as(mori, `/api/me/access-keys?account=${SANDBOX}`)).status).toBe(200);
  });

  // Last: releasing a pin ends the person's sessions.
  it('each account’s user has a pin of its own; the help desk releases Sandbox’s only', async () => {
    const pins = async () => (await stack.db.selectFrom('identity_links').select('iam_user_name').execute()).map((r) => r.iam_user_name);
    expect(await pins()).toEqual(expect.arrayContaining(['taro', `${SANDBOX}/taro`]));
    const agent = await stack.cookieFor('sato', { roles: ['user', 'helpdesk'], name: 'Sato Kenji' });
    const overview = await (await as(agent, `/api/helpdesk/users/taro?account=${SANDBOX}`)).json();
    expect(overview.signInLink).not.toBeNull();
    const { code } = await (await as(taro, '/api/me/helpdesk-code', { method: 'POST' })).json();
    const caseId = (await (await as(agent, `/api/helpdesk/users/taro/cases?account=${SANDBOX}`, { method: 'POST', body: JSON.stringify({ ticket: 'INC-2102', code }) })).json()).id;
    const released = await as(agent, `/api/helpdesk/users/taro/actions?account=${SANDBOX}`, { method: 'POST', body: JSON.stringify({ caseId, action: 'release-sign-in-link' }) });
    expect(released.status).toBe(200);
    expect(await pins()).toContain('taro');
    expect(await pins()).not.toContain(`${SANDBOX}/taro`);
  });

  it('an administrator releases the pin in the account named (npm run sign-in-link … --account), audited there', async () => {
    const pins = async () => (await stack.db.selectFrom('identity_links').select('iam_user_name').execute()).map((r) => r.iam_user_name);
    expect(await pins()).toContain('taro');
    const unknown = await stack.runScript('scripts/sign-in-link.mjs', ['release', 'taro', 'INC-2104', '--account', '999999999999']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('does not serve the AWS account 999999999999');
    const done = await stack.runScript('scripts/sign-in-link.mjs', ['release', 'taro', 'INC-2104', '--account', PRODUCTION]);
    expect(done.code, done.stderr).toBe(0);
    expect(await pins()).not.toContain('taro');
    const row = await stack.db.selectFrom('audit_entries').selectAll().where('action', '=', 'sign-in-link.release').where('ticket', '=', 'INC-2104').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ subject: 'taro', outcome: 'ok', account_id: PRODUCTION });
    expect(row.actor.startsWith('administrator:')).toBe(true);
  });
});
