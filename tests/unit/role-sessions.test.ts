import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));

import { AppError } from '@/lib/app-error';
import { sessionRequestFor, sourceIdentityOf } from '@/lib/iam/role-sessions';

/** What Kagi asks STS for: within STS's rules, and readable in CloudTrail. */
describe('role session requests', () => {
  const STS_NAME = /^[\w+=,.@-]{2,64}$/;
  const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

  it('SourceIdentity is the IAM user name; a one-character name is padded to STS’s minimum of two', () => {
    expect(sourceIdentityOf('taro')).toBe('taro');
    expect(sourceIdentityOf('jiro.tanaka@example.com')).toBe('jiro.tanaka@example.com');
    expect(sourceIdentityOf('a')).toBe('a=');
    expect(sourceIdentityOf('x'.repeat(64))).toBe('x'.repeat(64));
  });

  it('a person’s session: self-<name>, tagged with the purpose and the subject', () => {
    expect(sessionRequestFor({ purpose: 'self-service', person: 'taro' })).toEqual({
      RoleSessionName: 'self-taro',
      SourceIdentity: 'taro',
      Tags: [
        { Key: 'kagi-purpose', Value: 'self-service' },
        { Key: 'kagi-subject', Value: 'taro' },
      ],
    });
  });

  it('a help-desk session names the agent, and the person and ticket once known; a ticket’s # is not a tag character', () => {
    expect(sessionRequestFor({ purpose: 'helpdesk', agent: 'sato', subject: null, ticket: null }).Tags).toEqual([{ Key: 'kagi-purpose', Value: 'helpdesk' }]);
    const req = sessionRequestFor({ purpose: 'helpdesk', agent: 'sato', subject: 'hanako', ticket: 'INC#42/a' });
    expect(req).toEqual({
      RoleSessionName: 'helpdesk-sato',
      SourceIdentity: 'sato',
      Tags: [
        { Key: 'kagi-purpose', Value: 'helpdesk' },
        { Key: 'kagi-subject', Value: 'hanako' },
        { Key: 'kagi-ticket', Value: 'INC_42/a' },
      ],
    });
  });

  it('a user name a tag value cannot hold exactly (a comma) is refused, not approximated: a_b could be someone else', () => {
    for (const who of [{ purpose: 'self-service' as const, person: 'a,b' }, { purpose: 'helpdesk' as const, agent: 'sato', subject: 'a,b', ticket: 'INC-1' }]) {
      expect(() => sessionRequestFor(who)).toThrow(AppError);
      try {
        sessionRequestFor(who);
      } catch (error) {
        expect((error as AppError).code).toBe('role-denied');
      }
    }
    // As an agent or a source identity a comma is fine: STS allows it there.
    expect(sessionRequestFor({ purpose: 'helpdesk', agent: 'sato,k', subject: null, ticket: null }).SourceIdentity).toBe('sato,k');
  });

  it('every request fits STS’s patterns, even for the longest names', () => {
    const long = `${'x'.repeat(60)}.@+=`;
    for (const who of [
      { purpose: 'self-service' as const, person: long },
      { purpose: 'helpdesk' as const, agent: long, subject: long, ticket: `${'T'.repeat(60)}#:/-` },
      { purpose: 'system' as const, task: 'recovery' as const },
    ]) {
      const req = sessionRequestFor(who);
      expect(req.RoleSessionName).toMatch(STS_NAME);
      expect(req.SourceIdentity).toMatch(STS_NAME);
      for (const tag of req.Tags) expect(tag.Value).toMatch(TAG_VALUE);
    }
  });
});
