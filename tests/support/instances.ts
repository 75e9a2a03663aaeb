import type { PortalStack } from './portal-stack';

/** The database's ID for a running portal instance of the stack (its newest registration). */
export async function instanceIdOf(stack: PortalStack, index: number): Promise<string> {
  const pid = stack.instances[index]!.pid!;
  const row = await stack.db
    .selectFrom('portal_instances')
    .select('id')
    .where('pid', '=', pid)
    .where('recovered_by', 'is', null)
    .orderBy('started_at', 'desc')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Polls until `check` holds, or fails after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
