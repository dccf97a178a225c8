// A real SMTP server on 127.0.0.1 (npm smtp-server) that keeps every message, parsed with mailparser,
// and misbehaves on cue: refuses some recipients with 550, drops the connection during a message.
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

export interface Received {
  to: string;
  subject: string;
  messageId: string;
  headers: ParsedMail['headers'];
  /** The header section as sent, for headers mailparser restructures (List-*). */
  rawHeaders: string;
  text: string;
  html: string;
}

export interface TestSmtp {
  url: string;
  received: Received[];
  /** Addresses answered with "550 no such user". */
  refuse: Set<string>;
  /** When set, returns true for a message whose connection should be dropped (before it is accepted). */
  dropIf: ((to: string) => boolean) | null;
  /** Milliseconds each message takes to accept (a slow server widens a run for crash tests). */
  delayMs: number;
  /** Called after each accepted message. */
  onMessage: ((m: Received) => void) | null;
  close(): Promise<void>;
}

/** Starts the server on `port` (a free one by default: pass a port to bring a "down" mail server up). */
export async function startSmtp(port = 0): Promise<TestSmtp> {
  const state: TestSmtp = { url: '', received: [], refuse: new Set(), dropIf: null, delayMs: 0, onMessage: null, close: async () => {} };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (state.refuse.has(address.address.toLowerCase())) {
        const err = new Error('no such user') as Error & { responseCode: number };
        err.responseCode = 550;
        return cb(err);
      }
      cb();
    },
    onData(stream: SMTPServerDataStream, session, cb) {
      const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase()).join(',');
      if (state.dropIf?.(to)) {
        // The client sees the connection close before "250 OK": nothing was accepted.
        const connections = (server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }).connections;
        for (const conn of connections) if (conn.id === session.id) conn._socket.destroy();
        stream.resume();
        stream.on('end', () => cb(new Error('dropped')));
        return;
      }
      simpleParser(stream).then(
        async (mail) => {
          if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
          state.received.push({
            to,
            subject: mail.subject ?? '',
            messageId: mail.messageId ?? '',
            headers: mail.headers,
            rawHeaders: mail.headerLines.map((h) => h.line.replace(/\r?\n[ \t]+/g, ' ')).join('\n'),
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
          });
          state.onMessage?.(state.received.at(-1)!);
          cb();
        },
        (err: Error) => cb(err),
      );
    },
  });
  // A client killed mid-message resets its connection; that is expected here, not a test failure.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  state.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  let closed = false;
  state.close = async () => {
    if (closed) return;
    closed = true;
    // Pooled clients keep idle connections open; close() would wait for their timeout.
    for (const conn of (server as unknown as { connections: Set<{ _socket: { destroy(): void } }> }).connections) conn._socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  after(state.close);
  return state;
}
