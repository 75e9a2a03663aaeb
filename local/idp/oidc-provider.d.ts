// oidc-provider 9 ships no type declarations. This covers only the part of its API that
// local/idp/server.mjs uses, so `// @ts-check` there can check it under `strict`.
declare module 'oidc-provider' {
  import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

  export interface KoaContext {
    req: IncomingMessage;
    res: ServerResponse;
    method: string;
    path: string;
    status: number;
    type: string;
    body: unknown;
    respond: boolean;
    host: string;
    set(field: string, value: string): void;
    oidc: OidcContext;
  }

  export interface OidcContext {
    provider: Provider;
    client: { clientId: string; clientName?: string };
    session: { accountId?: string; grantIdFor(clientId: string): string | undefined };
    result?: { consent?: { grantId?: string } };
  }

  export interface Account {
    accountId: string;
    claims(use: string, scope: string, claims: unknown, rejected: string[]): Promise<Record<string, unknown>>;
  }

  export interface Interaction {
    uid: string;
    prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    params: Record<string, unknown> & { client_id: string };
    session?: { accountId: string; uid: string };
    grantId?: string;
    returnTo: string;
  }

  export class Grant {
    constructor(init: { accountId?: string; clientId: string });
    accountId?: string;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
    static find(id: string): Promise<Grant | undefined>;
  }

  export interface ClientModel {
    clientId: string;
    clientName?: string;
  }

  export type Configuration = Record<string, unknown> & {
    findAccount?: (ctx: KoaContext, sub: string, token?: unknown) => Promise<Account | undefined>;
    loadExistingGrant?: (ctx: KoaContext) => Promise<Grant | undefined>;
    issueRefreshToken?: (ctx: KoaContext, client: { grantTypeAllowed(grant: string): boolean }) => Promise<boolean>;
    renderError?: (ctx: KoaContext, out: Record<string, unknown>, error: unknown) => Promise<void>;
    interactions?: { url?: (ctx: KoaContext, interaction: Interaction) => string | Promise<string> };
  };

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    proxy: boolean;
    Grant: typeof Grant;
    Client: { find(id: string): Promise<ClientModel | undefined> };
    callback(): RequestListener;
    use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void> | void): this;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}
