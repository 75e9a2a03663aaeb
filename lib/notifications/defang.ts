/**
 * Names that other people chose (a display name or real name from the identity provider's
 * claims, a key's name, a ticket reference an agent typed) must not become links in a mail
 * client: Gmail, Outlook and Apple Mail turn `sato.example.com`, `http://evil`, `x@y.z` and
 * `mailto:x` into links in plain text, and in HTML too, so a name such as "IT-support.example
 * .com" would become a link in a message that carries Kagi's authority.
 *
 * The method is "defanging", as security advisories write indicators: the character that makes
 * the link is put in square brackets, `sato[.]example[.]com`, `x[@]y[.]z`, `http[:]//evil`.
 * It is chosen over an invisible break (a zero-width space or word joiner) because it is
 * visible, so the reader sees the text is not a link and what it says; because it survives
 * copying and every client's linkifier alike (a bracket is never part of a host name), where
 * invisible characters are dropped by some clients and copied along silently by others; and
 * because Kagi refuses invisible characters in names for the same reasons
 * (lib/hidden-characters.ts). Only a dot between two letters or digits, an `@` between two
 * non-spaces, and a `:` that starts `//` or follows a link scheme are touched, so ordinary
 * names ("Sato K.", "山田 太郎", "INC-42") read exactly as written.
 *
 * Used for the text part and, escaped, the HTML part (which never puts such a value in a link).
 */
const DOT = /(?<=[\p{L}\p{N}])[.\uff0e\uff61\u3002](?=[\p{L}\p{N}])/gu;
const AT = /(?<=\S)[@\uff20](?=\S)/gu;
const SCHEME_COLON = /(?<=\b(?:[a-z][a-z0-9+.-]*)):(?=\/\/)|(?<=\b(?:mailto|tel|sms|sips?|callto|facetime|news|data|javascript|vbscript|file|ftp|https?|ms-[a-z-]+)):/giu;

export function defang(text: string): string {
  return text.replace(DOT, (dot) => `[${dot}]`).replace(AT, (at) => `[${at}]`).replace(SCHEME_COLON, '[:]');
}
