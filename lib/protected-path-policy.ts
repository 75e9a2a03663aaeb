import 'server-only';
import fs from 'node:fs';
import path from 'node:path';

/** The role policy's statement that keeps the help desk off the protected users (deploy/README.md). */
export const PROTECTED_PATH_SID = 'HelpdeskNeverTheProtectedPath';

/** `arn:aws:iam::*:user/staff/helpdesk/*` → `/staff/helpdesk/`: the user path a Deny resource covers. */
function coveredUserPath(resource: unknown): string | null {
  if (typeof resource !== 'string') return null;
  const match = /^arn:[\w-]+:iam::[^:]*:user(\/(?:[^*?]*\/)?)\*$/.exec(resource);
  return match?.[1] ?? null;
}

/**
 * Why HELPDESK_PROTECTED_PATH_PREFIX does not match what deploy/role-policy.json (read from
 * `dir`, the working directory by default) denies the help desk, or null when it matches or
 * there is no such file (a deployment need not ship deploy/). Kagi's own check and IAM's Deny
 * should protect the same users: with a mismatch, one of them protects people the other
 * does not. A warning, not a refusal: the policy in AWS may differ from the file.
 */
export function protectedPathPolicyMismatch(protectedPath: string, dir: string = process.cwd()): string | null {
  const file = path.join(dir, 'deploy', 'role-policy.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return `deploy/role-policy.json could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}) to compare it with HELPDESK_PROTECTED_PATH_PREFIX (${protectedPath})`;
  }
  let statements: unknown[];
  try {
    const policy = JSON.parse(text) as { Statement?: unknown };
    statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  } catch {
    return `deploy/role-policy.json is not JSON, so HELPDESK_PROTECTED_PATH_PREFIX (${protectedPath}) could not be compared with its ${PROTECTED_PATH_SID} statement`;
  }
  const deny = statements.find((s): s is { Effect?: unknown; Resource?: unknown } => typeof s === 'object' && s !== null && (s as { Sid?: unknown }).Sid === PROTECTED_PATH_SID);
  if (!deny || deny.Effect !== 'Deny') {
    return `deploy/role-policy.json has no Deny statement ${PROTECTED_PATH_SID}: IAM does not keep the help desk off HELPDESK_PROTECTED_PATH_PREFIX (${protectedPath})`;
  }
  const resources = Array.isArray(deny.Resource) ? deny.Resource : [deny.Resource];
  const covered = resources.map(coveredUserPath).filter((p): p is string => p !== null);
  if (covered.includes(protectedPath)) return null;
  return `HELPDESK_PROTECTED_PATH_PREFIX is ${protectedPath}, but deploy/role-policy.json's ${PROTECTED_PATH_SID} denies the help desk users under ${covered.length ? covered.join(', ') : 'no user path'}: Kagi and IAM protect different people. Make them the same (deploy/README.md)`;
}
