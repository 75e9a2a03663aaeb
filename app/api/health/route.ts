/** Liveness for load balancers and the local stack. Says nothing about IAM on purpose. */
export function GET(): Response {
  return Response.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
}
