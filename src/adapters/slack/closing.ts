/**
 * Closing the Slack HTTP receiver's server without resetting a request: Slack (and any client behind a
 * keep-alive agent) reuses idle connections, so a request can be on its way on an idle socket at the very
 * moment the bot stops; `server.close()` alone destroys idle sockets at once and that request is reset.
 *
 * Here, once closing begins: no new connection is accepted; every response, from requests in flight or
 * arriving on an open keep-alive socket, carries `Connection: close` (the client then stops reusing the
 * socket, and Node closes it after the response); idle sockets are closed only after requests have stopped
 * arriving for {@link IDLE_QUIET_MS}; whatever is still open at the deadline is closed.
 *
 * @example
 * const gate = new ServerGate(server);      // before the first request
 * server.on('request', (req, res) => { gate.track(res); ... });
 * await gate.close(Date.now() + 5000);     // at shutdown, after the answers in flight are drained
 */
import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';

/** Quiet time (no request arriving, none open) after which idle keep-alive sockets are closed, in ms. */
export const IDLE_QUIET_MS = 250;
/** Longest the closing may take by default (the bot's shutdown bound), in ms. */
export const CLOSE_WITHIN_MS = 5_000;

/** The requests of one HTTP server and its graceful close. */
export class ServerGate {
  private readonly open = new Set<ServerResponse>();
  private lastRequestAt = 0;
  private closing: Promise<void> | undefined;

  constructor(private readonly server: Server) {}

  /** True once {@link begin} was called. */
  get isClosing(): boolean {
    return this.closing !== undefined;
  }

  /** Counts a response until it is sent (or its connection ends); after closing began, it closes its connection. */
  track(res: ServerResponse): void {
    this.lastRequestAt = Date.now();
    this.open.add(res);
    if (this.closing) res.setHeader('connection', 'close');
    res.once('close', () => this.open.delete(res));
  }

  /**
   * Stops accepting connections (idle keep-alive sockets stay open for now) and marks every unsent
   * response `Connection: close`. Resolves when the server has closed (every socket gone). Idempotent.
   */
  begin(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      // net.Server's close: http.Server's would also destroy the idle keep-alive sockets right away.
      NetServer.prototype.close.call(this.server, () => resolve());
    });
    for (const res of this.open) if (!res.headersSent) res.setHeader('connection', 'close');
    return this.closing;
  }

  /**
   * Closes the server gracefully: {@link begin}, then waits until no request is open and none arrived for
   * {@link IDLE_QUIET_MS}, closes the idle sockets, and at `deadline` (epoch ms) closes every socket left.
   */
  async close(deadline: number = Date.now() + CLOSE_WITHIN_MS): Promise<void> {
    const closed = this.begin();
    while (Date.now() < deadline) {
      const quietFor = Date.now() - this.lastRequestAt;
      if (this.open.size === 0 && quietFor >= IDLE_QUIET_MS) break;
      await sleep(Math.min(this.open.size ? 20 : IDLE_QUIET_MS - quietFor, Math.max(0, deadline - Date.now())));
    }
    this.server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))));
    await Promise.race([closed, late]);
    clearTimeout(timer);
    this.server.closeAllConnections();
    await closed;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(1, ms)));
