// Starts a test HTTP server on 127.0.0.1 (a free port) and closes it after the file's tests, cutting open
// connections (a test may leave a request hanging on purpose).
import type http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after } from 'node:test';

export async function listenLocally(server: http.Server): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  after(close);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close };
}
