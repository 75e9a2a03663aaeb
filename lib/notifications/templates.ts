import en from '@/lib/notifications/words/en.json';
import ja from '@/lib/notifications/words/ja.json';
import { isLocale, type Locale } from '@/lib/i18n/locales';
import { defang } from './defang';
import type { ChangeFacts, ChangeNoticeKind, ReminderFacts } from './kinds';

/**
 * The words of every message, in English and Japanese (lib/notifications/words/*.json; not
 * under messages/, whose JSON next-intl precompiles at build time into a form these templates
 * cannot fill), as plain text and as simple HTML built from the same lines. Pure: no database, no clock, no config, so
 * every kind is unit-tested in both languages. Only what the facts hold can appear, and the
 * facts never hold a secret, a password, a code or a session detail. Names other people chose
 * (the person's and the agent's names from the identity provider, a key's name, a ticket) are
 * passed as `{ untrusted }` and defanged (defang.ts), so no mail client turns one into a link.
 */

const WORDS: Record<Locale, typeof en> = { en, ja };

export interface Recipient {
  name: string;
  locale: string;
  timeZone: string;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

/** Kagi's pages a message may link to, all under NEXTAUTH_URL. */
export interface Links {
  portalUrl: string;
  /** Reminders only: the signed one-click opt-out (also in List-Unsubscribe). */
  unsubscribeUrl?: string;
}

/** A string Kagi wrote; a { url } Kagi made (a link in the HTML); { untrusted } text from people, never a link. */
type Value = string | number | { url: string } | { untrusted: string };
interface Line {
  text: string;
  html: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Fills {placeholders}; a { url } value becomes a link in the HTML; an { untrusted } one is defanged in both parts. */
function line(template: string, values: Record<string, Value> = {}): Line {
  let text = '';
  let html = '';
  for (const part of template.split(/(\{[a-zA-Z]+\})/)) {
    const name = /^\{([a-zA-Z]+)\}$/.exec(part)?.[1];
    const value = name === undefined ? part : values[name];
    if (value === undefined) throw new Error(`mail template: no value for ${part}`);
    if (typeof value === 'object' && 'untrusted' in value) {
      const safe = defang(value.untrusted);
      text += safe;
      html += escapeHtml(safe);
    } else if (typeof value === 'object') {
      text += value.url;
      html += `<a href="${escapeHtml(value.url)}">${escapeHtml(value.url)}</a>`;
    } else {
      text += String(value);
      html += escapeHtml(String(value));
    }
  }
  return { text, html };
}

function assemble(locale: Locale, subject: string, lines: Line[], footer: Line): RenderedMessage {
  const text = `${[...lines, footer].map((l) => l.text).join('\n\n')}\n`;
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:sans-serif;font-size:15px;line-height:1.6;color:#0f172a;max-width:40em">`,
    ...lines.map((l) => `<p>${l.html}</p>`),
    `<hr style="border:none;border-top:1px solid #cbd5e1"><p style="font-size:13px;color:#475569">${footer.html}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

function localeOf(recipient: Recipient): Locale {
  return isLocale(recipient.locale) ? recipient.locale : 'en';
}

/** A moment in the person's own time zone, named, e.g. "1 December 2026 at 17:05 JST". */
export function formatTime(iso: string, locale: Locale, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
  try {
    return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', { ...options, timeZone }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', { ...options, timeZone: 'UTC' }).format(new Date(iso));
  }
}

export function formatDate(iso: string, locale: Locale, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric' };
  try {
    return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', { ...options, timeZone }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', { ...options, timeZone: 'UTC' }).format(new Date(iso));
  }
}

function url(base: string, path: string): { url: string } {
  return { url: new URL(path, base).toString() };
}

/** One message about one change: what changed, when, who did it, what to do if it was not them. */
export function renderChangeNotice(kind: ChangeNoticeKind, facts: ChangeFacts, recipient: Recipient, links: Links): RenderedMessage {
  const locale = localeOf(recipient);
  const w = WORDS[locale];
  // A temporary password from the help desk, and a case opened another way, read differently.
  const variant =
    kind === 'password-set' && facts.byHelpdesk ? 'password-set-helpdesk' : kind === 'case-opened' && facts.verification === 'other' ? 'case-opened-other' : kind;
  const words = w.kinds[variant];
  const ticket = { untrusted: facts.ticket ?? '—' };
  const lines: Line[] = [line(w.greeting, { name: { untrusted: recipient.name } }), line(words.lead)];
  if (facts.unconfirmed) lines.push(line(w.unconfirmed));
  if (facts.account) lines.push(line(w.account, { account: { untrusted: facts.account.name }, id: facts.account.id }));
  if (facts.accessKeyId) lines.push(facts.keyName ? line(w.keyNamed, { key: facts.accessKeyId, name: { untrusted: facts.keyName } }) : line(w.key, { key: facts.accessKeyId }));
  lines.push(line(w.when, { time: formatTime(facts.at, locale, recipient.timeZone) }));
  if (facts.byHelpdesk) lines.push(line(w.byHelpdesk, { agent: { untrusted: facts.actorName }, ticket }));
  else if (kind !== 'guided-finished') lines.push(line(facts.ticket ? w.bySelfTicket : w.bySelf, { ticket }));
  if (facts.byHelpdesk || kind === 'guided-finished') lines.push(line(w.notYouHelpdesk, { ticket }));
  else lines.push(line(w.notYouSelf));
  lines.push(line(w.open, { url: url(links.portalUrl, kind.startsWith('key-') ? '/keys' : kind === 'guided-started' ? '/' : '/activity') }));
  return assemble(locale, words.subject, lines, line(w.footer));
}

/** The day's reminders for one person: each key that needs attention, with a link to act on it. */
export function renderReminders(facts: ReminderFacts, recipient: Recipient, links: Links): RenderedMessage {
  const locale = localeOf(recipient);
  const w = WORDS[locale];
  const r = w.reminders;
  const lines: Line[] = [line(w.greeting, { name: { untrusted: recipient.name } }), line(r.lead)];
  for (const key of facts.keys) {
    const deadline = new Date(new Date(key.createdAt).getTime() + facts.rotationDays * 86_400_000).toISOString();
    const values = {
      // keyPlain/keyNamed carry the spacing before what follows (in Japanese: a space after an ID, none after "）").
      key: key.name ? line(r.keyNamed, { key: key.accessKeyId, name: { untrusted: key.name } }).text : line(r.keyPlain, { key: key.accessKeyId }).text,
      created: formatDate(key.createdAt, locale, recipient.timeZone),
      deadline: formatDate(deadline, locale, recipient.timeZone),
      age: key.ageDays,
      rotationDays: facts.rotationDays,
      lastUsed: key.lastUsedAt ? formatDate(key.lastUsedAt, locale, recipient.timeZone) : r.never,
    };
    lines.push(line(r[key.threshold], values));
    // With several accounts: which one, and the link opens the key's own account.
    if (key.account) lines.push(line(w.account, { account: { untrusted: key.account.name }, id: key.account.id }));
    const inAccount = key.account ? `account=${key.account.id}` : '';
    lines.push(
      key.threshold === 'unused'
        ? line(r.review, { url: url(links.portalUrl, inAccount ? `/keys?${inAccount}` : '/keys') })
        : line(r.replace, { url: url(links.portalUrl, `/keys/rotate?key=${encodeURIComponent(key.accessKeyId)}${inAccount ? `&${inAccount}` : ''}`) }),
    );
  }
  if (facts.keys.some((k) => k.threshold !== 'unused')) lines.push(line(r.why));
  const keyCount = new Set(facts.keys.map((k) => k.accessKeyId)).size;
  const subject = keyCount === 1 ? r.subjectOne : line(r.subjectMany, { count: keyCount }).text;
  const stop = line(r.stop, { url: url(links.portalUrl, '/settings') });
  const oneClick = links.unsubscribeUrl ? line(r.oneClick, { url: { url: links.unsubscribeUrl } }) : undefined;
  return assemble(locale, subject, lines, oneClick ? { text: `${stop.text}\n${oneClick.text}`, html: `${stop.html}<br>${oneClick.html}` } : stop);
}
