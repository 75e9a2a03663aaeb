import crypto from 'node:crypto';
import { CreateAccessKeyCommand, CreateUserCommand, DeleteUserCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * Sessions that really end: signing out ends the session on the server, so a copied cookie
 * stops working; "sign out everywhere" and the help desk's "deactivate all keys" end every
 * session of the person; an IAM link is checked again after five minutes.
 */
let stack: PortalStack;

beforeAll(async () => {
  stack = await startPortalStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function newPerson(): Promise<string> {
  const userName = `s${crypto.randomBytes(4).toString('hex')}`;
  await stack.admin.send(new CreateUserCommand({ UserName: userName, Path: '/staff/' }));
  return userName;
}

/** A session of its own (cookieFor gives each one its own ID), signed in `ago` seconds ago. */
const sessionOf = (userName: string, ago = 10) => {
  const at = Math.floor(Date.now() / 1000) - ago;
  return stack.cookieFor(userName, { sub: `idp-${userName}`, signedInAt: at, authTime: at });
};
const me = (cookie: string) => stack.call(null, '/api/me', { headers: { cookie } });
const endSession = (cookie: string, body?: unknown) =>
  stack.call(null, '/api/session/end', {
    method: 'POST',
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('signing out', () => {
  it('ends the session on the server: the same cookie, copied before, is refused afterwards', async () => {
    const userName = await newPerson();
    const copied = await sessionOf(userName);
    const other = await sessionOf(userName, 60);
    expect((await me(copied)).status).toBe(200);

    const res = await endSession(copied);
    expect(res.status).toBe(200);
    expect((await res.json()).url).toContain('/session/end');

    for (const path of ['/api/me', '/api/me/access-keys', '/api/me/activity']) {
      const refused = await stack.call(null, path, { headers: { cookie: copied } });
      expect(refused.status, path).toBe(401);
      expect((await refused.json()).code).toBe('unauthenticated');
    }
    // next-auth's own session endpoint forgets it too.
    const nextAuth = await (await stack.call(null, '/api/auth/session', { headers: { cookie: copied } })).json();
    expect(nextAuth.user).toBeUndefined();
    // The person's other sign-in (another computer) goes on.
    expect((await me(other)).status).toBe(200);
  });

  it('sign out everywhere ends every session of the person, is audited, and a new sign-in works', async () => {
    const userName = await newPerson();
    const here = await sessionOf(userName);
    const elsewhere = await sessionOf(userName, 3600);
    const res = await endSession(here, { everywhere: true });
    expect(res.status).toBe(200);
    expect((await me(here)).status).toBe(401);
    expect((await me(elsewhere)).status).toBe(401);

    const entries = await stack.db.selectFrom('audit_entries').selectAll().where('subject', '=', userName).execute();
    expect(entries.map((e) => [e.action, e.actor, e.outcome])).toEqual([['sessions.end-all', userName, 'ok']]);

    const signedInAgain = await sessionOf(userName, 0);
    expect((await me(signedInAgain)).status).toBe(200);
  });

  it('bad input changes nothing: the session still works', async () => {
    const userName = await newPerson();
    const cookie = await sessionOf(userName);
    const res = await endSession(cookie, { everywhere: 'yes' });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('invalid-input');
    expect((await me(cookie)).status).toBe(200);
  });
});

describe('the help desk, suspecting a leak', () => {
  it('"deactivate all keys" also ends every Kagi session of that person, under the ticket', async () => {
    const userName = await newPerson();
    await stack.admin.send(new CreateAccessKeyCommand({ UserName: userName }));
    const theirs = await sessionOf(userName);
    const agent = await stack.cookieFor('sato', { roles: ['user', 'helpdesk'] });
    const asAgent = (path: string, body: unknown) =>
      stack.call(null, path, { method: 'POST', headers: { cookie: agent, 'content-type': 'application/json' }, body: JSON.stringify(body) });

    const opened = await asAgent(`/api/helpdesk/users/${userName}/cases`, { ticket: 'INC-LEAK-1', otherMethod: 'called back on the desk phone' });
    expect(opened.status).toBe(201);
    const { id: caseId } = await opened.json();
    // Verified another way: a second member of the help desk approves first.
    const approver = await stack.cookieFor('hanako', { roles: ['user', 'helpdesk'] });
    const approval = await stack.call(null, `/api/helpdesk/users/${userName}/cases/${caseId}/approval`, { method: 'POST', headers: { cookie: approver } });
    expect(approval.status).toBe(200);
    const res = await asAgent(`/api/helpdesk/users/${userName}/actions`, { caseId, action: 'deactivate-all-keys' });
    expect(res.status).toBe(200);

    expect((await me(theirs)).status).toBe(401);
    const { AccessKeyMetadata = [] } = await stack.admin.send(new ListAccessKeysCommand({ UserName: userName }));
    expect(AccessKeyMetadata.map((k) => k.Status)).toEqual(['Inactive']);
    const ended = await stack.db.selectFrom('audit_entries').selectAll().where('subject', '=', userName).where('action', '=', 'sessions.end-all').execute();
    expect(ended).toMatchObject([{ actor: 'sato', ticket: 'INC-LEAK-1', outcome: 'ok' }]);
    // The agent's own session is untouched.
    expect((await stack.call(null, '/api/me', { headers: { cookie: agent } })).status).toBe(200);
  });
});

describe('the IAM link', () => {
  it('is checked again after five minutes: a user deleted from IAM is no longer served', async () => {
    const userName = await newPerson();
    const recent = await sessionOf(userName, 10);
    const older = await sessionOf(userName, 6 * 60);
    expect((await stack.call(null, '/api/me/access-keys', { headers: { cookie: recent } })).status).toBe(200);

    await stack.admin.send(new DeleteUserCommand({ UserName: userName }));

    const refused = await stack.call(null, '/api/me/access-keys', { headers: { cookie: older } });
    expect(refused.status).toBe(403);
    expect((await refused.json()).code).toBe('no-iam-user');
    expect((await (await me(older)).json()).iamUserName).toBeNull();
    // A link made at sign-in minutes ago is trusted until its five minutes are up.
    expect((await (await me(recent)).json()).iamUserName).toBe(userName);
  });
});
