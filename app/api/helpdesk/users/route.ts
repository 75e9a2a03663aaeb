import { z } from 'zod';
import { searchUsers } from '@/lib/helpdesk/people';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

const query = z.strictObject({ q: z.string().max(64).default('') });

export const GET = route({ access: { helpdesk: true }, query }, ({ who, query }) => searchUsers(who, query.q));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed('GET');
