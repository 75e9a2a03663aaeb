import 'server-only';
import os from 'node:os';
import nodemailer, { type Transporter } from 'nodemailer';
import { config, isLoopbackHost } from '@/lib/config';
import type { RenderedMessage } from './templates';

/**
 * SMTP through nodemailer, built from SMTP_URL by hand rather than handed the URL: no query
 * option can weaken TLS. smtps:// is TLS from the first byte; smtp:// must upgrade with
 * STARTTLS before anything (credentials above all) is sent, except to this machine itself (a
 * local relay or the stand-in, local/mail). Certificates are always checked.
 */
let transport: Transporter | undefined;

/** nodemailer's options for an SMTP_URL (pure, unit-tested): TLS rules first, then the rest. */
export function transportOptions(smtpUrl: string) {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = isLoopbackHost(url.hostname);
  return {
    host,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    requireTLS: !secure && !loopback,
    ignoreTLS: !secure && loopback,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // A send must end well within the outbox lease (worker.ts), whatever the server does.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
    tls: { rejectUnauthorized: true },
    // Never nodemailer's own logger: it would print the conversation, AUTH included.
    logger: false,
    debug: false,
  };
}

function mailTransport(): Transporter {
  if (transport) return transport;
  const { SMTP_URL } = config();
  if (!SMTP_URL) throw new Error('notifications are off (no SMTP_URL)');
  transport = nodemailer.createTransport(transportOptions(SMTP_URL));
  return transport;
}

/**
 * The Message-ID of an outbox row: the same on every try, so a copy sent twice (the process
 * died between the server's "250 accepted" and marking the row sent) is recognisable as one
 * message by mail systems and people alike.
 */
export function messageIdOf(outboxId: number, createdAt: string): string {
  const domain = config().MAIL_FROM?.match(/@([^\s>]+)/)?.[1] ?? os.hostname();
  return `<kagi-outbox-${outboxId}-${Date.parse(createdAt)}@${domain}>`;
}

export interface Envelope {
  to: string;
  messageId: string;
  /** Reminders: the one-click opt-out URL (RFC 2369 / RFC 8058). */
  unsubscribeUrl?: string;
}

export async function sendMessage(envelope: Envelope, message: RenderedMessage): Promise<void> {
  await mailTransport().sendMail({
    from: config().MAIL_FROM,
    to: envelope.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: envelope.messageId,
    headers: {
      'Auto-Submitted': 'auto-generated',
      ...(envelope.unsubscribeUrl ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
    },
    ...(envelope.unsubscribeUrl ? { list: { unsubscribe: envelope.unsubscribeUrl } } : {}),
  });
}

/** Why a send failed, safe to store and log: the SMTP code or the error's kind, never the conversation. */
export function describeSendError(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const e = error as { code?: unknown; responseCode?: unknown; command?: unknown };
    const parts = [typeof e.code === 'string' ? e.code : undefined, typeof e.responseCode === 'number' ? `SMTP ${e.responseCode}` : undefined, typeof e.command === 'string' && e.command !== 'AUTH PLAIN' ? e.command : undefined];
    const text = parts.filter(Boolean).join(' ');
    if (text) return text;
  }
  return error instanceof Error ? error.name : 'error';
}

export function closeMailTransport(): void {
  transport?.close();
  transport = undefined;
}
