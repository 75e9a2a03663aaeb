import { describe, expect, it } from 'vitest';
import en from '@/lib/notifications/words/en.json';
import ja from '@/lib/notifications/words/ja.json';
import type { AuditAction } from '@/lib/audit/types';
import { CHANGE_NOTICE_KINDS, NOTICE_KIND_OF_ACTION, noticeKindOf, type ChangeFacts, type ChangeNoticeKind } from '@/lib/notifications/kinds';
import { renderChangeNotice, renderReminders } from '@/lib/notifications/templates';

const links = { portalUrl: 'https://kagi.example.com' };
const self: ChangeFacts = { at: '2026-12-01T08:30:00.000Z', byHelpdesk: false, actorName: 'Taro Yamada', ticket: null, verification: null, accessKeyId: 'AKIAEXAMPLE000000001' };
const agent: ChangeFacts = { ...self, byHelpdesk: true, actorName: 'Sato Kenji', ticket: 'INC-42', verification: 'code' };
const taroEn = { name: 'Taro Yamada', locale: 'en', timeZone: 'Europe/London' };
const taroJa = { name: '山田 太郎', locale: 'ja', timeZone: 'Asia/Tokyo' };

/** Every audit action there is, so that none is forgotten when one is added. */
const ALL_ACTIONS: Record<AuditAction, true> = {
  'access-key.create': true,
  'access-key.activate': true,
  'access-key.deactivate': true,
  'access-key.delete': true,
  'access-key.rename': true,
  'console-password.set': true,
  'console-password.enable': true,
  'console-password.disable': true,
  'mfa-device.create': true,
  'mfa-device.enable': true,
  'mfa-device.resync': true,
  'mfa-device.delete': true,
  'mfa-device.abandon': true,
  'helpdesk-code.issue': true,
  'helpdesk.verify': true,
  'helpdesk.case.end': true,
  'helpdesk.case.approve': true,
  'helpdesk.guided-session.start': true,
  'helpdesk.guided-session.cancel': true,
  'sessions.end-all': true,
  'sign-in-link.release': true,
};
/** The actions that change no credential and so send nothing (kinds.ts says why). */
const SILENT = [
  'helpdesk.case.end',
  'helpdesk.case.approve',
  'helpdesk.guided-session.cancel',
  'sessions.end-all',
  'sign-in-link.release',
  'mfa-device.create',
  'mfa-device.resync',
  'mfa-device.abandon',
];

describe('the kinds table', () => {
  it('maps every credential change, those of #12 and #13 included, and nothing else', () => {
    for (const action of Object.keys(ALL_ACTIONS)) {
      if (SILENT.includes(action)) expect(noticeKindOf(action), action).toBeNull();
      else expect(noticeKindOf(action), action).not.toBeNull();
    }
    expect(noticeKindOf('access-key.rename')).toBe('key-renamed');
    expect(noticeKindOf('mfa-device.enable')).toBe('mfa-added');
    expect(noticeKindOf('mfa-device.delete')).toBe('mfa-removed');
    expect(noticeKindOf('no-such.action')).toBeNull();
    expect(Object.keys(NOTICE_KIND_OF_ACTION).length).toBe(Object.keys(ALL_ACTIONS).length - SILENT.length);
  });

  it('has words for every kind (and its variants) in both languages, with the same placeholders', () => {
    const kinds = [...CHANGE_NOTICE_KINDS, 'password-set-helpdesk', 'case-opened-other'];
    expect(Object.keys(en.kinds).sort()).toEqual([...kinds].sort());
    expect(Object.keys(ja.kinds).sort()).toEqual([...kinds].sort());
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const flatten = (o: object, prefix = ''): Array<[string, string]> =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : flatten(v as object, `${prefix}${k}.`)));
    const jaFlat = new Map(flatten(ja));
    for (const [key, text] of flatten(en)) {
      expect(jaFlat.has(key), key).toBe(true);
      expect(placeholders(jaFlat.get(key)!), key).toEqual(placeholders(text));
    }
  });
});

describe('change notices', () => {
  it.each(CHANGE_NOTICE_KINDS)('%s renders in English and Japanese, plain text and HTML', (kind: ChangeNoticeKind) => {
    for (const recipient of [taroEn, taroJa]) {
      for (const facts of [self, agent]) {
        const message = renderChangeNotice(kind, facts, recipient, links);
        expect(message.subject.length).toBeGreaterThan(5);
        expect(message.text).toContain(recipient.name);
        expect(message.text).not.toMatch(/\{\w+\}/);
        expect(message.html).toMatch(new RegExp(`^<!doctype html><html lang="${recipient.locale}">`));
        expect(message.html).toContain('href="https://kagi.example.com/');
        if (facts.byHelpdesk) expect(message.text).toContain('Sato Kenji');
        if (facts.byHelpdesk) expect(message.text).toContain('INC-42');
      }
    }
  });

  it('names the AWS account with several accounts, in both languages (and not without them)', () => {
    const inSandbox = { ...self, account: { id: '210987654321', name: 'Sandbox' } };
    expect(renderChangeNotice('key-created', inSandbox, taroEn, links).text).toContain('AWS account: Sandbox (210987654321)');
    expect(renderChangeNotice('key-created', inSandbox, taroJa, links).text).toContain('AWS アカウント：Sandbox（210987654321）');
    expect(renderChangeNotice('key-created', self, taroEn, links).text).not.toContain('AWS account:');
  });

  it('says when in the person’s own time zone', () => {
    expect(renderChangeNotice('key-created', self, taroEn, links).text).toContain('When: 1 December 2026 at 08:30 GMT');
    expect(renderChangeNotice('key-created', self, { ...taroEn, timeZone: 'America/New_York' }, links).text).toContain('When: 1 December 2026 at 03:30 GMT-5');
    expect(renderChangeNotice('key-created', self, taroJa, links).text).toContain('日時：2026年12月1日 17:30 JST');
    // An unknown zone falls back to UTC rather than failing the message.
    expect(renderChangeNotice('key-created', self, { ...taroEn, timeZone: 'Mars/Olympus' }, links).text).toContain('08:30 UTC');
  });

  it('tells apart who did it: the person, the person during a guided reset, or an agent with the ticket', () => {
    expect(renderChangeNotice('key-deleted', self, taroEn, links).text).toContain('You did this yourself, signed in to Kagi.');
    expect(renderChangeNotice('key-deleted', { ...self, ticket: 'INC-9' }, taroEn, links).text).toContain('guided reset (ticket INC-9)');
    const byAgent = renderChangeNotice('key-deleted', agent, taroEn, links).text;
    expect(byAgent).toContain('Sato Kenji of the help desk did this, under ticket INC-42.');
    expect(byAgent).toContain('If you did not ask the help desk for this, contact the help desk at once and mention ticket INC-42.');
    expect(renderChangeNotice('key-deleted', agent, taroJa, links).text).toContain('ヘルプデスクの Sato Kenji がチケット INC-42 で行いました。');
  });

  it('words a temporary password and a case opened another way as such', () => {
    expect(renderChangeNotice('password-set', agent, taroEn, links).subject).toBe('The help desk set a temporary console password for you');
    expect(renderChangeNotice('password-set', self, taroEn, links).subject).toBe('Your AWS console password was changed');
    expect(renderChangeNotice('case-opened', { ...agent, verification: 'other' }, taroEn, links).text).toContain('in another way');
    expect(renderChangeNotice('case-opened', agent, taroEn, links).text).toContain('after you showed them your help-desk code');
  });

  it('the kinds the other issues bring: key renamed, MFA added and removed', () => {
    expect(renderChangeNotice('key-renamed', self, taroEn, links).subject).toBe('One of your access keys was renamed');
    expect(renderChangeNotice('mfa-added', self, taroEn, links).subject).toBe('An MFA device was added to your AWS account');
    expect(renderChangeNotice('mfa-removed', agent, taroJa, links).subject).toBe('AWS アカウントから MFA デバイスが削除されました');
  });

  it('names the key when it has a name, in both languages, and escapes the name in the HTML', () => {
    const named = { ...self, keyName: 'backup <laptop>' };
    const english = renderChangeNotice('key-deleted', named, taroEn, links);
    expect(english.text).toContain('Access key: AKIAEXAMPLE000000001 (“backup <laptop>”)');
    expect(english.html).toContain('(“backup &lt;laptop&gt;”)');
    expect(renderChangeNotice('key-deleted', named, taroJa, links).text).toContain('アクセスキー：AKIAEXAMPLE000000001（「backup <laptop>」）');
    // Without a name (or from a notice queued before names were kept): the ID alone.
    expect(renderChangeNotice('key-deleted', self, taroEn, links).text).toMatch(/Access key: AKIAEXAMPLE000000001\n/);
  });

  it('says so when AWS did not confirm the change, in both languages, and only then', () => {
    const unsure = { ...agent, unconfirmed: true as const };
    expect(renderChangeNotice('password-set', unsure, taroEn, links).text).toContain('AWS did not confirm this change, so it may or may not have been made.');
    expect(renderChangeNotice('password-set', unsure, taroJa, links).text).toContain('AWS がこの変更を確認できなかったため');
    expect(renderChangeNotice('password-set', agent, taroEn, links).text).not.toContain('did not confirm');
  });

  it('escapes what it did not write itself in the HTML', () => {
    const html = renderChangeNotice('key-created', { ...agent, actorName: '<script>alert(1)</script>', ticket: 'INC"1' }, { ...taroEn, name: 'A & B' }, links).html;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('INC&quot;1');
    expect(html).toContain('A &amp; B');
  });
});

describe('reminders', () => {
  const facts = {
    rotationDays: 90,
    keys: [
      { accessKeyId: 'AKIADUESOON000000001', threshold: 'due-soon' as const, createdAt: '2026-09-12T00:00:00.000Z', ageDays: 80, lastUsedAt: '2026-11-30T00:00:00.000Z' },
      { accessKeyId: 'AKIAOLD0000000000002', threshold: 'overdue' as const, createdAt: '2026-08-23T00:00:00.000Z', ageDays: 100, lastUsedAt: null },
      { accessKeyId: 'AKIAOLD0000000000002', threshold: 'unused' as const, createdAt: '2026-08-23T00:00:00.000Z', ageDays: 100, lastUsedAt: null },
    ],
  };
  it('lists each key with its deadline and a deep link to replacing it, and how to stop reminders', () => {
    const message = renderReminders(facts, taroEn, { ...links, unsubscribeUrl: 'https://kagi.example.com/unsubscribe?u=taro&t=x' });
    expect(message.subject).toBe('2 of your access keys need attention');
    expect(message.text).toContain('Access key AKIADUESOON000000001, created 12 September 2026, should be replaced by 11 December 2026.');
    expect(message.text).toContain('Replace this key: https://kagi.example.com/keys/rotate?key=AKIADUESOON000000001');
    expect(message.text).toContain('Access key AKIAOLD0000000000002 is 100 days old, more than the 90 days allowed.');
    expect(message.text).toContain('(last used: never)');
    expect(message.text).toContain('https://kagi.example.com/settings');
    expect(message.text).toContain('Or stop them without signing in: https://kagi.example.com/unsubscribe?u=taro&t=x');
    expect(message.html).toContain('<a href="https://kagi.example.com/keys/rotate?key=AKIAOLD0000000000002">');
  });
  it('in Japanese too', () => {
    const message = renderReminders({ ...facts, keys: facts.keys.slice(0, 1) }, taroJa, links);
    expect(message.subject).toBe('対応が必要なアクセスキーが 1 個あります');
    expect(message.text).toContain('アクセスキー AKIADUESOON000000001 は 2026年9月12日 に作成されました。2026年12月11日 までに交換してください。');
    expect(message.text).toContain('このキーを交換する：https://kagi.example.com/keys/rotate?key=AKIADUESOON000000001');
  });
  it('names each key that has a name, in both languages', () => {
    const named = { ...facts, keys: facts.keys.map((k, i) => (i === 0 ? { ...k, name: 'backup on my laptop' } : k)) };
    const english = renderReminders(named, taroEn, links).text;
    expect(english).toContain('Access key AKIADUESOON000000001 (“backup on my laptop”), created 12 September 2026, should be replaced by 11 December 2026.');
    expect(english).toContain('Access key AKIAOLD0000000000002 is 100 days old');
    expect(renderReminders(named, taroJa, links).text).toContain('アクセスキー AKIADUESOON000000001（「backup on my laptop」）は 2026年9月12日 に作成されました。');
  });
});
