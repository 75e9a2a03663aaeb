import { z } from 'zod';
import { listMyActivity } from '@/lib/audit/activity';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

const query = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).optional(),
  before: z.coerce.number().int().positive().optional(),
});

export const GET = route({ access: { user: true }, query }, async ({ who, query }) => ({
  entries: await listMyActivity(who, { limit: query.limit ?? 50, beforeId: query.before }),
}));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed('GET');
