// @ts-check
/**
 * The local mail stand-in: an SMTP server (the smtp-server package) that keeps every message
 * it accepts, in memory and in a state file (the e2e leak check reads it), and shows them on
 * a web page. For the demo and the tests only: it delivers nothing anywhere.
 *
 *   GET  /                     the messages, newest first, with their plain text
 *   GET  /messages/:id/html    one message's HTML part, as a mail program would show it
 *   GET  /api/messages         the messages as JSON (tests)
 *   DELETE /api/messages       forget them all
 *   POST /api/faults           {"reject": n} refuse the next n messages with 451;
 *                              {"delayMs": ms} wait that long before accepting each one
 *   DELETE /api/faults         no more faults
 *
 * Any user name and password is accepted (SMTP_URL may carry credentials, as in production),
 * and no password is kept. No STARTTLS is offered: it listens on 127.0.0.1 only.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * @typedef {object} StoredMessage
 * @property {number} id
 * @property {string} receivedAt
 * @property {string} messageId
 * @property {string} from
 * @property {string[]} to
 * @property {string} subject
 * @property {string} text
 * @property {string} html
 * @property {Record<string, string>} headers   the few tests look at (list-unsubscribe, …)
 */

const KEPT_HEADERS = ['list-unsubscribe', 'list-unsubscribe-post', 'auto-submitted', 'content-language'];

/**
 * @param {{ smtpPort?: number, webPort?: number, host?: string, stateFile?: string }} [options]
 */
export async function startLocalMail(options = {}) {
  const host = options.host ?? '127.0.0.1';
  /** @type {StoredMessage[]} */
  let messages = [];
  if (options.stateFile && fs.existsSync(options.stateFile)) {
    try {
      messages = JSON.parse(fs.readFileSync(options.stateFile, 'utf8'));
    } catch {
      messages = [];
    }
  }
  let nextId = messages.reduce((max, m) => Math.max(max, m.id), 0) + 1;
  const faults = { reject: 0, delayMs: 0 };
  /** Connections that went away: a message whose sender left before "250" was never accepted. */
  const closed = new Set();

  const save = () => {
    if (!options.stateFile) return;
    fs.mkdirSync(path.dirname(options.stateFile), { recursive: true });
    const temp = `${options.stateFile}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(messages, null, 1));
    fs.renameSync(temp, options.stateFile);
  };

  const smtp = new SMTPServer({
    banner: 'Kagi local mail stand-in',
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    size: 1024 * 1024,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'local' });
    },
    onClose(session) {
      closed.add(session.id);
    },
    onData(stream, session, callback) {
      /** @type {Buffer[]} */
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', async () => {
        try {
          if (faults.reject > 0) {
            faults.reject--;
            const error = Object.assign(new Error('Try again later (fault injected by the local mail stand-in)'), { responseCode: 451 });
            return callback(error);
          }
          if (faults.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
          if (closed.has(session.id)) return callback(new Error('gone'));
          const parsed = await simpleParser(Buffer.concat(chunks));
          /** @type {Record<string, string>} */
          const headers = {};
          for (const name of KEPT_HEADERS) {
            const value = parsed.headerLines.find((h) => h.key === name)?.line;
            if (value) headers[name] = value.slice(value.indexOf(':') + 1).trim();
          }
          messages.push({
            id: nextId++,
            receivedAt: new Date().toISOString(),
            messageId: parsed.messageId ?? '',
            from: parsed.from?.text ?? session.envelope.mailFrom?.toString() ?? '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            headers,
          });
          save();
          callback(null, 'Kept by the local mail stand-in');
        } catch (error) {
          callback(error instanceof Error ? error : new Error(String(error)));
        }
      });
    },
  });
  smtp.on('error', () => {});
  await new Promise((resolve, reject) => {
    smtp.server.once('error', reject);
    smtp.listen(options.smtpPort ?? 0, host, () => resolve(undefined));
  });
  const smtpPort = /** @type {import('node:net').AddressInfo} */ (smtp.server.address()).port;

  const web = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const send = (/** @type {number} */ status, /** @type {string} */ type, /** @type {string} */ body, extra = {}) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...extra });
      res.end(body);
    };
    const readJson = async () => {
      let body = '';
      for await (const chunk of req) body += chunk;
      return body ? JSON.parse(body) : {};
    };
    if (req.method === 'GET' && url.pathname === '/api/messages') return send(200, 'application/json', JSON.stringify(messages));
    if (req.method === 'DELETE' && url.pathname === '/api/messages') {
      messages = [];
      save();
      return send(204, 'text/plain', '');
    }
    if (req.method === 'POST' && url.pathname === '/api/faults') {
      return void readJson().then(
        (spec) => {
          faults.reject = Number(spec.reject ?? 0) || 0;
          faults.delayMs = Number(spec.delayMs ?? 0) || 0;
          send(200, 'application/json', JSON.stringify(faults));
        },
        () => send(400, 'text/plain', 'send JSON'),
      );
    }
    if (req.method === 'DELETE' && url.pathname === '/api/faults') {
      faults.reject = 0;
      faults.delayMs = 0;
      return send(204, 'text/plain', '');
    }
    const htmlMatch = /^\/messages\/(\d+)\/html$/.exec(url.pathname);
    if (req.method === 'GET' && htmlMatch) {
      const message = messages.find((m) => m.id === Number(htmlMatch[1]));
      if (!message?.html) return send(404, 'text/plain', 'no such message');
      // As a mail program shows it: no scripts, nothing fetched from elsewhere.
      return send(200, 'text/html; charset=utf-8', message.html, { 'content-security-policy': "sandbox; default-src 'none'; style-src 'unsafe-inline'" });
    }
    if (req.method === 'GET' && url.pathname === '/') return send(200, 'text/html; charset=utf-8', page(messages));
    send(404, 'text/plain', 'not found');
  });
  await new Promise((resolve, reject) => {
    web.once('error', reject);
    web.listen(options.webPort ?? 0, host, () => resolve(undefined));
  });
  const webPort = /** @type {import('node:net').AddressInfo} */ (web.address()).port;

  return {
    smtpUrl: `smtp://${host}:${smtpPort}`,
    webUrl: `http://${host}:${webPort}`,
    /** @returns {StoredMessage[]} */
    messages: () => [...messages],
    clear() {
      messages = [];
      save();
    },
    /** @param {{ reject?: number, delayMs?: number }} spec */
    setFaults(spec) {
      faults.reject = spec.reject ?? 0;
      faults.delayMs = spec.delayMs ?? 0;
    },
    async close() {
      web.closeAllConnections();
      await new Promise((resolve) => web.close(() => resolve(undefined)));
      await new Promise((resolve) => smtp.close(() => resolve(undefined)));
    },
  };
}

/** @param {string} text */
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Japanese text gets lang="ja", so that it is read out and drawn as Japanese. @param {string} text */
function langOf(text) {
  return /[\u3040-\u30ff\u4e00-\u9fff]/.test(text) ? 'ja' : 'en';
}

/** @param {StoredMessage[]} messages */
function page(messages) {
  const items = [...messages]
    .reverse()
    .map((m) => {
      const lang = langOf(`${m.subject}${m.text}`);
      return `<article aria-labelledby="m${m.id}">
  <h2 id="m${m.id}" lang="${lang}">${escapeHtml(m.subject || '(no subject)')}</h2>
  <dl>
    <dt>To</dt><dd>${escapeHtml(m.to.join(', '))}</dd>
    <dt>From</dt><dd>${escapeHtml(m.from)}</dd>
    <dt>Received</dt><dd><time datetime="${m.receivedAt}">${escapeHtml(m.receivedAt.replace('T', ' ').slice(0, 19))} UTC</time></dd>
  </dl>
  <pre lang="${lang}">${escapeHtml(m.text)}</pre>
  ${m.html ? `<p><a href="/messages/${m.id}/html">Show as HTML<span class="visually-hidden">: ${escapeHtml(m.subject)}</span></a></p>` : ''}
</article>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Local mailbox · Kagi demo</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 48rem; padding: 1rem; color: #0f172a; background: #f8fafc; line-height: 1.5; }
  article { background: #fff; border: 1px solid #cbd5e1; border-radius: 0.5rem; padding: 1rem; margin: 1rem 0; }
  h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin: 0 0 0.5rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 1rem; margin: 0 0 0.5rem; font-size: 0.9rem; color: #334155; }
  dt { font-weight: 600; } dd { margin: 0; }
  pre { white-space: pre-wrap; word-break: break-word; font-family: inherit; background: #f1f5f9; padding: 0.75rem; border-radius: 0.25rem; margin: 0; }
  a { color: #1d4ed8; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
</style>
</head>
<body>
<main>
<h1>Local mailbox</h1>
<p>Every e-mail Kagi sends in the demo arrives here instead of a real mailbox. Newest first; reload to see new ones.
<span lang="ja">デモで Kagi が送るメールは、すべてここに届きます（新しい順。再読み込みで更新）。</span></p>
<p>${messages.length === 0 ? 'No messages yet.' : `${messages.length} message${messages.length === 1 ? '' : 's'}.`}</p>
${items}
</main>
</body>
</html>`;
}
