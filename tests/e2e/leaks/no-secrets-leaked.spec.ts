import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';

/**
 * Runs after every other e2e test (a dependent project): every secret access key, password,
 * MFA seed and MFA code that passed through the local IAM endpoint during the run (its
 * test-only journal) must appear nowhere in the portal's own output, in its database, or in the e-mails it sent
 * (the local mail stand-in's store). The
 * local IAM endpoint's state file must hold the seeds and secret keys (it is IAM: it needs
 * them to check codes and signatures) but never a code or a password in clear.
 */
const dir = path.join(process.cwd(), '.data', 'e2e-stack');

/** A six-digit code as a value of its own, not inside a longer number, an ID or a duration like 12.345678. */
const standalone = (code: string) => new RegExp(`(?<![0-9A-Za-z.])${code}(?![0-9A-Za-z.])`);

test('no secret key, password, MFA seed or MFA code reached the portal’s logs, database or e-mails', () => {
  const journal = path.join(dir, 'secrets.journal');
  test.skip(!fs.existsSync(journal), 'the e2e stack was not started by this run (reused server)');
  const secrets = [
    ...new Set(
      fs
        .readFileSync(journal, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as string),
    ),
  ];
  const codes = secrets.filter((s) => /^\d{6}$/.test(s));
  const seeds = secrets.filter((s) => /^[A-Z2-7]{64}$/.test(s));
  const others = secrets.filter((s) => !codes.includes(s));
  // The run created keys, set passwords and added authenticator apps, so there is something to look for.
  expect(secrets.filter((s) => /^[A-Za-z0-9+/]{40}$/.test(s)).length).toBeGreaterThan(3);
  expect(seeds.length).toBeGreaterThan(3);
  expect(codes.length).toBeGreaterThan(5);
  expect(secrets.length).toBeGreaterThan(5);

  const read = (name: string) => {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) return null;
    // The mails as their words, not as JSON (which would escape a password's quote or backslash).
    if (name === 'mail.json') {
      const mails = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<Record<string, unknown>>;
      return { name, bytes: Buffer.from(mails.map((m) => JSON.stringify(m) + Object.values(m).join('\n')).join('\n')) };
    }
    return { name, bytes: fs.readFileSync(file) };
  };
  const portalFiles = ['portal.log', 'kagi.db', 'kagi.db-wal', 'mail.json'].map(read).filter((h) => h !== null);
  expect(portalFiles.map((h) => h.name)).toEqual(expect.arrayContaining(['portal.log', 'kagi.db', 'mail.json']));
  // The run sent mail (key creations, help-desk actions), so the store has something to search.
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'mail.json'), 'utf8')).length).toBeGreaterThan(3);

  const leaks = portalFiles.flatMap(({ name, bytes }) => {
    const text = bytes.toString('latin1');
    return [
      ...others.filter((secret) => bytes.includes(Buffer.from(secret))).map((secret) => `${name}: ${secret.slice(0, 4)}…`),
      ...codes.filter((code) => standalone(code).test(text)).map((code) => `${name}: code ${code.slice(0, 2)}…`),
    ];
  });
  expect(leaks).toEqual([]);

  // The endpoint's own state: seeds yes (checked above to exist in the run), codes never.
  const state = read('iam-state.json');
  expect(state, 'the e2e stack keeps its IAM state in iam-state.json').not.toBeNull();
  const stateText = state!.bytes.toString('utf8');
  const passwords = others.filter((s) => !seeds.includes(s) && !/^[A-Za-z0-9+/]{40}$/.test(s));
  const stateLeaks = [
    ...codes.filter((code) => standalone(code).test(stateText)).map((code) => `code ${code.slice(0, 2)}…`),
    ...passwords.filter((p) => stateText.includes(p)).map((p) => `password ${p.slice(0, 2)}…`),
  ];
  expect(stateLeaks).toEqual([]);
});
