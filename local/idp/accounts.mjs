// @ts-check
// Demo accounts for the local identity provider. Not secrets: the sign-in page lists them.

/**
 * @typedef {object} DemoAccount
 * @property {string} sub                stable subject identifier (the ID token's `sub`)
 * @property {string} username           what the person types; issued as `preferred_username`
 * @property {string} password
 * @property {string} name
 * @property {string} email
 * @property {boolean} [emailVerified]  issued as `email_verified`; default true (tests set false)
 * @property {string[]} groups
 * @property {string} [note]             shown on the sign-in page next to the account
 */

export const DEMO_PASSWORD = 'demo';

/** @type {readonly DemoAccount[]} */
export const DEMO_ACCOUNTS = Object.freeze([
  {
    sub: 'taro',
    username: 'taro',
    password: DEMO_PASSWORD,
    name: 'Taro Yamada',
    email: 'taro@example.com',
    groups: ['staff'],
  },
  {
    sub: 'hanako',
    username: 'hanako',
    password: DEMO_PASSWORD,
    name: 'Hanako Suzuki',
    email: 'hanako@example.com',
    groups: ['staff'],
  },
  {
    sub: 'sato',
    username: 'sato',
    password: DEMO_PASSWORD,
    name: 'Sato Kenji',
    email: 'sato@example.com',
    groups: ['staff', 'helpdesk'],
    note: 'help desk',
  },
  {
    // A second member of the help desk: approves cases verified "another way" (four eyes).
    sub: 'mori',
    username: 'mori',
    password: DEMO_PASSWORD,
    name: 'Mori Aiko',
    email: 'mori@example.com',
    groups: ['staff', 'helpdesk'],
    note: 'help desk',
  },
  {
    // Signs in fine, but its preferred_username names no IAM user: exercises the portal's
    // "no IAM user for you" path.
    sub: 'nobody',
    username: 'nobody',
    password: DEMO_PASSWORD,
    name: 'Nobu Tanaka',
    email: 'nobody@example.com',
    groups: ['staff'],
    note: 'no IAM user',
  },
]);
