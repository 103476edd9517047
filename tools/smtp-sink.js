#!/usr/bin/env node
// SMTP sink for local development and tests.
//
// Accepts every message (no TLS, any or no authentication), keeps the caught mails in memory
// and serves them over a tiny HTTP API:
//   GET    /messages          JSON array: { id, from, to[], subject, date, raw, ... } (oldest first)
//   GET    /messages/:id/raw  the RFC 822 source of one message (text/plain)
//   DELETE /messages          forget every caught message (204)
//   POST   /hold              from now on, keep each message but hold back the server's answer
//                             to its data (the sender waits, as with a slow relay) (204)
//   POST   /release           answer every held message ("250 queued") and stop holding (204)
//   GET    /hold              { holding, held }: whether answers are held and how many wait
//   GET    /                  a minimal HTML list for humans
//
// `from` and `to` are the SMTP envelope addresses (MAIL FROM / RCPT TO, so Bcc recipients are
// included); `fromHeader`/`toHeader` are the decoded header values; `date` is the time the sink
// received the message (ISO 8601, UTC).
//
// Ports: --smtp-port N (env SMTP_PORT, default 2525) and --http-port N (env SMTP_HTTP_PORT,
// default 1080). Port 0 picks a free port; the ready line reports the ports actually bound.
// Both servers bind 127.0.0.1 only.
'use strict';

const http = require('node:http');
const { SMTPServer } = require('smtp-server');

const MAX_MESSAGES = 5000;
const MAX_MESSAGE_BYTES = 50 * 1024 * 1024;
const HOST = '127.0.0.1';

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) {
      throw new Error(`unknown argument: ${arg}`);
    }
    const name = match[1];
    if (name === 'help') {
      options.help = true;
      continue;
    }
    let value = match[2];
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) {
        throw new Error(`--${name} needs a value`);
      }
    }
    options[name] = value;
  }
  return options;
}

function port(value, fallback, what) {
  if (value === undefined || value === '') {
    return fallback;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new Error(`${what}: not a TCP port: ${value}`);
  }
  return n;
}

// Unfolded header block of an RFC 822 message (everything before the first empty line).
function headerBlock(raw) {
  const end = raw.search(/\r?\n\r?\n/);
  const head = end < 0 ? raw : raw.slice(0, end);
  return head.replace(/\r?\n[ \t]+/g, ' ');
}

function header(head, name) {
  const re = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im');
  const match = re.exec(head);
  return match ? decodeEncodedWords(match[1].trim()) : '';
}

// RFC 2047 encoded words (=?charset?B|Q?text?=), enough for subjects and display names.
function decodeEncodedWords(value) {
  return value
    .replace(/(=\?[^?]+\?[bBqQ]\?[^?]*\?=)\s+(?==\?[^?]+\?[bBqQ]\?[^?]*\?=)/g, '$1')
    .replace(/=\?([^?*]+)(?:\*[^?]*)?\?([bBqQ])\?([^?]*)\?=/g, (word, charset, encoding, text) => {
      try {
        const bytes = encoding.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(
              text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))),
              'latin1');
        return new TextDecoder(charset.toLowerCase()).decode(bytes);
      } catch {
        return word;
      }
    });
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write('usage: node tools/smtp-sink.js [--smtp-port 2525] [--http-port 1080]\n');
    return;
  }
  const smtpPort = port(args['smtp-port'] ?? process.env.SMTP_PORT, 2525, 'smtp port');
  const httpPort = port(args['http-port'] ?? process.env.SMTP_HTTP_PORT, 1080, 'http port');

  const messages = [];
  let nextId = 1;
  // Answers to DATA held back while `holding` (tests: a mail accepted just before something else fails).
  let holding = false;
  const held = [];

  const smtp = new SMTPServer({
    name: 'smtp-sink.localhost',
    banner: 'AstroBlob SMTP sink',
    secure: false,
    hideSTARTTLS: true,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    disableReverseLookup: true,
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onAuth(auth, session, callback) {
      callback(null, { user: auth.username || 'anonymous' });
    },
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', chunk => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const head = headerBlock(raw);
        const message = {
          id: String(nextId++),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map(r => r.address),
          subject: header(head, 'Subject'),
          date: new Date().toISOString(),
          fromHeader: header(head, 'From'),
          toHeader: header(head, 'To'),
          messageId: header(head, 'Message-ID'),
          raw,
        };
        messages.push(message);
        if (messages.length > MAX_MESSAGES) {
          messages.splice(0, messages.length - MAX_MESSAGES);
        }
        const answer = () => callback(null, `Message queued as ${message.id}`);
        if (holding) {
          held.push(answer);
        } else {
          answer();
        }
      });
    },
  });

  const web = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://sink');
    const send = (status, type, body) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/messages' && req.method === 'GET') {
      return send(200, 'application/json; charset=utf-8', JSON.stringify(messages));
    }
    if (url.pathname === '/messages' && req.method === 'DELETE') {
      messages.length = 0;
      res.writeHead(204);
      return res.end();
    }
    if (url.pathname === '/hold' && req.method === 'POST') {
      holding = true;
      res.writeHead(204);
      return res.end();
    }
    if (url.pathname === '/release' && req.method === 'POST') {
      holding = false;
      held.splice(0).forEach(answer => answer());
      res.writeHead(204);
      return res.end();
    }
    if (url.pathname === '/hold' && req.method === 'GET') {
      return send(200, 'application/json; charset=utf-8', JSON.stringify({ holding, held: held.length }));
    }
    const rawMatch = /^\/messages\/([^/]+)\/raw$/.exec(url.pathname);
    if (rawMatch && req.method === 'GET') {
      const message = messages.find(m => m.id === decodeURIComponent(rawMatch[1]));
      return message
        ? send(200, 'text/plain; charset=utf-8', message.raw)
        : send(404, 'text/plain; charset=utf-8', 'no such message\n');
    }
    if (url.pathname === '/' && req.method === 'GET') {
      const rows = messages.slice().reverse().map(m =>
        `<tr><td>${escapeHtml(m.date)}</td><td>${escapeHtml(m.to.join(', '))}</td>` +
        `<td><a href="/messages/${encodeURIComponent(m.id)}/raw">${escapeHtml(m.subject || '(no subject)')}</a></td></tr>`);
      const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SMTP sink (${messages.length})</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:left}</style>
</head><body><h1>Caught mail (${messages.length})</h1>
${rows.length ? `<table><thead><tr><th>Date (UTC)</th><th>To</th><th>Subject</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>` : '<p>No mail yet.</p>'}
<p><a href="/messages">JSON</a> &middot; newest first &middot; reload to refresh</p>
</body></html>
`;
      return send(200, 'text/html; charset=utf-8', body);
    }
    return send(404, 'text/plain; charset=utf-8', 'not found\n');
  });

  let shuttingDown = false;
  const shutdown = () => {
    if (shuttingDown) {
      return;
    }
    shuttingDown = true;
    web.close();
    web.closeAllConnections?.();
    smtp.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  const fail = (what, err) => {
    process.stderr.write(`smtp-sink: cannot listen (${what}): ${err.message}\n`);
    process.exit(1);
  };
  let listening = false;
  web.once('error', err => fail('http', err));
  smtp.on('error', err => {
    if (!listening) {
      fail('smtp', err);
    }
    process.stderr.write(`smtp-sink: smtp error: ${err.message}\n`);
  });

  smtp.listen(smtpPort, HOST, () => {
    web.listen(httpPort, HOST, () => {
      listening = true;
      const boundSmtp = smtp.server.address().port;
      const boundHttp = web.address().port;
      process.stdout.write(`smtp-sink ready: smtp ${HOST}:${boundSmtp}, http http://${HOST}:${boundHttp}/\n`);
    });
  });
}

try {
  main();
} catch (err) {
  process.stderr.write(`smtp-sink: ${err.message}\n`);
  process.exit(2);
}
