import { CreateAccessKeyCommand, CreateUserCommand, DeleteAccessKeyCommand, ListAccessKeysCommand, TagUserCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@/tests/support/instances';
import { mailTo, oneMessageAfter } from '@/tests/support/mailbox';
import { signInForReal } from '@/tests/support/oidc-sign-in';
import { startPortalStack, testStore, type PortalStack } from '@/tests/support/portal-stack';

/**
 * Reminders about keys that need attention, through real IAM listings (the local endpoint,
 * with keys back-dated), real SMTP and the stand-in: once per key and threshold, one message
 * a day at most, a deep link to replacing each key, List-Unsubscribe, the person's opt-out.
 * On PostgreSQL two portal instances run the schedule at once, and the cron job beside them.
 */
let stack: PortalStack;
const TARO = 'taro@example.com';
const HANAKO = 'hanako@example.com';
const REMINDER_SUBJECT = /need attention|needs attention/;

async function clearKeys(userName: string) {
  const { AccessKeyMetadata = [] } = await stack.admin.send(new ListAccessKeysCommand({ UserName: userName }));
  for (const key of AccessKeyMetadata) await stack.admin.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: key.AccessKeyId! }));
}

/** A key made by the admin, made to look `days` old (the local endpoint's test control). */
async function oldKey(userName: string, days: number): Promise<string> {
  const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: userName }));
  const res = await fetch(`${stack.iam.url.replace(/\/$/, '')}/_local/backdate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-local-iam-admin-secret': stack.iam.adminSecretAccessKey },
    body: JSON.stringify({ accessKeyId: AccessKey!.AccessKeyId, days }),
  });
  expect(res.status).toBe(200);
  return AccessKey!.AccessKeyId!;
}

/** Makes the in-portal schedule's pass due now, on whichever instance ticks first. */
async function makePassDue() {
  await stack.db.updateTable('scheduled_runs').set({ last_finished_at: null }).where('name', '=', 'reminders').execute();
}

async function passFinished(after: string) {
  await waitFor(
    async () => ((await stack.db.selectFrom('scheduled_runs').select('last_finished_at').where('name', '=', 'reminders').executeTakeFirst())?.last_finished_at ?? '') > after,
    20_000,
    'a reminder pass to finish',
  );
}

/** As if the day were over: today's message no longer stands in the way of tomorrow's. */
async function nextDay(userName: string) {
  await stack.db.updateTable('notification_outbox').set({ dedupe_key: `reminders:${userName}:2000-01-01:${Date.now()}` }).where('dedupe_key', 'like', `reminders:${userName}:%`).where('dedupe_key', 'not like', '%2000-01-01%').execute();
}

/** The task's one summary line (its stdout also has the portal's JSON log lines, in any order). */
function summaryOf(stdout: string): Record<string, unknown> {
  const line = stdout.split('\n').find((l) => l.includes('"task":"reminders"'));
  expect(line, stdout.slice(-500)).toBeDefined();
  return JSON.parse(line!) as Record<string, unknown>;
}

beforeAll(async () => {
  stack = await startPortalStack({ mail: true, heartbeatSeconds: 1, instances: testStore() === 'postgres' ? 2 : 1, portalEnv: { IAM_EMAIL_TAG: 'email' } });
  await signInForReal(stack.origin, 'taro', 'demo');
  await signInForReal(stack.origin, 'hanako', 'demo');
  await clearKeys('taro');
  await clearKeys('hanako');
});
afterAll(async () => {
  await stack?.stop();
});

describe('reminders', () => {
  let due = '';
  let overdue = '';

  it('keys due soon, overdue or unused for 90 days get one message with a link to replace each', async () => {
    due = await oldKey('taro', 80);
    overdue = await oldKey('taro', 100);
    // Named as the console names keys: a user tag whose key is the access key ID.
    await stack.admin.send(new TagUserCommand({ UserName: 'taro', Tags: [{ Key: overdue, Value: 'backup on my laptop' }] }));
    // "One a day" is taro's own day: at UTC+14 it is already tomorrow for most of the UTC day.
    // (taro stays there for the rest of this file: a day is one day whatever the zone.)
    const kiritimatiDay = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati' }).format(new Date());
    await stack.db.updateTable('people').set({ time_zone: 'Pacific/Kiritimati' }).where('iam_user_name', '=', 'taro').execute();
    const dayBefore = kiritimatiDay();
    const since = new Date().toISOString();
    const message = await oneMessageAfter(stack, TARO, makePassDue, 4_000);
    await passFinished(since);
    const [row] = await stack.db.selectFrom('notification_outbox').select('dedupe_key').where('subject', '=', 'taro').where('kind', '=', 'reminders').execute();
    expect([`reminders:taro:${dayBefore}`, `reminders:taro:${kiritimatiDay()}`]).toContain(row?.dedupe_key);
    expect(message.subject).toBe('2 of your access keys need attention');
    expect(message.text).toContain(`Access key ${due}, created `);
    expect(message.text).toContain(`Replace this key: ${stack.origin}/keys/rotate?key=${overdue}`);
    expect(message.text).toContain(`Replace this key: ${stack.origin}/keys/rotate?key=${due}`);
    expect(message.text).toContain(`Access key ${overdue} (“backup on my laptop”) is 100 days old, more than the 90 days allowed.`);
    expect(message.text).toContain(`Access key ${overdue} (“backup on my laptop”) is turned on but has not been used for 90 days or more (last used: never).`);
    expect(message.html).toContain(`<a href="${stack.origin}/keys/rotate?key=${due}">`);
    expect(message.headers['list-unsubscribe']).toMatch(new RegExp(`^<${stack.origin}/api/notifications/unsubscribe\\?u=taro&t=[A-Za-z0-9_-]{43}>$`));
    expect(message.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const marks = await stack.db.selectFrom('reminder_marks').select(['access_key_id', 'threshold']).where('subject', '=', 'taro').execute();
    expect(marks.map((m) => `${m.access_key_id}/${m.threshold}`).sort()).toEqual([`${due}/due-soon`, `${overdue}/overdue`, `${overdue}/unused`].sort());
  });

  it('each key is reminded once per threshold: later passes, in the portal and by cron, send nothing more', async () => {
    const before = mailTo(stack, TARO).length;
    const since = new Date().toISOString();
    await makePassDue();
    await passFinished(since);
    const cron = await stack.runReminders();
    expect(cron.code, cron.stderr).toBe(0);
    expect(summaryOf(cron.stdout)).toMatchObject({ task: 'reminders', reminders: 0 });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(mailTo(stack, TARO).length).toBe(before);
  });

  it('a person gets at most one reminder message a day; the rest comes the next day', async () => {
    await clearKeys('taro');
    const later = await oldKey('taro', 100);
    const before = mailTo(stack, TARO).length;
    const today = await stack.runReminders();
    expect(today.code, today.stderr).toBe(0);
    expect(summaryOf(today.stdout)).toMatchObject({ reminders: 0 });
    expect(mailTo(stack, TARO).length).toBe(before);

    await nextDay('taro');
    const message = await oneMessageAfter(stack, TARO, async () => {
      const tomorrow = await stack.runReminders();
      expect(tomorrow.code, tomorrow.stderr).toBe(0);
      expect(summaryOf(tomorrow.stdout)).toMatchObject({ reminders: 2 });
    });
    expect(message.subject).toBe('One of your access keys needs attention');
    expect(message.text).toContain(later);
    expect(message.text).not.toContain(due);
    expect(message.text).not.toContain(overdue);
  });

  it('several instances and the cron job at once write each reminder once', async () => {
    await clearKeys('taro');
    await nextDay('taro');
    const fresh = await oldKey('taro', 120);
    const before = mailTo(stack, TARO).length;
    const [a, b] = await Promise.all([stack.runReminders(), stack.runReminders(), makePassDue()]);
    // A second pass while one is under way is refused (exit 2) or finds the reminders written.
    for (const run of [a!, b!]) expect([0, 2], run.stderr).toContain(run.code);
    await waitFor(async () => mailTo(stack, TARO).length > before, 15_000, 'the reminder');
    await makePassDue();
    await new Promise((r) => setTimeout(r, 4_000));
    const fresh_messages = mailTo(stack, TARO).slice(before);
    expect(fresh_messages.length).toBe(1);
    expect(fresh_messages[0]!.text).toContain(fresh);
    expect(await stack.db.selectFrom('reminder_marks').select('threshold').where('access_key_id', '=', fresh).execute()).toHaveLength(2);
  });

  it('a person who turned reminders off gets none', async () => {
    expect((await stack.call('hanako', '/api/me/notification-settings', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reminders: false }) })).status).toBe(200);
    await oldKey('hanako', 100);
    const run = await stack.runReminders();
    expect(run.code, run.stderr).toBe(0);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(mailTo(stack, HANAKO).filter((m) => REMINDER_SUBJECT.test(m.subject))).toEqual([]);
  });

  it('List-Unsubscribe’s one-click POST turns reminders off without a session; the mail’s link asks first', async () => {
    const message = mailTo(stack, TARO).filter((m) => REMINDER_SUBJECT.test(m.subject)).at(-1)!;
    const oneClick = message.headers['list-unsubscribe']!.slice(1, -1);
    const res = await fetch(oneClick, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://mail.example' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(await (await stack.call('taro', '/api/me/notification-settings')).json()).toMatchObject({ reminders: false });

    const pageUrl = /Or stop them without signing in: (\S+)/.exec(message.text)?.[1];
    expect(pageUrl).toContain('/unsubscribe?u=taro&t=');
    const page = await fetch(pageUrl!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Stop reminders');
    const forged = await fetch(pageUrl!.replace(/t=[^&]+/, `t=${'B'.repeat(43)}`));
    expect(await forged.text()).toContain('This link is not valid');
  });

  it('someone who never signed in is reminded at the address their IAM user’s tag holds (IAM_EMAIL_TAG), in English; without one, nothing is sent', async () => {
    const tagged = `never-${Date.now().toString(36)}`;
    const untagged = `${tagged}-x`;
    for (const userName of [tagged, untagged]) await stack.admin.send(new CreateUserCommand({ UserName: userName, Path: '/staff/' }));
    // Set by the organisation's administrators; the key is matched as IAM matches tag keys, whatever its case.
    await stack.admin.send(new TagUserCommand({ UserName: tagged, Tags: [{ Key: 'Email', Value: 'never.signed.in@example.com' }] }));
    const key = await oldKey(tagged, 100);
    await oldKey(untagged, 100);
    const since = new Date().toISOString();
    const message = await oneMessageAfter(stack, 'never.signed.in@example.com', makePassDue, 4_000);
    await passFinished(since);
    expect(message.subject).toBe('One of your access keys needs attention');
    expect(message.text).toContain(`Hello ${tagged},`);
    expect(message.text).toContain(`Access key ${key} is 100 days old`);
    const outbox = () => stack.db.selectFrom('notification_outbox').select(['subject', 'status', 'recipient']).where('subject', 'in', [tagged, untagged]).orderBy('subject').execute();
    await waitFor(async () => (await outbox()).every((r) => r.status !== 'pending' && r.status !== 'sending'), 10_000, 'both reminders settled');
    expect(await outbox()).toEqual([
      { subject: tagged, status: 'sent', recipient: 'never.signed.in@example.com' },
      { subject: untagged, status: 'no-address', recipient: null },
    ]);
  });
});
