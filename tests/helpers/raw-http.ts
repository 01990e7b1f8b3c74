// Raw HTTP over node:net on 127.0.0.1, for what fetch cannot send: malformed URLs, bad chunking,
// duplicate headers, bodies that stall.
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  /** 0 when the server closed the connection without answering. */
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The server closed the connection (a client that gives up after its `waitMs` leaves this false). */
  closed: boolean;
}

export function parseRawResponse(raw: string): Omit<RawResponse, 'closed'> {
  const end = raw.indexOf('\r\n\r\n');
  if (end === -1) return { status: 0, headers: {}, body: raw };
  const [statusLine, ...lines] = raw.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine?.split(' ')[1] ?? 0), headers, body: raw.slice(end + 4) };
}

export interface OpenConnection {
  socket: Socket;
  write: (data: string | Buffer) => void;
  /** The first response on the connection, once it has fully arrived or the connection closed. */
  response: Promise<RawResponse>;
}

/** Opens a connection and sends `data`; more can be written later. */
export function openConnection(port: number, data: string | Buffer = '', { waitMs = 5_000 } = {}): OpenConnection {
  const socket = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  const response = new Promise<RawResponse>((resolve) => {
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      const parsed = parseRawResponse(Buffer.concat(chunks).toString('utf8'));
      resolve({ ...parsed, closed });
    };
    const timer = setTimeout(() => {
      finish(false);
      socket.destroy();
    }, waitMs);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      // A complete answer with a Content-Length can end before the connection does.
      const parsed = parseRawResponse(Buffer.concat(chunks).toString('utf8'));
      const length = Number(parsed.headers['content-length'] ?? Number.NaN);
      if (parsed.status > 0 && Buffer.byteLength(parsed.body) >= length && parsed.headers.connection !== 'close') {
        finish(false);
        socket.destroy();
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => finish(true));
  });
  if (data.length > 0) socket.write(data);
  return { socket, write: (more) => socket.write(more), response };
}

/** Sends `data` on a fresh connection and waits for the answer (or the close). */
export function rawRequest(port: number, data: string | Buffer, options: { waitMs?: number } = {}): Promise<RawResponse> {
  return openConnection(port, data, options).response;
}
