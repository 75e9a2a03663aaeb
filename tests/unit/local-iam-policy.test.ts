import { describe, expect, it } from 'vitest';
import { conditionHolds, conditionKeyHolds, evaluate } from '@/local/iam/policy.mjs';

/**
 * The local IAM endpoint's policy evaluation: IAM's condition operators on single- and
 * multi-valued keys, and policy variables. The rules follow the IAM User Guide ("Condition
 * operators", "Single-valued vs. multivalued context keys", "Policy variables").
 */

const ctx = {
  'aws:username': 'alice',
  'aws:principaltag/kagi-subject': 'alice',
  'aws:sourceidentity': 'alice',
  'aws:tagkeys': ['kagi-subject', 'kagi-purpose'],
  'aws:epochtime': '1700000000',
  'aws:currenttime': '2026-12-01T12:00:00Z',
  'aws:principalarn': 'arn:aws:iam::123456789012:role/apps/kagi',
  'aws:securetransport': 'false',
  'sts:durationseconds': '900',
};

describe('string operators', () => {
  it('match any of several values; a negated operator matches none of them', () => {
    expect(conditionKeyHolds('StringEquals', 'aws:username', ['bob', 'alice'], ctx)).toBe(true);
    expect(conditionKeyHolds('StringEquals', 'aws:username', 'Alice', ctx)).toBe(false);
    expect(conditionKeyHolds('StringEqualsIgnoreCase', 'aws:username', 'ALICE', ctx)).toBe(true);
    expect(conditionKeyHolds('StringNotEquals', 'aws:username', ['bob', 'carol'], ctx)).toBe(true);
    expect(conditionKeyHolds('StringNotEquals', 'aws:username', ['bob', 'alice'], ctx)).toBe(false);
    expect(conditionKeyHolds('StringLike', 'aws:username', 'al*', ctx)).toBe(true);
    expect(conditionKeyHolds('StringLike', 'aws:username', 'a?ice', ctx)).toBe(true);
    expect(conditionKeyHolds('StringNotLike', 'aws:username', 'b*', ctx)).toBe(true);
  });

  it('take policy variables in their values, with a default; an unknown variable matches nothing', () => {
    expect(conditionKeyHolds('StringEquals', 'aws:username', '${aws:PrincipalTag/kagi-subject}', ctx)).toBe(true);
    expect(conditionKeyHolds('StringEquals', 'aws:sourceidentity', '${aws:username}', ctx)).toBe(true);
    expect(conditionKeyHolds('StringEquals', 'aws:username', '${aws:PrincipalTag/nope}', ctx)).toBe(false);
    expect(conditionKeyHolds('StringEquals', 'aws:username', "${aws:PrincipalTag/nope, 'alice'}", ctx)).toBe(true);
    expect(conditionKeyHolds('StringLike', 'aws:username', '${aws:SourceIdentity}*', ctx)).toBe(true);
    // ${*} is a literal asterisk, not a wildcard.
    expect(conditionKeyHolds('StringLike', 'aws:username', 'ali${*}', ctx)).toBe(false);
  });

  it('an absent key: false, but true for negated operators and …IfExists', () => {
    expect(conditionKeyHolds('StringEquals', 'aws:principaltag/team', 'x', ctx)).toBe(false);
    expect(conditionKeyHolds('StringNotEquals', 'aws:principaltag/team', 'x', ctx)).toBe(true);
    expect(conditionKeyHolds('StringEqualsIfExists', 'aws:principaltag/team', 'x', ctx)).toBe(true);
    expect(conditionKeyHolds('StringEqualsIfExists', 'aws:username', 'bob', ctx)).toBe(false);
  });

  it('condition keys are case-insensitive', () => {
    expect(conditionKeyHolds('StringEquals', 'AWS:PrincipalTag/Kagi-Subject', 'alice', ctx)).toBe(true);
  });
});

describe('multi-valued keys (aws:TagKeys)', () => {
  it('ForAllValues: every request value is among the policy values; none at all holds', () => {
    expect(conditionKeyHolds('ForAllValues:StringEquals', 'aws:tagkeys', ['kagi-subject', 'kagi-purpose', 'kagi-ticket'], ctx)).toBe(true);
    expect(conditionKeyHolds('ForAllValues:StringEquals', 'aws:tagkeys', ['kagi-subject'], ctx)).toBe(false);
    expect(conditionKeyHolds('ForAllValues:StringEquals', 'aws:tagkeys', ['x'], { 'aws:tagkeys': [] })).toBe(true);
    expect(conditionKeyHolds('ForAllValues:StringEquals', 'aws:tagkeys', ['x'], {})).toBe(true);
    expect(conditionKeyHolds('ForAllValues:StringLike', 'aws:tagkeys', ['kagi-*'], ctx)).toBe(true);
  });

  it('ForAnyValue: at least one request value matches; none at all does not', () => {
    expect(conditionKeyHolds('ForAnyValue:StringEquals', 'aws:tagkeys', ['kagi-purpose'], ctx)).toBe(true);
    expect(conditionKeyHolds('ForAnyValue:StringEquals', 'aws:tagkeys', ['team'], ctx)).toBe(false);
    expect(conditionKeyHolds('ForAnyValue:StringEquals', 'aws:tagkeys', ['team'], {})).toBe(false);
    expect(conditionKeyHolds('ForAnyValue:StringNotEquals', 'aws:tagkeys', ['kagi-subject'], ctx)).toBe(true);
    expect(conditionKeyHolds('ForAllValues:StringNotEquals', 'aws:tagkeys', ['team'], ctx)).toBe(true);
    expect(conditionKeyHolds('ForAllValues:StringNotEquals', 'aws:tagkeys', ['kagi-subject'], ctx)).toBe(false);
  });
});

describe('other operators', () => {
  it('Numeric, Date, Bool, Arn and Null', () => {
    expect(conditionKeyHolds('NumericLessThanEquals', 'sts:durationseconds', '900', ctx)).toBe(true);
    expect(conditionKeyHolds('NumericGreaterThan', 'sts:durationseconds', '900', ctx)).toBe(false);
    expect(conditionKeyHolds('NumericNotEquals', 'sts:durationseconds', '3600', ctx)).toBe(true);
    expect(conditionKeyHolds('NumericEquals', 'aws:username', '1', ctx)).toBe(false);
    expect(conditionKeyHolds('DateGreaterThan', 'aws:currenttime', '2026-01-01T00:00:00Z', ctx)).toBe(true);
    expect(conditionKeyHolds('DateLessThan', 'aws:epochtime', '2023-11-14T22:13:21Z', ctx)).toBe(true);
    expect(conditionKeyHolds('Bool', 'aws:securetransport', 'false', ctx)).toBe(true);
    expect(conditionKeyHolds('ArnLike', 'aws:principalarn', 'arn:aws:iam::*:role/apps/*', ctx)).toBe(true);
    expect(conditionKeyHolds('ArnLike', 'aws:principalarn', 'arn:aws:iam::*:user/*', ctx)).toBe(false);
    expect(conditionKeyHolds('ArnNotEquals', 'aws:principalarn', 'arn:aws:iam::123456789012:role/other', ctx)).toBe(true);
    expect(conditionKeyHolds('Null', 'aws:sourceidentity', 'false', ctx)).toBe(true);
    expect(conditionKeyHolds('Null', 'aws:principaltag/team', 'true', ctx)).toBe(true);
    expect(conditionKeyHolds('Null', 'aws:sourceidentity', 'true', ctx)).toBe(false);
  });

  it('an operator the endpoint does not know is unknown, and a block with it fails closed', () => {
    expect(conditionKeyHolds('IpAddress', 'aws:sourceip', '10.0.0.0/8', ctx)).toBe('unknown');
    expect(conditionKeyHolds('BoolNot', 'aws:securetransport', 'true', ctx)).toBe('unknown');
    expect(conditionHolds({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, ctx)).toBe('unknown');
    // … unless another part of the condition is false anyway.
    expect(conditionHolds({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, StringEquals: { 'aws:username': 'bob' } }, ctx)).toBe(false);
  });

  it('all blocks and all keys must hold', () => {
    expect(conditionHolds({ StringEquals: { 'aws:username': 'alice', 'aws:sourceidentity': 'alice' }, Null: { 'aws:sourceidentity': 'false' } }, ctx)).toBe(true);
    expect(conditionHolds({ StringEquals: { 'aws:username': 'alice', 'aws:sourceidentity': 'bob' } }, ctx)).toBe(false);
  });
});

describe('evaluate', () => {
  const doc = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement });
  const request = (resource: string) => ({ action: 'iam:ListAccessKeys', resource, context: ctx });

  it('substitutes variables in Resource; an explicit Deny wins; an unknown condition on a Deny applies', () => {
    const confined = doc({ Effect: 'Allow', Action: 'iam:ListAccessKeys', Resource: 'arn:aws:iam::*:user/staff/${aws:PrincipalTag/kagi-subject}' });
    expect(evaluate([confined], request('arn:aws:iam::1:user/staff/alice'))).toBe('allow');
    expect(evaluate([confined], request('arn:aws:iam::1:user/staff/alicex'))).toBe('none');
    expect(evaluate([confined], request('arn:aws:iam::1:user/staff/bob'))).toBe('none');
    const denyAll = doc({ Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '1.2.3.4/32' } } });
    expect(evaluate([confined, denyAll], request('arn:aws:iam::1:user/staff/alice'))).toBe('deny');
  });

  it('2008-10-17 documents have no variables: ${…} in a Resource is literal', () => {
    const old = JSON.stringify({ Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:iam::*:user/${aws:username}' }] });
    expect(evaluate([old], request('arn:aws:iam::1:user/alice'))).toBe('none');
  });

  it('trust policies: a named principal is enough, the account alone is “allow-by-account”', () => {
    const caller = { arns: ['arn:aws:iam::123456789012:user/service/kagi-portal'], accountId: '123456789012' };
    const trust = (principal: unknown) => doc({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' });
    const req = { action: 'sts:AssumeRole', resource: 'arn:aws:iam::123456789012:role/r', context: ctx };
    expect(evaluate([trust(caller.arns[0])], req, caller)).toBe('allow');
    expect(evaluate([trust('arn:aws:iam::123456789012:root')], req, caller)).toBe('allow-by-account');
    expect(evaluate([trust('123456789012')], req, caller)).toBe('allow-by-account');
    expect(evaluate([trust('arn:aws:iam::123456789012:user/other')], req, caller)).toBe('none');
    expect(evaluate([trust('arn:aws:iam::999999999999:root')], req, caller)).toBe('none');
  });
});
