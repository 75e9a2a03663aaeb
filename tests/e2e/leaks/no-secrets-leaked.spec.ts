import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';

/**
 * Runs after every other e2e test (a dependent project): every secret access key and every
 * password that passed through the local IAM endpoint during the run (its test-only journal)
 * must appear nowhere in the portal's own output, in its database, or in the e-mails it sent
 * (the local mail stand-in's store).
 */
const dir = path.join(process.cwd(), '.data', 'e2e-stack');

test('no secret access key or password reached the portal’s logs, database or e-mails', () => {
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
  // The run created keys and set passwords, so there is something to look for.
  expect(secrets.filter((s) => /^[A-Za-z0-9+/]{40}$/.test(s)).length).toBeGreaterThan(3);
  expect(secrets.length).toBeGreaterThan(5);

  const haystacks = ['portal.log', 'kagi.db', 'kagi.db-wal', 'mail.json']
    .map((name) => path.join(dir, name))
    .filter((file) => fs.existsSync(file))
    // The mails as their words, not as JSON (which would escape a password's quote or backslash).
    .map((file) => ({
      file,
      bytes: file.endsWith('mail.json') ? Buffer.from((JSON.parse(fs.readFileSync(file, 'utf8')) as Array<Record<string, unknown>>).map((m) => JSON.stringify(m) + Object.values(m).join('\n')).join('\n')) : fs.readFileSync(file),
    }));
  expect(haystacks.map((h) => path.basename(h.file))).toEqual(expect.arrayContaining(['portal.log', 'kagi.db', 'mail.json']));
  // The run sent mail (key creations, help-desk actions), so the store has something to search.
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'mail.json'), 'utf8')).length).toBeGreaterThan(3);

  const leaks = haystacks.flatMap(({ file, bytes }) =>
    secrets.filter((secret) => bytes.includes(Buffer.from(secret))).map((secret) => `${path.basename(file)}: ${secret.slice(0, 4)}…`),
  );
  expect(leaks).toEqual([]);
});
