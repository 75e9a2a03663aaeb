/** Runs once when a Kagi server starts (Node.js runtime only). */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    // First: a request whose body never comes is answered within seconds, not held.
    const { installBodyDeadline } = await import('@/lib/http/body-deadline');
    installBodyDeadline();
    const { checkStartup } = await import('@/lib/startup');
    await checkStartup();
  }
}
