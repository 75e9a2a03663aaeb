import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROLE_NAME,
  EXAMPLE_PRINCIPAL,
  ROLE_POLICY_FILE,
  TEMPLATE_FILE,
  TRUST_POLICY_FILE,
  accountRoleTemplate,
  accountRoleTemplateText,
} from '@/scripts/account-role-template.mjs';
import { checkTemplate, defaultParameters, evaluate, type Template } from '@/tests/support/cloudformation';

/**
 * deploy/kagi-account-role.template.json, Kagi's role in each account (rolled out with
 * StackSets): generated from the two documents tests/integration/portal/least-privilege-role
 * proves, so that what is deployed is what is proven, and checked against the CloudFormation
 * resource specification (@aws-cdk/aws-service-spec).
 */
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const template = readJson(TEMPLATE_FILE) as Template;
const rolePolicy = readJson(ROLE_POLICY_FILE);
const trustPolicy = readJson(TRUST_POLICY_FILE);

type Role = {
  Type: string;
  Properties: {
    RoleName: unknown;
    MaxSessionDuration: unknown;
    AssumeRolePolicyDocument: { Statement: Array<{ Sid: string; Action: string; Principal: unknown; Condition?: Record<string, Record<string, unknown>> }> };
    Policies: Array<{ PolicyName: unknown; PolicyDocument: unknown }>;
  };
};
const roleOf = (t: Template) => (t.Resources as Record<string, Role>).KagiAccountRole!;
/** A stack made with the defaults, Kagi's principal being the one the trust policy's tests use. */
const defaults = defaultParameters(template, { KagiPrincipalArn: EXAMPLE_PRINCIPAL });

describe('deploy/kagi-account-role.template.json', () => {
  it('is what `npm run deploy:template` makes of the proven documents (one source: regenerate it, never edit it)', () => {
    expect(fs.readFileSync(TEMPLATE_FILE, 'utf8')).toBe(accountRoleTemplateText());
  });

  it('holds, with the default parameters, the very documents the role-policy tests prove', () => {
    const role = roleOf(template).Properties;
    expect(evaluate(role.AssumeRolePolicyDocument, defaults)).toEqual(trustPolicy);
    expect(role.Policies).toHaveLength(1);
    expect(evaluate(role.Policies[0]!.PolicyDocument, defaults)).toEqual(rolePolicy);
    expect(evaluate(role.RoleName, defaults)).toBe(DEFAULT_ROLE_NAME);
    expect(evaluate(role.MaxSessionDuration, defaults)).toBe(3600);
  });

  it('moves only the user path, the protected path and the partition with their parameters', () => {
    const values = { ...defaults, IamUserPathPrefix: '/people/', HelpdeskProtectedPathPrefix: '/people/desk/' };
    const evaluated = JSON.stringify(evaluate(roleOf(template).Properties.Policies[0]!.PolicyDocument, values, { 'AWS::Partition': 'aws-cn' }));
    // What deploy/README.md's sed does to the file by hand, done to the proven document.
    const bySed = JSON.stringify(rolePolicy)
      .replaceAll('/staff/helpdesk/', '/people/desk/')
      .replaceAll('/staff/', '/people/')
      .replaceAll('arn:aws:', 'arn:aws-cn:');
    expect(evaluated).toBe(bySed);
    expect(evaluated).not.toContain('staff');
  });

  it('trusts Kagi’s principal only, and only with a SourceIdentity and Kagi’s session tags', () => {
    const { Statement } = roleOf(template).Properties.AssumeRolePolicyDocument;
    for (const s of Statement) expect(s.Principal, s.Sid).toEqual({ AWS: { Ref: 'KagiPrincipalArn' } });
    const byAction = Object.fromEntries(Statement.map((s) => [s.Action, s.Condition]));
    expect(Object.keys(byAction).sort()).toEqual(['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession']);
    expect(byAction['sts:AssumeRole']).toMatchObject({ Null: { 'sts:SourceIdentity': 'false', 'aws:RequestTag/kagi-purpose': 'false' } });
    expect(byAction['sts:SetSourceIdentity']).toMatchObject({ Null: { 'sts:SourceIdentity': 'false' } });
    expect(byAction['sts:TagSession']).toMatchObject({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['kagi-purpose', 'kagi-subject', 'kagi-ticket'] } });
  });

  it('keeps the policies within IAM’s size limits (10,240 characters for a role’s inline policies, 2,048 for its trust policy)', () => {
    // IAM counts without whitespace; a long principal ARN (a role under a deep path) still fits.
    const longPrincipal = `arn:aws:iam::123456789012:role/${'p/'.repeat(200)}kagi-portal`;
    const role = roleOf(template).Properties;
    const trust = JSON.stringify(evaluate(role.AssumeRolePolicyDocument, { ...defaults, KagiPrincipalArn: longPrincipal }));
    expect(trust.length).toBeLessThanOrEqual(2048);
    const policy = JSON.stringify(evaluate(role.Policies[0]!.PolicyDocument, { ...defaults, IamUserPathPrefix: `/${'a'.repeat(60)}/`, HelpdeskProtectedPathPrefix: `/${'a'.repeat(60)}/helpdesk/` }));
    expect(policy.length).toBeLessThanOrEqual(10_240);
  });

  it('passes the CloudFormation resource specification: types, properties, required ones, value types, references', () => {
    expect(checkTemplate(template)).toEqual([]);
  });

  // The check catches what it is for: each broken copy (in memory) is named by its problem.
  type Copy = {
    Resources: Record<string, Role & Record<string, unknown>>;
    Parameters: Record<string, Record<string, unknown>>;
    Outputs: Record<string, Record<string, unknown>>;
  };
  const broken: Array<[string, (t: Copy) => void, RegExp]> = [
    ['a misspelt property', (t) => Object.assign(t.Resources.KagiAccountRole!.Properties, { RoleNme: { Ref: 'RoleName' } }), /AWS::IAM::Role has no property RoleNme/],
    ['a misspelt property of a policy', (t) => Object.assign(t.Resources.KagiAccountRole!.Properties.Policies[0]!, { PolicyDocumnt: {} }), /Policy has no property PolicyDocumnt/],
    ['a missing required property', (t) => delete (t.Resources.KagiAccountRole!.Properties as Partial<Role['Properties']>).AssumeRolePolicyDocument, /AWS::IAM::Role requires AssumeRolePolicyDocument/],
    ['a missing PolicyName', (t) => delete (t.Resources.KagiAccountRole!.Properties.Policies[0] as Partial<Role['Properties']['Policies'][0]>).PolicyName, /Policy requires PolicyName/],
    ['a misspelt resource type', (t) => (t.Resources.KagiAccountRole!.Type = 'AWS::IAM::Rol'), /AWS::IAM::Rol is not a resource type/],
    ['an object where a list is wanted', (t) => (t.Resources.KagiAccountRole!.Properties.Policies = t.Resources.KagiAccountRole!.Properties.Policies[0] as never), /Policies: an object where the specification wants a list/],
    ['text where an integer is wanted', (t) => (t.Resources.KagiAccountRole!.Properties.MaxSessionDuration = 'an hour'), /MaxSessionDuration: a string where the specification wants an integer/],
    ['a Ref to no parameter', (t) => (t.Resources.KagiAccountRole!.Properties.RoleName = { Ref: 'RoleNam' }), /Ref to RoleNam, which is neither/],
    ['an attribute the type lacks', (t) => (t.Outputs.RoleArn!.Value = { 'Fn::GetAtt': ['KagiAccountRole', 'RoleArn'] }), /AWS::IAM::Role has no attribute RoleArn/],
    [
      'an IAM policy variable left for Fn::Sub to read',
      (t) => (t.Resources.KagiAccountRole!.Properties.Policies[0]!.PolicyDocument = { Statement: [{ Resource: { 'Fn::Sub': 'arn:aws:iam::*:user/staff/${aws:PrincipalTag/kagi-subject}' } }] }),
      /names \$\{aws:PrincipalTag\/kagi-subject\}, which is neither/,
    ],
    ['an invalid parameter type', (t) => (t.Parameters.RoleName!.Type = 'Strin'), /Parameters.RoleName: invalid Type Strin/],
    ['a default its own pattern refuses', (t) => (t.Parameters.IamUserPathPrefix!.Default = '/'), /IamUserPathPrefix: Default \/ does not match AllowedPattern/],
    ['an unknown key on a resource', (t) => (t.Resources.KagiAccountRole!.DeletionPolicyy = 'Retain'), /unknown key DeletionPolicyy/],
  ];
  it.each(broken)('fails on %s', (_, breakIt, problem) => {
    const copy = structuredClone(template) as Copy;
    breakIt(copy);
    const problems = checkTemplate(copy as Template);
    expect(problems.some((p) => problem.test(p)), problems.join('\n')).toBe(true);
  });

  it('is made from the documents, never a copy: the script refuses a policy it does not know how to parameterise', () => {
    const outside = { ...rolePolicy, Statement: [...rolePolicy.Statement, { Sid: 'X', Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::*:user/admins/*' }] };
    expect(() => accountRoleTemplate(outside, trustPolicy)).toThrow(/outside \/staff\//);
    const otherPrincipal = { ...trustPolicy, Statement: trustPolicy.Statement.map((s: object) => ({ ...s, Principal: { AWS: 'arn:aws:iam::123456789012:root' } })) };
    expect(() => accountRoleTemplate(rolePolicy, otherPrincipal)).toThrow(/example principal/);
  });
});

describe('deploy/account-roles-policy.json', () => {
  const policy = readJson('deploy/account-roles-policy.json') as { Statement: Array<{ Sid: string; Effect: string; Action: string[]; Resource: string; Condition?: unknown }> };

  it('lets Kagi’s principal do in each account exactly what the role’s trust policy allows it, on the template’s role only', () => {
    expect(policy.Statement.map((s) => s.Sid)).toEqual(['AssumeKagisRoleInOtherAccounts']);
    const [statement] = policy.Statement;
    expect(statement!.Effect).toBe('Allow');
    const trusted = roleOf(template).Properties.AssumeRolePolicyDocument.Statement.map((s) => s.Action);
    expect([...statement!.Action].sort()).toEqual([...trusted].sort());
    expect(statement!.Resource).toBe(`arn:aws:iam::*:role/${DEFAULT_ROLE_NAME}`);
  });
});
