import 'server-only';
import { GetUserCommand, ListUsersCommand, ListUserTagsCommand } from '@aws-sdk/client-iam';
import { AppError } from '@/lib/app-error';
import { iamForReads } from './client';
import { callIam } from './errors';

export interface IamUser {
  userName: string;
  path: string;
  arn: string;
  createDate: Date;
  passwordLastUsed: Date | null;
}

function toIamUser(user: {
  UserName?: string;
  Path?: string;
  Arn?: string;
  CreateDate?: Date;
  PasswordLastUsed?: Date;
}): IamUser {
  return {
    userName: user.UserName ?? '',
    path: user.Path ?? '/',
    arn: user.Arn ?? '',
    createDate: user.CreateDate ?? new Date(0),
    passwordLastUsed: user.PasswordLastUsed ?? null,
  };
}

/** The IAM user, or null when there is none by that name. */
export async function getUser(userName: string): Promise<IamUser | null> {
  try {
    const { User } = await callIam(() => iamForReads().send(new GetUserCommand({ UserName: userName })));
    return User ? toIamUser(User) : null;
  } catch (error) {
    if (error instanceof AppError && error.code === 'not-found') return null;
    throw error;
  }
}

export interface UserPage {
  users: IamUser[];
  /** Opaque; pass back to get the next page. */
  nextMarker: string | null;
}

export async function listUsers(options: { pathPrefix: string; marker?: string; maxItems?: number }): Promise<UserPage> {
  const page = await callIam(() =>
    iamForReads().send(
      new ListUsersCommand({ PathPrefix: options.pathPrefix, Marker: options.marker, MaxItems: options.maxItems }),
    ),
  );
  return {
    users: (page.Users ?? []).map(toIamUser),
    nextMarker: page.IsTruncated && page.Marker ? page.Marker : null,
  };
}

/** Every tag on the user, as key → value, read page by page. */
export async function listUserTags(userName: string): Promise<Map<string, string>> {
  const tags = new Map<string, string>();
  let marker: string | undefined;
  do {
    const page = await callIam(() => iamForReads().send(new ListUserTagsCommand({ UserName: userName, Marker: marker })));
    for (const tag of page.Tags ?? []) if (tag.Key) tags.set(tag.Key, tag.Value ?? '');
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return tags;
}

/** The value of one of the user's tags (IAM compares tag keys case-insensitively), or null. */
export async function userTagValue(userName: string, key: string): Promise<string | null> {
  for (const [tagKey, value] of await listUserTags(userName)) if (tagKey.toLowerCase() === key.toLowerCase()) return value;
  return null;
}
