import { CreateUserCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInForReal } from '@/tests/support/oidc-sign-in';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * The help desk's search by real name and address as well as by IAM user name: names and
 * addresses come from Kagi's record of real sign-ins at the local identity provider, users
 * from the local IAM endpoint. On SQLite and, in the postgres project, on PostgreSQL (LIKE's
 * wildcards in the query are escaped on both).
 */
let stack: PortalStack;
let agentCookie: string;

const ACCOUNTS = [
  { sub: 'sub-taro', username: 'taro', password: 'pw', name: 'Taro Yamada', email: 'taro@example.com', groups: ['staff'] },
  { sub: 'sub-hanako', username: 'hanako', password: 'pw', name: 'Hanako Suzuki', email: 'hanako@example.com', emailVerified: false, groups: ['staff'] },
  { sub: 'sub-jiro', username: 'jiro', password: 'pw', name: 'Jiro 100% Tanaka', email: 'jiro_t@example.com', groups: ['staff'] },
  { sub: 'sub-yuki', username: 'yuki', password: 'pw', name: '山田 由紀', email: 'yuki@example.jp', groups: ['staff'] },
  { sub: 'sub-mori', username: 'mori', password: 'pw', name: 'Mori Aiko', email: 'mori@example.com', groups: ['staff', 'helpdesk'] },
  { sub: 'sub-sato', username: 'sato', password: 'pw', name: 'Sato Kenji', email: 'sato@example.com', groups: ['staff', 'helpdesk'] },
];

beforeAll(async () => {
  stack = await startPortalStack({ idpAccounts: ACCOUNTS });
  for (const userName of ['jiro', 'yuki', 'kenta']) await stack.admin.send(new CreateUserCommand({ UserName: userName, Path: '/staff/' }));
  await stack.admin.send(new CreateUserCommand({ UserName: 'contractor', Path: '/external/' }));
  // Everyone but kenta signs in for real, so Kagi records them; kenta never has.
  for (const account of ACCOUNTS) await signInForReal(stack.origin, account.username, 'pw');
  agentCookie = await stack.cookieFor('sato', { roles: ['user', 'helpdesk'] });
});
afterAll(async () => {
  await stack?.stop();
});

interface Hit {
  userName: string;
  path: string;
  refusal: string | null;
  name: string | null;
  email: string | null;
}

async function search(q: string): Promise<{ users: Hit[]; total: number }> {
  const res = await stack.call(null, `/api/helpdesk/users?q=${encodeURIComponent(q)}`, { headers: { cookie: agentCookie } });
  expect(res.status).toBe(200);
  return res.json();
}
const names = async (q: string) => (await search(q)).users.map((u) => u.userName);

describe('search by name and address', () => {
  it('finds a person by part of their real name or address, in any case, with both shown', async () => {
    for (const q of ['yamada', 'TARO Y', 'Taro@Example.COM', 'taro']) {
      const { users } = await search(q);
      expect(users, q).toEqual([{ userName: 'taro', path: '/staff/', refusal: null, name: 'Taro Yamada', email: 'taro@example.com' }]);
    }
    expect(await names('山田')).toEqual(['yuki']);
    expect(await names('example.jp')).toEqual(['yuki']);
  });

  it('a match by user name shows the recorded name too; someone who never signed in is found by user name only', async () => {
    expect((await search('hanako')).users).toEqual([{ userName: 'hanako', path: '/staff/', refusal: null, name: 'Hanako Suzuki', email: null }]);
    expect((await search('kenta')).users).toEqual([{ userName: 'kenta', path: '/staff/', refusal: null, name: null, email: null }]);
  });

  it('an address the identity provider did not verify finds no one', async () => {
    expect(await names('hanako@example.com')).toEqual([]);
    expect(await names('Suzuki')).toEqual(['hanako']);
  });

  it('LIKE wildcards in the query match only themselves', async () => {
    // Unescaped, "%" and "_" would match every record, and "y_m" would match "Yamada".
    expect(await names('%')).toEqual(['jiro']);
    expect(await names('100%')).toEqual(['jiro']);
    expect(await names('_')).toEqual(['jiro']);
    expect(await names('o_t')).toEqual(['jiro']);
    expect(await names('y_m')).toEqual([]);
    expect(await names('ya%da')).toEqual([]);
    expect(await names('\\')).toEqual([]);
    expect(await names("o'brien")).toEqual([]);
  });
});

describe('what a match by name may show', () => {
  it('a protected person, or the agent, found only through the record by address or real name looks exactly like no match', async () => {
    const none = await search('nobody-here@example.com');
    expect(none).toEqual({ users: [], total: 0 });
    for (const q of ['mori@example.com', 'Mori Aiko', 'aiko', 'MORI@EXAMPLE.COM', 'sato@example.com', 'Sato Kenji', 'Kenji']) {
      expect(await search(q), q).toEqual(none);
    }
    // Beside someone the agent may help, too: only that person is found, and counted.
    await stack.db
      .insertInto('people')
      .values({ subject: 'sub-kenta', iam_user_name: 'kenta', user_name: 'kenta', display_name: 'Kenta Aiko', email: 'kenta@example.com', locale: 'en', time_zone: 'UTC', first_seen_at: new Date().toISOString(), last_sign_in_at: new Date().toISOString(), updated_at: new Date().toISOString() })
      .execute();
    expect(await search('aiko')).toEqual({ users: [{ userName: 'kenta', path: '/staff/', refusal: null, name: 'Kenta Aiko', email: 'kenta@example.com' }], total: 1 });
    await stack.db.deleteFrom('people').where('subject', '=', 'sub-kenta').execute();
  });

  it('a match by user name keeps its refusal, and shows no name or address then', async () => {
    expect((await search('mori')).users).toEqual([{ userName: 'mori', path: '/staff/helpdesk/', refusal: 'protected', name: null, email: null }]);
    expect((await search('sato')).users).toEqual([{ userName: 'sato', path: '/staff/helpdesk/', refusal: 'self', name: null, email: null }]);
  });

  it('a record naming an IAM user outside Kagi’s path finds no one', async () => {
    // As if the user had been moved out of /staff/ after signing in.
    const at = new Date().toISOString();
    await stack.db
      .insertInto('people')
      .values({ subject: 'sub-carla', iam_user_name: 'contractor', user_name: 'carla', display_name: 'Carla Contractor', email: 'carla@example.com', locale: 'en', time_zone: 'UTC', first_seen_at: at, last_sign_in_at: at, updated_at: at })
      .execute();
    expect(await names('Carla')).toEqual([]);
    expect(await names('contractor')).toEqual([]);
  });

  it('only the help desk may search', async () => {
    const res = await stack.call('taro', '/api/helpdesk/users?q=yamada');
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('forbidden');
  });
});
