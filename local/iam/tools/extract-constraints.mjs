// @ts-check
// Generates local/iam/constraints.json from the botocore IAM/STS models.
// CI machines don't have botocore, so the output is committed; rerun this
// only when the model (or the list of supported actions) changes:
//   node local/iam/tools/extract-constraints.mjs [path/to/botocore/data]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const dataDir = process.argv[2] ?? '/usr/lib/python3/dist-packages/botocore/data';
const outFile = join(dirname(fileURLToPath(import.meta.url)), '..', 'constraints.json');

/** Actions the local endpoint implements (keep in sync with actions/index.mjs). */
const IAM_ACTIONS = [
  'CreateUser', 'GetUser', 'ListUsers', 'DeleteUser',
  'TagUser', 'ListUserTags', 'UntagUser',
  'PutUserPolicy', 'GetUserPolicy', 'ListUserPolicies', 'DeleteUserPolicy',
  'CreateAccessKey', 'ListAccessKeys', 'UpdateAccessKey', 'DeleteAccessKey', 'GetAccessKeyLastUsed',
  'CreateLoginProfile', 'GetLoginProfile', 'UpdateLoginProfile', 'DeleteLoginProfile', 'ChangePassword',
  'GetAccountPasswordPolicy', 'UpdateAccountPasswordPolicy', 'DeleteAccountPasswordPolicy',
  'ListMFADevices', 'CreateVirtualMFADevice', 'EnableMFADevice', 'ResyncMFADevice', 'DeactivateMFADevice',
  'DeleteVirtualMFADevice', 'ListVirtualMFADevices', 'GetMFADevice', 'TagMFADevice', 'UntagMFADevice', 'ListMFADeviceTags',
  'CreateRole', 'GetRole', 'DeleteRole', 'UpdateAssumeRolePolicy',
  'PutRolePolicy', 'GetRolePolicy', 'DeleteRolePolicy', 'ListRolePolicies',
];
const STS_ACTIONS = ['GetCallerIdentity', 'AssumeRole'];

// The Debian model (botocore 1.29) marks UserName required on these; the newer
// model used by @aws-sdk/client-iam 3.11xx makes it optional (caller default).
// The portal talks through the newer SDK, so follow the newer model here.
const OVERLAY = [
  { action: 'CreateLoginProfile', member: 'UserName', required: false },
  { action: 'GetLoginProfile', member: 'UserName', required: false },
  { action: 'DeleteLoginProfile', member: 'UserName', required: false },
];

/**
 * @param {any} model
 * @param {string} shapeName
 * @param {number} depth
 * @returns {any}
 */
function describe(model, shapeName, depth = 0) {
  const s = model.shapes[shapeName];
  /** @type {any} */
  const out = { type: s.type };
  for (const k of ['min', 'max', 'pattern', 'enum', 'sensitive']) if (s[k] !== undefined) out[k] = s[k];
  if (s.type === 'list') out.member = describe(model, s.member.shape, depth + 1);
  if (s.type === 'structure' && depth > 0) {
    out.members = {};
    for (const [name, m] of Object.entries(s.members)) {
      out.members[name] = describe(model, /** @type {any} */ (m).shape, depth + 1);
      if ((s.required ?? []).includes(name)) out.members[name].required = true;
    }
  }
  return out;
}

/**
 * @param {string} file
 * @param {string[]} actions
 */
function extract(file, actions) {
  // Newer botocore releases ship the models gzipped.
  const text = existsSync(file) ? readFileSync(file, 'utf8') : gunzipSync(readFileSync(`${file}.gz`)).toString('utf8');
  const model = JSON.parse(text);
  /** @type {Record<string, any>} */
  const operations = {};
  for (const name of actions) {
    const op = model.operations[name];
    if (!op) throw new Error(`${name} not in ${file}`);
    /** @type {Record<string, any>} */
    const input = {};
    if (op.input) {
      const shape = model.shapes[op.input.shape];
      for (const [member, ref] of Object.entries(shape.members)) {
        input[member] = describe(model, /** @type {any} */ (ref).shape, 1);
        if ((shape.required ?? []).includes(member)) input[member].required = true;
      }
    }
    operations[name] = { input, errors: (op.errors ?? []).map((/** @type {any} */ e) => e.shape.replace(/Exception$/, '')) };
  }
  for (const o of OVERLAY) {
    if (operations[o.action]?.input[o.member]) operations[o.action].input[o.member].required = o.required;
  }
  return {
    version: model.metadata.apiVersion,
    xmlNamespace: model.metadata.xmlNamespace,
    operations,
    allOperations: Object.keys(model.operations).sort(),
  };
}

const out = {
  generatedBy: 'local/iam/tools/extract-constraints.mjs',
  source: 'botocore data iam/2010-05-08 and sts/2011-06-15 service-2.json',
  overlay: OVERLAY,
  iam: extract(join(dataDir, 'iam/2010-05-08/service-2.json'), IAM_ACTIONS),
  sts: extract(join(dataDir, 'sts/2011-06-15/service-2.json'), STS_ACTIONS),
};
writeFileSync(outFile, JSON.stringify(out, null, 1) + '\n');
console.log(`wrote ${outFile}`);
