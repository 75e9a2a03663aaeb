// @ts-check
// MFA devices: virtual devices (CreateVirtualMFADevice … DeleteVirtualMFADevice, RFC 6238
// codes), their tags, and the devices assigned to users. Security keys (FIDO, `…:u2f/…`) and
// hardware TOTP tokens cannot be registered through the API; tests seed them with
// handle.seedMfaDevice.
import { createHmac, randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { authorize } from '../authorize.mjs';
import { IamError } from '../faults.mjs';
import { el, isoTime, list, raw } from '../xml.mjs';
import { assertUniqueTagKeys, pageTail, paginate, requireUser, tagsXml, targetUserResource, userXml } from './common.mjs';

/** @typedef {import('./common.mjs').ActionDef} ActionDef */
/** @typedef {import('./common.mjs').ActionContext} ActionContext */
/** @typedef {import('../state.mjs').VirtualMfaDevice} VirtualMfaDevice */

/** IAM's quota of MFA devices in use per user (raised from 1 to 8 in 2022). */
const DEVICES_PER_USER = 8;
const TAGS_PER_DEVICE = 50;
/** RFC 6238 as IAM uses it: HMAC-SHA1, 30-second steps, 6 digits. */
const STEP_SECONDS = 30;
/**
 * How far from the device's known clock a pair of codes may be. IAM does not publish its
 * windows; these are this stand-in's choices: enabling takes a pair that starts up to two
 * steps either side (a minute), resynchronising searches ten minutes either side.
 */
const ENABLE_WINDOW_STEPS = 2;
const RESYNC_WINDOW_STEPS = 20;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** 40 random bytes in RFC 4648 base32: 64 characters, as AWS's seeds are. */
function newSeed() {
  const bytes = randomBytes(40);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** @param {string} seed */
function decodeSeed(seed) {
  let bits = 0;
  let value = 0;
  /** @type {number[]} */
  const out = [];
  for (const ch of seed.replace(/=+$/, '')) {
    value = (value << 5) | BASE32.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/**
 * The 6-digit code of one time step (RFC 4226 dynamic truncation).
 * @param {Buffer} key
 * @param {number} step
 */
export function totp(key, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = /** @type {number} */ (mac[mac.length - 1]) & 0xf;
  const n = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(n % 1_000_000).padStart(6, '0');
}

/**
 * The step at which `code1` and, one step later, `code2` appear, searching `window` steps
 * either side of `centre`; null when they do not.
 * @param {VirtualMfaDevice} device
 * @param {string} code1
 * @param {string} code2
 * @param {number} window
 */
function matchPair(device, code1, code2, window) {
  const key = decodeSeed(device.Seed);
  const centre = Math.floor(Date.now() / 1000 / STEP_SECONDS) + (device.DriftSteps ?? 0);
  for (let d = 0; d <= window; d++) {
    for (const step of d === 0 ? [centre] : [centre - d, centre + d]) {
      if (totp(key, step) === code1 && totp(key, step + 1) === code2) return step;
    }
  }
  return null;
}

const invalidCode = () => new IamError('InvalidAuthenticationCode', 'Authentication code for device is not valid.', 403);

/**
 * A virtual device's ARN from a serial number as given (a bare name is taken as `mfa/<name>`).
 * @param {ActionContext} ctx
 * @param {string} serial
 */
function mfaResource(ctx, serial) {
  return serial.startsWith('arn:') ? serial : `arn:aws:iam::${ctx.accountId}:mfa/${serial}`;
}

/** @param {ActionContext} ctx */
const serialResource = (ctx) => mfaResource(ctx, ctx.input.SerialNumber);

/**
 * @param {ActionContext} ctx
 * @returns {VirtualMfaDevice}
 */
function requireVirtual(ctx) {
  const serial = /** @type {string} */ (ctx.input.SerialNumber);
  const device = ctx.store.virtualMfa.get(serial);
  if (!device) throw new IamError('NoSuchEntity', `VirtualMFADevice with serial number ${serial} doesn't exist.`, 404);
  return device;
}

/**
 * The user's assignment of the device named by SerialNumber.
 * @param {ActionContext} ctx
 */
function requireAssigned(ctx) {
  const user = requireUser(ctx);
  const serial = /** @type {string} */ (ctx.input.SerialNumber);
  const assigned = user.MFADevices.find((d) => d.SerialNumber === serial);
  if (!assigned) throw new IamError('NoSuchEntity', `MFA Device with serial number ${serial} does not exist.`, 404);
  return { user, assigned };
}

/** @param {ActionContext} ctx */
const newDeviceResource = (ctx) => `arn:aws:iam::${ctx.accountId}:mfa${ctx.input.Path ?? '/'}${ctx.input.VirtualMFADeviceName}`;

/** @type {Record<string, ActionDef>} */
export const mfaActions = {
  CreateVirtualMFADevice: {
    service: 'iam',
    resource: newDeviceResource,
    async handler(ctx) {
      const path = /** @type {string} */ (ctx.input.Path ?? '/');
      const name = /** @type {string} */ (ctx.input.VirtualMFADeviceName);
      /** @type {import('../state.mjs').Tag[]} */
      const tags = ctx.input.Tags ?? [];
      assertUniqueTagKeys(tags);
      if (tags.length > TAGS_PER_DEVICE) throw new IamError('LimitExceeded', 'The number of tags has reached the maximum limit.', 409);
      // As in IAM, tagging on creation needs the tagging permission too.
      if (tags.length > 0) authorize(ctx, 'TagMFADevice', { service: 'iam', resource: newDeviceResource, handler: () => null });
      // Names are unique in the account whatever the path, and case-insensitively.
      for (const d of ctx.store.virtualMfa.values()) {
        if (d.Name.toLowerCase() === name.toLowerCase()) throw new IamError('EntityAlreadyExists', 'MFADevice entity at the same path and name already exists.', 409);
      }
      /** @type {VirtualMfaDevice} */
      const device = {
        SerialNumber: `arn:aws:iam::${ctx.accountId}:mfa${path}${name}`,
        Path: path,
        Name: name,
        Seed: newSeed(),
        Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })),
        CreateDate: new Date().toISOString(),
        DriftSteps: 0,
      };
      // The QR code holds what the model documents: otpauth://totp/<name>@<account>?secret=<seed>.
      const uri = `otpauth://totp/${encodeURIComponent(name)}@${ctx.accountId}?secret=${device.Seed}`;
      const png = await QRCode.toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M' });
      ctx.store.virtualMfa.set(device.SerialNumber, device);
      ctx.store.save();
      return el(
        'VirtualMFADevice',
        raw(
          el('SerialNumber', device.SerialNumber),
          // Blobs travel base64-encoded: the seed is the base32 text, the QR code a PNG.
          el('Base32StringSeed', Buffer.from(device.Seed, 'ascii').toString('base64')),
          el('QRCodePNG', png.toString('base64')),
          device.Tags.length > 0 ? tagsXml(device.Tags) : '',
        ),
      );
    },
  },

  EnableMFADevice: {
    service: 'iam',
    resource: targetUserResource,
    handler(ctx) {
      const user = requireUser(ctx);
      const serial = /** @type {string} */ (ctx.input.SerialNumber);
      const device = ctx.store.virtualMfa.get(serial);
      if (!device) throw new IamError('NoSuchEntity', `MFA Device with serial number ${serial} does not exist.`, 404);
      if (device.UserId !== undefined) throw new IamError('EntityAlreadyExists', 'MFA Device is already in use.', 409);
      if (user.MFADevices.length >= DEVICES_PER_USER) {
        throw new IamError('LimitExceeded', `Cannot exceed quota for MFADevicesPerUser: ${DEVICES_PER_USER}`, 409);
      }
      const step = matchPair(device, ctx.input.AuthenticationCode1, ctx.input.AuthenticationCode2, ENABLE_WINDOW_STEPS);
      if (step === null) throw invalidCode();
      const now = new Date().toISOString();
      device.UserId = user.UserId;
      device.EnableDate = now;
      device.DriftSteps = step + 1 - Math.floor(Date.now() / 1000 / STEP_SECONDS);
      user.MFADevices.push({ SerialNumber: serial, EnableDate: now });
      ctx.store.save();
      return null;
    },
  },

  ResyncMFADevice: {
    service: 'iam',
    resource: targetUserResource,
    handler(ctx) {
      const { assigned } = requireAssigned(ctx);
      const device = ctx.store.virtualMfa.get(assigned.SerialNumber);
      // A seeded hardware token or security key has no seed here: no code can match.
      if (!device) throw invalidCode();
      const step = matchPair(device, ctx.input.AuthenticationCode1, ctx.input.AuthenticationCode2, RESYNC_WINDOW_STEPS);
      if (step === null) throw invalidCode();
      device.DriftSteps = step + 1 - Math.floor(Date.now() / 1000 / STEP_SECONDS);
      ctx.store.save();
      return null;
    },
  },

  DeactivateMFADevice: {
    service: 'iam',
    callerDefault: true,
    resource: targetUserResource,
    handler(ctx) {
      const { user, assigned } = requireAssigned(ctx);
      user.MFADevices = user.MFADevices.filter((d) => d !== assigned);
      // A virtual device goes back to unassigned; it still exists until deleted.
      const device = ctx.store.virtualMfa.get(assigned.SerialNumber);
      if (device) {
        delete device.UserId;
        delete device.EnableDate;
        device.DriftSteps = 0;
      }
      ctx.store.save();
      return null;
    },
  },

  DeleteVirtualMFADevice: {
    service: 'iam',
    resource: serialResource,
    handler(ctx) {
      const device = requireVirtual(ctx);
      if (device.UserId !== undefined) throw new IamError('DeleteConflict', 'MFA Device is still in use.', 409);
      ctx.store.virtualMfa.delete(device.SerialNumber);
      ctx.store.save();
      return null;
    },
  },

  ListMFADevices: {
    service: 'iam',
    callerDefault: true,
    resource: targetUserResource,
    handler(ctx) {
      const user = requireUser(ctx);
      const p = paginate(user.MFADevices, (d) => d.SerialNumber, ctx.input);
      return (
        list('MFADevices', p.page, (d) => el('UserName', user.UserName) + el('SerialNumber', d.SerialNumber) + el('EnableDate', isoTime(d.EnableDate))) +
        pageTail(p)
      );
    },
  },

  ListVirtualMFADevices: {
    service: 'iam',
    resource: () => '*',
    handler(ctx) {
      const status = ctx.input.AssignmentStatus ?? 'Any';
      const devices = [...ctx.store.virtualMfa.values()].filter(
        (d) => status === 'Any' || (status === 'Assigned') === (d.UserId !== undefined),
      );
      const p = paginate(devices, (d) => d.SerialNumber, ctx.input);
      const members = list('VirtualMFADevices', p.page, (d) => {
        const owner = d.UserId === undefined ? undefined : ctx.store.getUserById(d.UserId);
        return (
          el('SerialNumber', d.SerialNumber) +
          (owner ? el('User', raw(userXml(ctx.store, owner))) : '') +
          el('EnableDate', d.EnableDate && isoTime(d.EnableDate)) +
          (d.Tags.length > 0 ? tagsXml(d.Tags) : '')
        );
      });
      return members + pageTail(p);
    },
  },

  GetMFADevice: {
    service: 'iam',
    callerDefault: true,
    resource: targetUserResource,
    handler(ctx) {
      const { user, assigned } = requireAssigned(ctx);
      return el('UserName', user.UserName) + el('SerialNumber', assigned.SerialNumber) + el('EnableDate', isoTime(assigned.EnableDate));
    },
  },

  TagMFADevice: {
    service: 'iam',
    resource: serialResource,
    handler(ctx) {
      const device = requireVirtual(ctx);
      /** @type {import('../state.mjs').Tag[]} */
      const tags = ctx.input.Tags;
      assertUniqueTagKeys(tags);
      const merged = [...device.Tags];
      for (const t of tags) {
        const i = merged.findIndex((m) => m.Key.toLowerCase() === t.Key.toLowerCase());
        if (i >= 0) merged[i] = { Key: t.Key, Value: t.Value };
        else merged.push({ Key: t.Key, Value: t.Value });
      }
      if (merged.length > TAGS_PER_DEVICE) throw new IamError('LimitExceeded', 'The number of tags has reached the maximum limit.', 409);
      device.Tags = merged;
      ctx.store.save();
      return null;
    },
  },

  UntagMFADevice: {
    service: 'iam',
    resource: serialResource,
    handler(ctx) {
      const device = requireVirtual(ctx);
      const remove = new Set(/** @type {string[]} */ (ctx.input.TagKeys).map((k) => k.toLowerCase()));
      device.Tags = device.Tags.filter((t) => !remove.has(t.Key.toLowerCase()));
      ctx.store.save();
      return null;
    },
  },

  ListMFADeviceTags: {
    service: 'iam',
    resource: serialResource,
    handler(ctx) {
      const device = requireVirtual(ctx);
      const p = paginate(device.Tags, (t) => t.Key.toLowerCase(), ctx.input);
      return tagsXml(p.page) + pageTail(p);
    },
  },
};
