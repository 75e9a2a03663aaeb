import { AppError } from '@/lib/app-error';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { isUnsubscribeToken, setRemindersEnabled } from '@/lib/notifications/preferences';
import { unsubscribeQuerySchema } from '@/lib/notifications/settings-schema';

/**
 * RFC 8058 one-click opt-out: a mail client POSTs `List-Unsubscribe=One-Click` here, without a
 * session and from no origin of Kagi's; the signed token in the URL is the proof. It can only
 * turn that person's reminders off. The /unsubscribe page posts here too.
 */
export const POST = route({ access: { tokenInRequest: true }, query: unsubscribeQuerySchema }, async ({ query }) => {
  if (!isUnsubscribeToken(query.u, query.t)) throw new AppError('forbidden', { detail: 'This opt-out link is not valid.' });
  await setRemindersEnabled(query.u, false);
  return { reminders: false };
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed('POST');
