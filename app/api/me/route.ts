import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

/**
 * Who am I: the signed-in person, their roles, the IAM user Kagi acts on for them (in Kagi's
 * own account) and, with an accounts file, every account they have a user in (file order).
 */
export const GET = route({ access: { signedIn: true } }, async ({ who }) => ({
  userName: who.userName,
  name: who.name,
  email: who.email,
  roles: who.roles,
  iamUserName: who.iamUserName,
  accounts: who.accounts.filter((account) => account.id !== null),
}));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed('GET');
