/** Runs once when a Kagi server starts (Node.js runtime only). */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkStartup } = await import('@/lib/startup');
    await checkStartup();
  }
}
