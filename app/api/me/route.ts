import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

/** Who am I: the signed-in person, their roles and the IAM user Kagi acts on for them. */
export const GET = route({ access: { signedIn: true } }, async ({ who }) => ({
  userName: who.userName,
  name: who.name,
  email: who.email,
  roles: who.roles,
  iamUserName: who.iamUserName,
}));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed('GET');
