import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * What can be checked mechanically about the two message files (issue #13, item 9): the same
 * keys, none twice; the same placeholders and tags in both languages; and in Japanese,
 * full-width punctuation (：（）？！) and one word for rotation (交換).
 */
const FILES = { en: 'messages/en.json', ja: 'messages/ja.json' } as const;
const text = (locale: keyof typeof FILES) => fs.readFileSync(FILES[locale], 'utf8');
/** The e-mails' words (lib/notifications/templates.ts), under the same rules. */
const MAIL_FILES = { en: 'lib/notifications/words/en.json', ja: 'lib/notifications/words/ja.json' } as const;
const mailText = (locale: keyof typeof MAIL_FILES) => fs.readFileSync(MAIL_FILES[locale], 'utf8');

type Messages = { [key: string]: string | Messages };

function leaves(messages: Messages, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') found.set(path, value);
    else for (const [k, v] of leaves(value, path)) found.set(k, v);
  }
  return found;
}

/** Keys that appear twice in one object (JSON.parse would keep the last without a word). */
function duplicateKeys(json: string): string[] {
  const duplicates: string[] = [];
  const stack: Set<string>[] = [];
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '{') stack.push(new Set());
    else if (c === '}') stack.pop();
    else if (c === '"') {
      let end = i + 1;
      while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      const literal = json.slice(i, end + 1);
      const isKey = /^\s*:/.test(json.slice(end + 1));
      if (isKey) {
        const key = JSON.parse(literal) as string;
        const keys = stack.at(-1)!;
        if (keys.has(key)) duplicates.push(key);
        keys.add(key);
      }
      i = end;
    }
  }
  return duplicates;
}

/** ICU argument names (simple, plural and select) and rich-text tags a message uses. */
function placeholders(message: string): string[] {
  const found = new Set<string>();
  for (const tag of message.matchAll(/<\/?(\w+)>/g)) found.add(`<${tag[1]}>`);
  let i = 0;
  // A message up to the `}` that closes it (or the end): its text, and {arguments} within.
  const parseMessage = (): void => {
    while (i < message.length && message[i] !== '}') {
      if (message[i] === '{') parseArgument();
      else i++;
    }
  };
  const parseArgument = (): void => {
    i++; // {
    const name = /^\s*(\w+)\s*/.exec(message.slice(i))!;
    found.add(`{${name[1]}}`);
    i += name[0].length;
    if (message[i] === ',') {
      // {name, plural|select, selector {message} selector {message} …}
      const type = /^,\s*\w+\s*,/.exec(message.slice(i))!;
      i += type[0].length;
      while (i < message.length && message[i] !== '}') {
        if (message[i] === '{') {
          i++;
          parseMessage();
          i++; // } of the branch
        } else i++;
      }
    }
    i++; // } of the argument
  };
  parseMessage();
  return [...found].sort();
}

const en = leaves(JSON.parse(text('en')) as Messages);
const ja = leaves(JSON.parse(text('ja')) as Messages);
const mailEn = leaves(JSON.parse(mailText('en')) as Messages);
const mailJa = leaves(JSON.parse(mailText('ja')) as Messages);

/** Japanese prose with a half-width ：（）？！ outside placeholders and ICU syntax. */
function halfWidthIn(messages: Map<string, string>, exempt: Set<string> = new Set()): string[] {
  return [...messages]
    .filter(([key]) => !exempt.has(key))
    .filter(([, value]) => /[:()?!]/.test(value.replace(/\{\s*\w+\s*,\s*(plural|select)\s*,/g, '').replace(/\{\w+\}/g, '')))
    .map(([key, value]) => `${key}: ${value}`);
}

/** Messages that list literal characters (which must stay what people type). */
const LITERAL_CHARACTERS = new Set(['password.symbolsNote', 'helpdesk.verify.ticketError', 'keys.name.characters']);

describe('the message files', () => {
  it('have the same keys in English and Japanese, none of them twice', () => {
    expect([...ja.keys()].filter((k) => !en.has(k))).toEqual([]);
    expect([...en.keys()].filter((k) => !ja.has(k))).toEqual([]);
    expect(duplicateKeys(text('en'))).toEqual([]);
    expect(duplicateKeys(text('ja'))).toEqual([]);
  });

  it('use the same placeholders and tags in both languages', () => {
    const differ = [...en].filter(([key, value]) => placeholders(value).join() !== placeholders(ja.get(key) ?? '').join()).map(([key]) => key);
    expect(differ).toEqual([]);
  });

  it('use full-width ：（）？！ in Japanese, outside placeholders and literal characters', () => {
    const halfWidth = [...ja]
      .filter(([key]) => !LITERAL_CHARACTERS.has(key))
      // Placeholders and ICU syntax ({count, plural, …}) are not prose.
      .filter(([, value]) => /[:()?!]/.test(value.replace(/\{\s*\w+\s*,\s*(plural|select)\s*,/g, '').replace(/\{\w+\}/g, '')))
      .map(([key, value]) => `${key}: ${value}`);
    expect(halfWidth).toEqual([]);
  });

  it('call rotation 交換 in Japanese, never ローテーション', () => {
    expect([...ja].filter(([, value]) => value.includes('ローテーション')).map(([key]) => key)).toEqual([]);
  });

  it('hold the e-mails’ words to the same rules', () => {
    expect([...mailJa.keys()].filter((k) => !mailEn.has(k))).toEqual([]);
    expect([...mailEn.keys()].filter((k) => !mailJa.has(k))).toEqual([]);
    expect(duplicateKeys(mailText('en'))).toEqual([]);
    expect(duplicateKeys(mailText('ja'))).toEqual([]);
    expect([...mailEn].filter(([key, value]) => placeholders(value).join() !== placeholders(mailJa.get(key) ?? '').join()).map(([key]) => key)).toEqual([]);
    expect(halfWidthIn(mailJa)).toEqual([]);
    expect([...mailJa].filter(([, value]) => value.includes('ローテーション')).map(([key]) => key)).toEqual([]);
  });

  it('catches what it is meant to catch', () => {
    expect(duplicateKeys('{"a": {"b": "1", "b": "2"}, "c": {"b": "3"}}')).toEqual(['b']);
    expect(placeholders('{count, plural, one {# key} other {# keys}} for <who>{name}</who>')).toEqual(['<who>', '{count}', '{name}']);
    expect(placeholders('{status, select, Active {active} other {{fallback} unknown}}, {created}')).toEqual(['{created}', '{fallback}', '{status}']);
  });
});
