import { describe, expect, it } from 'vitest';
import { accessKeyDescriptionSchema } from '@/lib/credentials/access-key-schema';
import { accessKeyDescriptionProblem } from '@/lib/credentials/key-name';
import { mfaLabelSchema } from '@/lib/credentials/mfa-schema';
import { MFA_LABEL_MAX, mfaLabelProblem } from '@/lib/credentials/mfa-shapes';
import { hasHiddenCharacters, HIDDEN_CHARACTERS_MESSAGE } from '@/lib/hidden-characters';
import { isTicketReference, otherMethodProblem, ticketProblem } from '@/lib/helpdesk/rules';
import { openCaseBodySchema, ticketSchema } from '@/lib/helpdesk/schemas';

const hex = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

// The bidi controls and zero-width characters the security review named, and the other
// format characters that show as nothing.
const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];
const OTHER_FORMAT = ['\u00ad', '\u180e', '\u2061', '\u2064', '\u206a', '\ufff9', '\u{e0001}', '\u{e0041}', '\u3164', '\u115f'];
const HIDDEN = [...BIDI, ...ZERO_WIDTH, ...OTHER_FORMAT];

describe('hidden characters', () => {
  it.each(HIDDEN.map((c) => [hex(c), c]))('%s is hidden', (_, c) => {
    expect(hasHiddenCharacters(`a${c}b`)).toBe(true);
  });
  it.each(['backup on my laptop', 'ノートパソコンのバックアップ', 'Taro’s iPhone 📱', 'Ünïcödé café', 'עברית', 'العربية', 'हिन्दी', 'no-break\u00a0space', 'ideographic\u3000space', 'line\nbreak'])(
    'leaves %j alone',
    (text) => {
      expect(hasHiddenCharacters(text)).toBe(false);
    },
  );
  it('is stateless (no global flag): the same answer every time', () => {
    for (let i = 0; i < 3; i++) expect(hasHiddenCharacters('x\u202ey')).toBe(true);
  });
});

/** Where each hidden character sits in the samples: inside, at the start, at the end. */
function samples(base: string): string[] {
  return HIDDEN.flatMap((c) => [`${base.slice(0, 3)}${c}${base.slice(3)}`, `${c}${base}`, `${base}${c}`]);
}

const firstMessage = (parsed: { success: boolean; error?: { issues: { message: string }[] } }) => (parsed.success ? null : parsed.error!.issues[0]?.message);

describe('key names refuse hidden characters, page and server alike', () => {
  it('says why', () => {
    expect(accessKeyDescriptionProblem('backup\u202etxt.exe')).toBe('hidden-characters');
    expect(firstMessage(accessKeyDescriptionSchema.safeParse('backup\u200b laptop'))).toBe(HIDDEN_CHARACTERS_MESSAGE);
  });
  it.each([...samples('backup on my laptop'), 'backup on my laptop', `${'a'.repeat(257)}\u200b`, 'a,b\u200b'])('%j', (name) => {
    expect(accessKeyDescriptionProblem(name)).toBe(firstMessage(accessKeyDescriptionSchema.safeParse(name)));
  });
});

describe('MFA device labels refuse hidden characters, page and server alike', () => {
  it('says why', () => {
    expect(mfaLabelProblem('Work\u202e iPhone')).toBe('hidden-characters');
    expect(firstMessage(mfaLabelSchema.safeParse('Work\u2066iPhone'))).toBe(HIDDEN_CHARACTERS_MESSAGE);
  });
  it.each([...samples('Work iPhone'), 'Work iPhone', 'Taro’s iPhone 📱', '', '   ', 'a'.repeat(MFA_LABEL_MAX), 'a'.repeat(MFA_LABEL_MAX + 1), 'tab\there', 'nel\u0085here', `x\u200b${'a'.repeat(MFA_LABEL_MAX)}`])(
    '%j',
    (label) => {
      expect(mfaLabelProblem(label)).toBe(firstMessage(mfaLabelSchema.safeParse(label)));
    },
  );
});

describe('help-desk tickets and "another way" descriptions refuse hidden characters, form and server alike', () => {
  it('say why', () => {
    expect(ticketProblem('INC-\u200b12345')).toBe('hidden-characters');
    expect(isTicketReference('INC-\u200b12345')).toBe(false);
    expect(otherMethodProblem('Called back on the \u202edesk phone')).toBe('hidden-characters');
    const parsed = openCaseBodySchema.safeParse({ ticket: 'INC-1', otherMethod: 'Called back on the desk\u2067 phone' });
    expect(parsed.success).toBe(false);
  });
  it.each([...samples('INC-12345'), 'INC-12345', 'x', 'a'.repeat(65), 'INC 1', 'INC-12345;'])('ticket %j', (ticket) => {
    expect(ticketProblem(ticket)).toBe(firstMessage(ticketSchema.safeParse(ticket)));
  });
  const otherSchema = (otherMethod: string) => openCaseBodySchema.options[1].shape.otherMethod.safeParse(otherMethod);
  it.each([...samples('Called back on the desk phone'), 'Called back on the desk phone', 'short', 'a'.repeat(501), 'Video call; checked ID\nand photo', 'ビデオ通話で社員証を確認した。'])(
    'another way %j',
    (text) => {
      expect(otherMethodProblem(text)).toBe(firstMessage(otherSchema(text)));
    },
  );
});
