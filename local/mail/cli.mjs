#!/usr/bin/env node
// @ts-check
// Runs the local mail stand-in until SIGINT/SIGTERM: node local/mail/cli.mjs [--smtp-port 4525] [--web-port 4530] [--state FILE]
import { parseArgs } from 'node:util';
import { startLocalMail } from './server.mjs';

const { values } = parseArgs({
  options: { 'smtp-port': { type: 'string', default: '4525' }, 'web-port': { type: 'string', default: '4530' }, state: { type: 'string' } },
});
const mail = await startLocalMail({ smtpPort: Number(values['smtp-port']), webPort: Number(values['web-port']), stateFile: values.state });
console.log(`local mail: SMTP ${mail.smtpUrl}, mailbox ${mail.webUrl}`);
const stop = () => void mail.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
