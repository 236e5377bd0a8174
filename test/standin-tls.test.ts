// The stand-in provider speaks go-plugin's AutoMTLS as Terraform expects: it trusts only the
// client certificate Terraform passes in PLUGIN_CLIENT_CERT, and answers with its own
// certificate in the handshake line. Here the test plays Terraform's side of the handshake.
import { ChildProcess, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { oneTimeCertificate, OneTimeCertificate } from '../verify/plugin-tls';

const COOKIE = { TF_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2' };
const STANDIN = path.join(__dirname, '..', 'verify', 'standin-provider.ts');

interface Started {
  readonly child: ChildProcess;
  readonly handshake: string[];
}

// starts the stand-in as Terraform does and waits for its handshake line
function start(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), STANDIN], { env: { PATH: process.env.PATH, STANDIN_PROVIDER: 'hashicorp/time', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve({ child, handshake: out.trim().split('|') });
    });
    child.on('exit', (code) => reject(new Error(`the stand-in exited (${code}) before its handshake: ${out}`)));
  });
}

interface ProviderClient {
  GetSchema(request: object, callback: (error: grpc.ServiceError | null, response: unknown) => void): void;
  close(): void;
}

function providerClient(address: string, credentials: grpc.ChannelCredentials): ProviderClient {
  const definition = protoLoader.loadSync(path.join(__dirname, '..', 'verify', 'tfplugin5.proto'), { keepCase: true, defaults: true });
  const Provider = (grpc.loadPackageDefinition(definition).tfplugin5 as grpc.GrpcObject).Provider as grpc.ServiceClientConstructor;
  // go-plugin dials 127.0.0.1 and checks the certificate against the name "localhost"
  return new Provider(address, credentials, { 'grpc.ssl_target_name_override': 'localhost', 'grpc.default_authority': 'localhost' }) as never;
}

function schemaOf(client: ProviderClient): Promise<{ resource_schemas: Record<string, unknown> }> {
  return new Promise((resolve, reject) => client.GetSchema({}, (error, response) => (error ? reject(error) : resolve(response as { resource_schemas: Record<string, unknown> }))));
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill();
});

describe('mutual TLS, as Terraform dials a plugin', () => {
  let terraformSide: OneTimeCertificate;
  let started: Started;
  let serverCertificatePem: string;

  beforeAll(async () => {
    terraformSide = await oneTimeCertificate();
  });
  beforeEach(async () => {
    started = await start({ ...COOKIE, PLUGIN_CLIENT_CERT: terraformSide.certificatePem });
    running.push(started.child);
    const der = Buffer.from(started.handshake[5] ?? '', 'base64');
    serverCertificatePem = new X509Certificate(der).toString();
  });

  test('the handshake line carries a certificate for localhost in its sixth field, unpadded base64 DER', () => {
    expect(started.handshake.slice(0, 3)).toEqual(['1', '5', 'tcp']);
    expect(started.handshake[3]).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(started.handshake[4]).toBe('grpc');
    expect(started.handshake[5]).toMatch(/^[A-Za-z0-9+/]+$/);
    const certificate = new X509Certificate(Buffer.from(started.handshake[5]!, 'base64'));
    expect(certificate.subjectAltName).toBe('DNS:localhost');
    expect(certificate.ca).toBe(true);
    expect(certificate.checkIssued(certificate)).toBe(true);
  });

  test('a client with the certificate Terraform passed is served', async () => {
    const client = providerClient(started.handshake[3]!, grpc.credentials.createSsl(Buffer.from(serverCertificatePem), Buffer.from(terraformSide.privateKeyPem), Buffer.from(terraformSide.certificatePem)));
    const schema = await schemaOf(client);
    client.close();
    expect(Object.keys(schema.resource_schemas).sort()).toEqual(['time_rotating', 'time_static']);
  });

  test('a client without a certificate, or with another one, is refused', async () => {
    const anonymous = providerClient(started.handshake[3]!, grpc.credentials.createSsl(Buffer.from(serverCertificatePem)));
    await expect(schemaOf(anonymous)).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    anonymous.close();
    const stranger = await oneTimeCertificate();
    const impostor = providerClient(started.handshake[3]!, grpc.credentials.createSsl(Buffer.from(serverCertificatePem), Buffer.from(stranger.privateKeyPem), Buffer.from(stranger.certificatePem)));
    await expect(schemaOf(impostor)).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    impostor.close();
  });
});

test('with plugin TLS turned off (Terraform passes no certificate), the stand-in speaks plain gRPC', async () => {
  const started = await start(COOKIE);
  running.push(started.child);
  expect(started.handshake).toHaveLength(5);
  const client = providerClient(started.handshake[3]!, grpc.credentials.createInsecure());
  expect(Object.keys((await schemaOf(client)).resource_schemas)).toContain('time_rotating');
  client.close();
});

test('run by hand, without the cookie Terraform sets, it says what it is and exits 1', async () => {
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), STANDIN], { env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  expect(code).toBe(1);
  expect(err).toBe('This is the ibm-data-guard stand-in for a Terraform provider: Terraform starts it; it is not run by hand.\n');
});
