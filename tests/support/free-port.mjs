// @ts-check
import fs from 'node:fs';
import net from 'node:net';

/**
 * The lowest port the system hands out by itself (to `listen(0)` and to outgoing connections),
 * from Linux's ip_local_port_range; 32768 where that cannot be read.
 */
function ephemeralLow() {
  try {
    const low = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 2048 ? low : 32768;
  } catch {
    return 32768;
  }
}

/** @param {number} port */
function bindable(port) {
  return /** @type {Promise<boolean>} */ (
    new Promise((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    })
  );
}

/**
 * A TCP port on 127.0.0.1 that nothing listens on right now, for a server a test starts a
 * moment later. Picked at random below the system's ephemeral range: a port from `listen(0)`
 * could be handed out again, in between, to a stand-in listening on port 0 or to an outgoing
 * connection, and the server would then fail to start (EADDRINUSE).
 */
export async function freePort() {
  const high = ephemeralLow() - 1;
  const low = Math.max(1024, high - 12_000);
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port found between ${low} and ${high}`);
}
