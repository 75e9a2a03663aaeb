/**
 * Characters that are not shown, or that change how the text around them is shown, refused in
 * what people and agents type for others to read: key names, MFA device labels, help-desk
 * tickets and "another way" descriptions. With them a name can look like another one (a
 * right-to-left override turns `txt.exe` into `exe.txt` on screen), or two names that look the
 * same can differ (a zero-width space), in Kagi's pages, the audit log, the CSV and e-mails.
 *
 * Refused: every Unicode format character (general category Cf), which covers the bidi
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the direction marks
 * (U+200E, U+200F, U+061C), the zero-width space, non-joiner and joiner (U+200B–U+200D), the
 * word joiner and invisible operators (U+2060–U+2064), the byte-order mark (U+FEFF), the soft
 * hyphen, the Mongolian vowel separator, the interlinear annotation marks and the tag
 * characters (U+E0000 block, used to smuggle invisible ASCII); and the Hangul fillers (U+115F,
 * U+1160, U+3164, U+FFA0), letters that show as nothing. The cost: a name that really needs a
 * zero-width joiner (an emoji family sequence, some Persian or Indic spellings) must be
 * written without it; no short label needs that.
 *
 * Plain code, no zod: the pages check with it and the servers' zod schemas refine with it, so
 * both apply the same rule (tests/unit/hidden-characters.test.ts).
 */
export const HIDDEN_CHARACTER = /[\p{Cf}\u115f\u1160\u3164\uffa0]/u;

export function hasHiddenCharacters(text: string): boolean {
  return HIDDEN_CHARACTER.test(text);
}

/** The message a zod schema gives for such text; the pages show their own words for it. */
export const HIDDEN_CHARACTERS_MESSAGE = 'hidden-characters';
