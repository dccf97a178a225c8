// The SMTP server half of bench/digest.ts, in its own process: accepts every message and discards it
// (no parsing), so the benchmark measures our side. Prints {"port"} when listening; exits when stdin closes.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

let accepted = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, cb) {
    stream.on('end', () => {
      accepted++;
      cb();
    });
    stream.resume();
  },
});
server.on('error', () => {});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: (server.server.address() as AddressInfo).port }) + '\n');
});
process.stdin.on('end', () => {
  process.stderr.write(`smtp-sink: ${accepted} messages accepted\n`);
  process.exit(0);
});
process.stdin.resume();
