// @ts-check
// Action table: name → definition, per service. Keep the names in sync with
// IAM_ACTIONS / STS_ACTIONS in tools/extract-constraints.mjs.
import { accessKeyActions } from './access-keys.mjs';
import { loginProfileActions } from './login-profiles.mjs';
import { mfaActions } from './mfa.mjs';
import { passwordPolicyActions } from './password-policy.mjs';
import { roleActions } from './roles.mjs';
import { stsActions } from './sts.mjs';
import { tagActions } from './tags.mjs';
import { userPolicyActions } from './user-policies.mjs';
import { userActions } from './users.mjs';

/** @type {Record<string, import('./common.mjs').ActionDef>} */
export const iamActions = {
  ...userActions,
  ...tagActions,
  ...userPolicyActions,
  ...accessKeyActions,
  ...loginProfileActions,
  ...passwordPolicyActions,
  ...mfaActions,
  ...roleActions,
};

export { stsActions };
