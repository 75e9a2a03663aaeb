import { auditCsvForAgent } from '@/lib/helpdesk/audit-csv';
import { searchAudit } from '@/lib/helpdesk/audit-view';
import { auditQuerySchema } from '@/lib/helpdesk/schemas';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = route({ access: { helpdesk: true }, query: auditQuerySchema }, async ({ query }) => {
  const entries = await searchAudit({ ...query, limit: query.limit ?? (query.format === 'csv' ? 10_000 : 100) });
  if (query.format === 'csv') {
    return new Response(await auditCsvForAgent(entries), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="kagi-audit.csv"',
      },
    });
  }
  return { entries: entries.map((e) => ({ ...e, at: e.at.toISOString() })) };
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed('GET');
