import 'server-only';
import type { JWT } from 'next-auth/jwt';
import { audited } from '@/lib/audit';
import { revokeAllSessions, revokeSession } from './revocation';

/**
 * Ends the session on the server before the browser forgets its cookie, so a copy of the
 * cookie stops working too. "Everywhere" ends every session of the person, on every
 * computer, and is audited: it is what someone does who fears their sign-in was taken.
 */
export async function endSessionOnServer(token: JWT, options: { everywhere: boolean; requestId: string }): Promise<void> {
  if (!options.everywhere) return revokeSession(token);
  const actor = token.iamUserName ?? token.userName ?? token.sub ?? '';
  await audited(
    { requestId: options.requestId, actor, actorName: token.name ?? actor, subject: actor, action: 'sessions.end-all' },
    () => revokeAllSessions(token, 'sign-out-everywhere'),
  );
}
