import { describe, expect, it } from 'vitest';
import { isSameOrigin } from '@/lib/http/same-origin';

const expected = 'https://kagi.example.com';

function headers(values: Record<string, string>): Headers {
  return new Headers(values);
}

describe('isSameOrigin', () => {
  it.each<[string, Record<string, string>, boolean]>([
    ['matching Origin', { origin: expected }, true],
    ['matching Origin, Sec-Fetch-Site cross-site ignored', { origin: expected, 'sec-fetch-site': 'cross-site' }, true],
    ['different origin', { origin: 'https://evil.example' }, false],
    ['different origin even with same-origin fetch site', { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' }, false],
    ['other scheme', { origin: 'http://kagi.example.com' }, false],
    ['other port', { origin: 'https://kagi.example.com:8443' }, false],
    ['trailing slash is not the origin', { origin: `${expected}/` }, false],
    ['sub-domain', { origin: 'https://a.kagi.example.com' }, false],
    ['"null" origin', { origin: 'null' }, false],
    ['"null" origin with same-origin fetch site', { origin: 'null', 'sec-fetch-site': 'same-origin' }, false],
    ['no Origin, Sec-Fetch-Site same-origin', { 'sec-fetch-site': 'same-origin' }, true],
    ['no Origin, Sec-Fetch-Site same-site', { 'sec-fetch-site': 'same-site' }, false],
    ['no Origin, Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }, false],
    ['no Origin, Sec-Fetch-Site none', { 'sec-fetch-site': 'none' }, false],
    ['no Origin, no Sec-Fetch-Site', {}, false],
    ['no Origin, only Referer from the same origin', { referer: `${expected}/keys` }, false],
  ])('%s', (_label, values, result) => {
    expect(isSameOrigin(headers(values), expected)).toBe(result);
  });
});
