import { describe, expect, it } from 'vitest';
import { defang } from '@/lib/notifications/defang';
import type { ChangeFacts } from '@/lib/notifications/kinds';
import { renderChangeNotice, renderReminders } from '@/lib/notifications/templates';

const links = { portalUrl: 'https://kagi.example.com' };
const agent: ChangeFacts = { at: '2026-12-01T08:30:00.000Z', byHelpdesk: true, actorName: 'Sato Kenji', ticket: 'INC-42', verification: 'code', accessKeyId: 'AKIAEXAMPLE000000001' };
const taro = { name: 'Taro Yamada', locale: 'en', timeZone: 'Europe/London' };

/**
 * What a mail client's linkifier would make a link of, roughly as Gmail, Outlook and
 * Apple Mail do: a URL with a scheme, a mail address, a www. or bare domain name, a mailto:/tel:.
 */
const LINKABLE = [
  /\b[a-z][a-z0-9+.-]*:\/\//i,
  /[^\s@]@[^\s@]+\.[a-z]{2,}/i,
  /\b(?:mailto|tel|sms|callto|javascript):/i,
  /\b[a-z0-9-]+(?:[.\uff0e\uff61\u3002][a-z0-9-]+)*[.\uff0e\uff61\u3002](?:com|net|org|io|jp|example|evil|z|local|co)\b/i,
  /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/,
];
const linkable = (text: string) => LINKABLE.some((pattern) => pattern.test(text));

const HOSTILE = ['sato.example.com', 'http://evil', 'x@y.z', 'https://evil.example/login?next=/keys', 'mailto:helpdesk@evil.example', 'www.evil.com', 'tel:+81312345678', 'evil．com', '10.0.0.1', 'javascript:alert(1)'];

describe('defanging names in e-mails', () => {
  it.each(HOSTILE)('%j is no longer linkable', (name) => {
    expect(linkable(name)).toBe(true);
    expect(linkable(defang(name))).toBe(false);
  });
  it('breaks the link in a way a reader still reads', () => {
    expect(defang('sato.example.com')).toBe('sato[.]example[.]com');
    expect(defang('http://evil')).toBe('http[:]//evil');
    expect(defang('x@y.z')).toBe('x[@]y[.]z');
    expect(defang('mailto:a@b.jp')).toBe('mailto[:]a[@]b[.]jp');
  });
  it.each(['Taro Yamada', 'Sato K.', '山田 太郎', 'INC-42', 'JIRA:ABC-1', 'backup on my laptop', 'sales/2026: q1 = +10', 'O’Brien, Mary'])('leaves %j as it is', (name) => {
    expect(defang(name)).toBe(name);
  });
});

describe('notices never carry a linkable name', () => {
  it.each(HOSTILE)('an agent named %j, in the text part and the HTML part', (actorName) => {
    for (const locale of ['en', 'ja']) {
      const message = renderChangeNotice('password-set', { ...agent, actorName }, { ...taro, locale }, links);
      const agentLine = message.text.split('\n').find((l) => l.includes(defang(actorName)));
      expect(agentLine, message.text).toBeDefined();
      expect(linkable(agentLine!)).toBe(false);
      expect(message.text).not.toContain(actorName);
      // The HTML links only Kagi's own pages.
      expect([...message.html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1])).toEqual(['https://kagi.example.com/activity']);
      expect(message.html).not.toContain(actorName.replace(/&/g, '&amp;'));
      expect(linkable(message.html.replace(/<a href="[^"]*">[^<]*<\/a>/g, ''))).toBe(false);
    }
  });

  it('defangs the person’s own name, a key’s name and the ticket too, in notices and reminders', () => {
    const message = renderChangeNotice('key-deleted', { ...agent, keyName: 'deploy.evil.com', ticket: 'https://evil.example/INC-1' }, { ...taro, name: 'taro@evil.example' }, links);
    expect(message.text).toContain('Hello taro[@]evil[.]example,');
    expect(message.text).toContain('(“deploy[.]evil[.]com”)');
    expect(message.text).toContain('under ticket https[:]//evil[.]example/INC-1.');
    expect(linkable(message.text.replace(/https:\/\/kagi\.example\.com\/\S*/g, ''))).toBe(false);
    expect(linkable(message.html.replace(/<a href="[^"]*">[^<]*<\/a>/g, ''))).toBe(false);

    const reminder = renderReminders(
      { rotationDays: 90, keys: [{ accessKeyId: 'AKIADUESOON000000001', name: 'ci.evil.com', threshold: 'due-soon', createdAt: '2026-09-12T00:00:00.000Z', ageDays: 80, lastUsedAt: null }] },
      { ...taro, name: 'http://evil' },
      links,
    );
    expect(reminder.text).toContain('Hello http[:]//evil,');
    expect(reminder.text).toContain('(“ci[.]evil[.]com”)');
    expect(linkable(reminder.text.replace(/https:\/\/kagi\.example\.com\/\S*/g, ''))).toBe(false);
    expect(linkable(reminder.html.replace(/<a href="[^"]*">[^<]*<\/a>/g, ''))).toBe(false);
  });

  it('still escapes in the HTML what it defangs', () => {
    const html = renderChangeNotice('key-created', { ...agent, actorName: '<a href="http://evil.com">x</a>' }, taro, links).html;
    expect(html).not.toContain('<a href="http://evil');
    expect(html).toContain('&lt;a href=&quot;http[:]//evil[.]com&quot;&gt;x&lt;/a&gt;');
  });
});
