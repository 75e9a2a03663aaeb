import { auditCsv, searchAudit } from '@/lib/helpdesk/audit-view';
import { auditQuerySchema } from '@/lib/helpdesk/schemas';
import { route } from '@/lib/http/route';

const DAY_MS = 24 * 60 * 60 * 1000;

export const GET = route({ access: { helpdesk: true }, query: auditQuerySchema }, async ({ query }) => {
  const entries = await searchAudit({
    subject: query.person,
    actor: query.agent,
    action: query.action,
    ticket: query.ticket,
    from: query.from ? new Date(`${query.from}T00:00:00Z`) : undefined,
    // "to" is inclusive: the whole of that day.
    to: query.to ? new Date(new Date(`${query.to}T00:00:00Z`).getTime() + DAY_MS) : undefined,
    beforeId: query.before,
    limit: query.limit ?? (query.format === 'csv' ? 10_000 : 100),
  });
  if (query.format === 'csv') {
    return new Response(auditCsv(entries), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="kagi-audit.csv"',
      },
    });
  }
  return { entries: entries.map((e) => ({ ...e, at: e.at.toISOString() })) };
});
