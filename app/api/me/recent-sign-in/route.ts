import { RECENT_SIGN_IN_SECONDS } from '@/lib/auth/rules';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

/**
 * Whether the last sign-in is recent enough for sensitive changes, so a page can send the
 * person through a new sign-in *before* they type anything. 401 reauth-required when not.
 */
export const GET = route({ access: { freshUser: RECENT_SIGN_IN_SECONDS } }, async ({ who }) => ({
  authTime: who.authTime,
  freshUntil: (who.authTime ?? 0) + RECENT_SIGN_IN_SECONDS,
}));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed('GET');
