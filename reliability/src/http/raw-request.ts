import { Agent, type IncomingHttpHeaders, request } from 'node:http';

/** A request exactly as the fuzzer means it: header pairs in order (duplicates kept) and raw body bytes. */
export type RawRequest = {
  method: string;
  /** Path and query, sent as they are. */
  path: string;
  headers: [string, string][];
  body?: Buffer;
  /** Sent in two chunks without Content-Length (Transfer-Encoding: chunked). */
  chunked?: boolean;
};

export type Answer = { ok: true; status: number; headers: IncomingHttpHeaders; text: string; ms: number };
export type TransportFailure = { ok: false; error: string; ms: number; reusedSocket?: boolean };

const hasHeader = (headers: [string, string][], name: string) => headers.some(([key]) => key.toLowerCase() === name);

/** The header pairs put on the wire: Host first and the body's framing, unless the request sets them itself. */
function wireHeaders(target: URL, req: RawRequest): string[] {
  const pairs: [string, string][] = [];
  if (!hasHeader(req.headers, 'host')) pairs.push(['Host', target.host]);
  pairs.push(...req.headers);
  if (req.chunked) {
    if (!hasHeader(req.headers, 'transfer-encoding')) pairs.push(['Transfer-Encoding', 'chunked']);
  } else if (!hasHeader(req.headers, 'content-length')) {
    pairs.push(['Content-Length', String(req.body?.length ?? 0)]);
  }
  return pairs.flat();
}

/**
 * Sends a raw request with node:http (fetch would normalise headers and
 * refuse some bytes the fuzzer means to send). Never throws: a failure to
 * get a whole answer comes back as a TransportFailure.
 */
export async function sendRaw(
  baseUrl: string,
  req: RawRequest,
  options: { agent?: Agent; timeoutMs?: number } = {},
): Promise<Answer | TransportFailure> {
  const first = await sendOnce(baseUrl, req, options);
  // A kept-alive socket the server closed just as this request went out (after a
  // `Connection: close` answer, or its idle timeout) resets; Node's docs advise a
  // retry. A request that fails on a fresh connection is not retried.
  if (!first.ok && first.reusedSocket && first.error.includes('ECONNRESET')) {
    const second = await sendOnce(baseUrl, req, { ...options, agent: new Agent({ keepAlive: false }) });
    return second.ok ? second : { ...second, error: `${first.error}, then on retry ${second.error}` };
  }
  return first;
}

function sendOnce(baseUrl: string, req: RawRequest, options: { agent?: Agent; timeoutMs?: number }): Promise<Answer | TransportFailure> {
  const target = new URL(baseUrl);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (value: Answer | TransportFailure) => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    let outgoing: ReturnType<typeof request>;
    try {
      outgoing = request({
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.path,
        headers: wireHeaders(target, req),
        agent: options.agent,
        timeout: options.timeoutMs ?? 15_000,
      });
    } catch (error) {
      settle({ ok: false, error: `not sendable: ${(error as Error).message}`, ms: elapsed() });
      return;
    }
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        settle({
          ok: true,
          status: response.statusCode ?? 0,
          headers: response.headers,
          text: Buffer.concat(chunks).toString('utf8'),
          ms: elapsed(),
        }),
      );
      response.on('error', (error) => settle({ ok: false, error: `response: ${error.message}`, ms: elapsed() }));
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
    // A server may answer (413) and close before the whole body is written: the answer counts, the write error not.
    outgoing.on('error', (error) =>
      settle({
        ok: false,
        error: `${error.message}${outgoing.reusedSocket ? ' (kept-alive socket)' : ' (new connection)'}`,
        ms: elapsed(),
        reusedSocket: outgoing.reusedSocket,
      }),
    );
    if (req.chunked && req.body && req.body.length > 1) {
      const half = Math.floor(req.body.length / 2);
      outgoing.write(req.body.subarray(0, half));
      outgoing.end(req.body.subarray(half));
    } else {
      outgoing.end(req.body);
    }
  });
}

/** Bytes of the request line and header block, as Node's parser counts them against its 16 KiB limit. */
export function headerBytes(target: URL, req: RawRequest): number {
  const pairs = wireHeaders(target, req);
  let total = `${req.method} ${req.path} HTTP/1.1\r\n`.length + 2;
  for (let i = 0; i < pairs.length; i += 2) total += Buffer.byteLength(`${pairs[i]}: ${pairs[i + 1]}\r\n`, 'latin1');
  return total;
}

/** The request as text for a report: printable bytes as they are, anything else escaped. */
export function describeRequest(baseUrl: string, req: RawRequest, maxBody = 2000): string {
  const escapeBytes = (bytes: Buffer) =>
    [...bytes]
      .map((b) => (b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`))
      .join('');
  const pairs = wireHeaders(new URL(baseUrl), req);
  const lines = [`${req.method} ${req.path} HTTP/1.1`];
  for (let i = 0; i < pairs.length; i += 2) {
    const value = Buffer.from(pairs[i + 1]!, 'latin1');
    lines.push(`${pairs[i]}: ${escapeBytes(value.subarray(0, 300))}${value.length > 300 ? `… (${value.length} bytes)` : ''}`);
  }
  const body = req.body ?? Buffer.alloc(0);
  const shown = escapeBytes(body.subarray(0, maxBody));
  return `${lines.join('\n')}\n\n${shown}${body.length > maxBody ? `… (${body.length} bytes in all)` : ''}`;
}
