import 'server-only';
import { randomBytes } from 'node:crypto';
import type { NextAuthOptions } from 'next-auth';
import { cookies, headers } from 'next/headers';
import { config } from '@/lib/config';
import { LOCALE_COOKIE, TIME_ZONE_COOKIE, pickLocale, pickTimeZone } from '@/lib/i18n/locales';
import { describeError, log } from '@/lib/log';
import { recordSignIn } from '@/lib/people/directory';
import { linkAccountsAtSignIn, linkAtSignIn, type SignInLink } from './iam-link';
import { isSessionRevoked, revokeSession } from './revocation';
import { isEmailLinkVerified, isPastAbsoluteTimeout, personFromClaims, safeCallbackPath } from './rules';
import { decodeAcceptedSessionToken, idleTimeoutSeconds, isSecureOrigin, sessionCookieName, sessionFromToken } from './session-cookie';
import { encodeSessionToken } from './session-token';

export const SSO_PROVIDER_ID = 'sso';

let options: NextAuthOptions | undefined;

/** The sign-in page's word for "this IAM user is linked to someone else's sign-in" (app/signin). */
export const LINK_TAKEN_ERROR = 'SignInLinkTaken';

/**
 * The link decided in the signIn callback, for the jwt callback of the same sign-in: next-auth
 * hands both the same profile object, so IAM and the pin are asked once per sign-in.
 */
const linkOfSignIn = new WeakMap<object, Promise<SignInLink>>();

function signInLinkFor(claims: Record<string, unknown>, person: ReturnType<typeof personFromClaims>): Promise<SignInLink> {
  let link = linkOfSignIn.get(claims);
  if (!link) {
    link = linkAtSignIn(person.claimedIamUserName, person.subject);
    linkOfSignIn.set(claims, link);
  }
  return link;
}

/** Kagi's record of who signed in; a failure to write it must not stop the sign-in. */
async function rememberPerson(person: ReturnType<typeof personFromClaims>, claims: Record<string, unknown>, iamUserName: string | null) {
  try {
    const jar = await cookies();
    await recordSignIn({
      subject: person.subject,
      iamUserName,
      userName: person.userName,
      name: person.name,
      email: person.email,
      emailVerified: claims.email_verified === true,
      locale: pickLocale(jar.get(LOCALE_COOKIE)?.value, (await headers()).get('accept-language')),
      timeZone: pickTimeZone(jar.get(TIME_ZONE_COOKIE)?.value),
    });
  } catch (error) {
    log.warn({ type: 'sign-in', subject: person.subject, error: describeError(error) }, 'could not record the person who signed in');
  }
}

/** next-auth's options, built on first use so that configuration is read at run time. */
export function authOptions(): NextAuthOptions {
  if (options) return options;
  const cfg = config();
  options = {
    secret: cfg.NEXTAUTH_SECRET,
    providers: [
      {
        id: SSO_PROVIDER_ID,
        name: 'SSO',
        type: 'oauth',
        wellKnown: `${cfg.OIDC_ISSUER.replace(/\/$/, '')}/.well-known/openid-configuration`,
        clientId: cfg.OIDC_CLIENT_ID,
        clientSecret: cfg.OIDC_CLIENT_SECRET,
        authorization: { params: { scope: cfg.OIDC_SCOPES } },
        checks: ['pkce', 'state', 'nonce'],
        idToken: true,
        profile: (claims: Record<string, unknown>) => ({
          id: String(claims.sub),
          name: typeof claims.name === 'string' ? claims.name : null,
          email: typeof claims.email === 'string' ? claims.email : null,
        }),
      },
    ],
    // The idle timeout is the token's lifetime (jwt.maxAge: what the sign-in's and /reauth's
    // tokens carry; session.maxAge: the cookie's); proxy.ts renews it while the person is active.
    session: { strategy: 'jwt', maxAge: idleTimeoutSeconds() },
    jwt: { maxAge: idleTimeoutSeconds(), encode: encodeSessionToken, decode: decodeAcceptedSessionToken },
    cookies: {
      sessionToken: {
        name: sessionCookieName(),
        options: { httpOnly: true, sameSite: 'lax', path: '/', secure: isSecureOrigin() },
      },
    },
    pages: { signIn: '/signin', error: '/signin' },
    // However the sign-out was asked for, the session is over on every instance.
    events: {
      async signOut({ token }) {
        if (token) await revokeSession(token);
      },
    },
    callbacks: {
      // A sign-in that claims an IAM user another subject holds gets no session: next-auth
      // sends the browser to the sign-in page, which says to contact the help desk.
      async signIn({ account, profile }) {
        if (!account || !profile) return true;
        const claims = profile as Record<string, unknown>;
        const person = personFromClaims(claims, { usernameClaim: cfg.IAM_USERNAME_CLAIM, helpdeskGroup: cfg.HELPDESK_GROUP });
        const link = await signInLinkFor(claims, person);
        return link.refused ? `${cfg.NEXTAUTH_URL.replace(/\/$/, '')}/signin?error=${LINK_TAKEN_ERROR}` : true;
      },
      async jwt({ token, account, profile }) {
        const now = Math.floor(Date.now() / 1000);
        if (account && profile) {
          const claims = profile as Record<string, unknown>;
          const person = personFromClaims(claims, { usernameClaim: cfg.IAM_USERNAME_CLAIM, helpdeskGroup: cfg.HELPDESK_GROUP });
          const claimed = claims[cfg.IAM_USERNAME_CLAIM];
          if (typeof claimed === 'string' && claimed.trim() !== '' && !isEmailLinkVerified(claims, cfg.IAM_USERNAME_CLAIM, claimed.trim())) {
            // The person sees "no AWS user linked"; the operator needs to know why. No address in the log.
            log.warn({ type: 'sign-in', subject: person.subject, claim: cfg.IAM_USERNAME_CLAIM }, 'an e-mail address the identity provider has not verified (email_verified is not true) links to no IAM user');
          }
          const link = await signInLinkFor(claims, person);
          // The signIn callback has refused this already; never a session linked to someone else's user.
          if (link.refused) throw new Error('sign-in refused: the IAM user is linked to another subject');
          const iamUserName = link.iamUserName;
          const accounts = await linkAccountsAtSignIn(person.claimedIamUserName, person.subject, link, claims.email_verified === true ? person.email : null);
          await rememberPerson(person, claims, iamUserName ?? accounts[0]?.iamUserName ?? null);
          return {
            ...(accounts.length > 0 ? { accounts } : {}),
            sub: person.subject,
            userName: person.userName,
            name: person.name,
            email: person.email,
            iamUserName,
            roles: person.roles,
            authTime: person.authTime,
            signedInAt: now,
            sid: randomBytes(16).toString('base64url'),
            idToken: account.id_token,
            refreshToken: account.refresh_token,
          };
        }
        // Throwing makes next-auth clear the cookie: the session is over.
        if (isPastAbsoluteTimeout(token.signedInAt, now)) throw new Error('session past its absolute lifetime');
        if (await isSessionRevoked(token)) throw new Error('session ended on the server');
        return token;
      },
      session({ session, token }) {
        return { ...session, ...sessionFromToken(token) };
      },
      redirect({ url, baseUrl }) {
        return `${baseUrl}${safeCallbackPath(url, baseUrl)}`;
      },
    },
    logger: {
      // An expired or tampered cookie is routine, not an error worth a stack trace.
      error(code, metadata) {
        if (code === 'JWT_SESSION_ERROR') return;
        // next-auth's own codes are short; bounded in case anything else ever reaches here (its
        // client endpoint, POST /api/auth/_log, is refused by the route).
        log.error({ type: 'next-auth', code: String(code).slice(0, 64), error: metadata instanceof Error ? describeError(metadata) : null }, 'sign-in error');
      },
      warn() {},
      debug() {},
    },
  };
  return options;
}
