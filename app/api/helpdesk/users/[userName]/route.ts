import { z } from 'zod';
import { personOverview } from '@/lib/helpdesk/overview';
import { iamUserNameSchema } from '@/lib/helpdesk/schemas';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

const params = z.strictObject({ userName: iamUserNameSchema });

export const GET = route({ access: { helpdesk: true }, params }, ({ who, params }) => personOverview(who, params.userName));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed('GET');
