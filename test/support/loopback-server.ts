// What every loopback stand-in shares: a server on 127.0.0.1 and a free port, stopped with
// its open connections (so a test never waits on a keep-alive), the faults a test injects,
// the request body read whole, and IAM access tokens shaped as JWTs, as IBM's SDKs decode them.
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export abstract class LoopbackServer {
  private server?: Server;
  private port = 0;

  public get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  public async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
    return this;
  }

  public async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** the faults a test injects: each for `times` matching requests, after letting `skip` of them pass */
export class FaultPlan<F> {
  private readonly rules: { method: string; path: RegExp; fault: F; remaining: number; skip: number }[] = [];

  public add(method: string, path: RegExp, fault: F, times = 1, skip = 0): void {
    this.rules.push({ method, path, fault, remaining: times, skip });
  }

  /** the fault for this request, if one applies to it */
  public take(method: string, path: string): F | undefined {
    const rule = this.rules.find((each) => each.remaining > 0 && each.method === method && each.path.test(path));
    if (!rule) return undefined;
    if (rule.skip > 0) {
      rule.skip -= 1;
      return undefined;
    }
    rule.remaining -= 1;
    return rule.fault;
  }
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(Buffer.alloc(0)));
  });
}

/** a JWT-shaped access token with these claims (unsigned: the SDKs decode, never verify) */
export function jwtShaped(header: Record<string, unknown>, claims: Record<string, unknown>, serial: number): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode(header)}.${encode(claims)}.fake-signature-${serial}`;
}
