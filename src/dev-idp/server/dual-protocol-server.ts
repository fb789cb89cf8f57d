import {
  createServer as createHttp1Server,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import {
  createServer as createHttp2Server,
  type Http2ServerRequest,
  type Http2ServerResponse,
} from 'node:http2';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

/** RFC 9113 section 3.4: a prior-knowledge HTTP/2 client opens with exactly these 24 octets. */
const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/**
 * HTTP/1.1 and cleartext HTTP/2 on one port. The SDK sends its token and key requests over HTTP/1.1
 * (axios) and its management calls as gRPC over h2c with prior knowledge (no Upgrade dance), both
 * to the same environment URL; so each connection's first bytes decide which server gets it.
 */
export class DualProtocolServer {
  private readonly http1;
  private readonly http2;
  private readonly tcp;
  private readonly sockets = new Set<Socket>();

  /**
   * @param sniffTimeoutMs how long a new connection may take to send enough bytes to be told apart;
   *   until then neither server's own timeouts apply, so without this limit a client that
   *   connects and stays silent (or stops mid-preface) would hold its socket forever.
   */
  constructor(
    onHttp1: (req: IncomingMessage, res: ServerResponse) => void,
    onHttp2: (req: Http2ServerRequest, res: Http2ServerResponse) => void,
    private readonly sniffTimeoutMs = 10_000,
  ) {
    this.http1 = createHttp1Server(onHttp1);
    this.http2 = createHttp2Server(onHttp2);
    this.tcp = createTcpServer((socket) => this.route(socket));
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.tcp.once('error', reject);
      this.tcp.listen(port, host, () => {
        this.tcp.off('error', reject);
        resolve(this.tcp.address() as AddressInfo);
      });
    });
  }

  /** Stops accepting and closes open connections (keep-alive and HTTP/2 sessions would hold it open). */
  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.tcp.close(() => resolve()));
    this.http1.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    return closed;
  }

  private route(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let seen = Buffer.alloc(0);
    const onSilence = (): void => void socket.destroy();
    socket.setTimeout(this.sniffTimeoutMs, onSilence);
    const onReadable = (): void => {
      let chunk: Buffer | null;
      while ((chunk = socket.read() as Buffer | null) !== null) seen = Buffer.concat([seen, chunk]);
      const length = Math.min(seen.length, HTTP2_PREFACE.length);
      const isPrefix = seen.subarray(0, length).equals(HTTP2_PREFACE.subarray(0, length));
      if (isPrefix && seen.length < HTTP2_PREFACE.length) return; // not enough bytes to tell yet
      socket.off('readable', onReadable);
      socket.setTimeout(0);
      socket.off('timeout', onSilence);
      // Put the bytes back so the chosen server parses the connection from its first byte.
      socket.unshift(seen);
      (isPrefix ? this.http2 : this.http1).emit('connection', socket);
    };
    socket.on('readable', onReadable);
  }
}
