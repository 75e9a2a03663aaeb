import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders } from '@/lib/http/security-headers';

describe('contentSecurityPolicy', () => {
  it('allows scripts only by nonce in production', () => {
    const csp = contentSecurityPolicy('abc123', { https: true, dev: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('upgrade-insecure-requests');
  });

  it('adds unsafe-eval only in development, and upgrade-insecure-requests only over https', () => {
    const dev = contentSecurityPolicy('n', { https: false, dev: true });
    expect(dev).toContain("'unsafe-eval'");
    expect(dev).not.toContain('upgrade-insecure-requests');
  });
});

describe('securityHeaders', () => {
  it('sends HSTS only when Kagi is served over https', () => {
    expect(securityHeaders({ https: true })['Strict-Transport-Security']).toBe('max-age=63072000; includeSubDomains');
    expect(securityHeaders({ https: false })).not.toHaveProperty('Strict-Transport-Security');
  });

  it('forbids framing, referrers and sniffing', () => {
    expect(securityHeaders({ https: false })).toMatchObject({
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    });
  });
});
