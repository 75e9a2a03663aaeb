// @ts-check
// Query-protocol XML: success envelopes, error envelopes and small builders.
// Hand-written serializers (one per action) keep the member order of the
// model, which is what AWS emits and what the SDK parsers expect.

export const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
export const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** @param {string} s */
export function escapeXml(s) {
  // \r must survive XML parsing (parsers normalise a literal CR to LF).
  return String(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#xD;');
}

/**
 * One element; `undefined`/`null` content omits it (absent optional member).
 * Strings are escaped; use `raw()` for already-built children.
 * @param {string} name
 * @param {string | number | boolean | Raw | undefined | null} content
 */
export function el(name, content) {
  if (content === undefined || content === null) return '';
  const inner = content instanceof Raw ? content.xml : escapeXml(String(content));
  return inner === '' ? `<${name}/>` : `<${name}>${inner}</${name}>`;
}

export class Raw {
  /** @param {string} xml */
  constructor(xml) {
    this.xml = xml;
  }
}

/** @param {string[]} parts */
export function raw(...parts) {
  return new Raw(parts.join(''));
}

/**
 * `<Name><member>…</member>…</Name>`; always emitted (required lists → `<Name/>`).
 * @template T
 * @param {string} name
 * @param {T[]} items
 * @param {(item: T) => string} render
 */
export function list(name, items, render) {
  return el(name, raw(...items.map((i) => `<member>${render(i)}</member>`)));
}

/**
 * @param {string} action
 * @param {string} ns
 * @param {string | null} resultXml children of <ActionResult>, or null for actions without output
 * @param {string} requestId
 */
export function successXml(action, ns, resultXml, requestId) {
  const result = resultXml === null ? '' : `<${action}Result>${resultXml}</${action}Result>`;
  return `<${action}Response xmlns="${ns}">${result}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>\n`;
}

/**
 * @param {string} ns
 * @param {'Sender' | 'Receiver'} type
 * @param {string} code
 * @param {string} message
 * @param {string} requestId
 */
export function errorXml(ns, type, code, message, requestId) {
  return `<ErrorResponse xmlns="${ns}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>\n`;
}

/**
 * ISO 8601 UTC. Create* answers carry milliseconds like AWS's examples; Get/List don't.
 * @param {string} iso stored timestamp
 * @param {boolean} [withMillis]
 */
export function isoTime(iso, withMillis = false) {
  const s = new Date(iso).toISOString();
  return withMillis ? s : s.replace(/\.\d{3}Z$/, 'Z');
}
