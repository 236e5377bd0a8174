// Mutual TLS as Terraform's plugin client (go-plugin's AutoMTLS) expects it: Terraform hands
// the plugin its own one-time client certificate in PLUGIN_CLIENT_CERT; the plugin answers
// with a one-time certificate of its own for "localhost" in the handshake line, and accepts
// only connections that present Terraform's certificate.
import 'reflect-metadata'; // @peculiar/x509 resolves its parts through tsyringe, which needs it
import * as x509 from '@peculiar/x509';
import { randomBytes, webcrypto } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';

export interface PluginTls {
  readonly credentials: grpc.ServerCredentials;
  /** the certificate's DER, unpadded standard base64: the handshake line's sixth field */
  readonly handshakeCertificate: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface OneTimeCertificate {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  /** DER, unpadded standard base64, as go-plugin's handshake line carries it */
  readonly derBase64: string;
}

/** a self-signed certificate for "localhost", as each side of go-plugin's AutoMTLS makes one */
export async function oneTimeCertificate(now: Date = new Date()): Promise<OneTimeCertificate> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(16).toString('hex').replace(/^[89a-f]/, '1'), // positive, as DER wants
    name: 'CN=localhost, O=ibm-data-guard stand-in provider',
    // a little slack for clock skew; the certificate lives only as long as this process
    notBefore: new Date(now.getTime() - 30_000),
    notAfter: new Date(now.getTime() + 24 * 3600_000),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      // the peer puts this very certificate in its root pool, so it is its own CA
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement | x509.KeyUsageFlags.keyCertSign, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }]),
    ],
  });
  const privateKey = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  return {
    certificatePem: certificate.toString('pem'),
    privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${privateKey.replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END PRIVATE KEY-----\n`,
    derBase64: Buffer.from(certificate.rawData).toString('base64').replace(/=+$/, ''),
  };
}

/** server credentials that trust only the client certificate Terraform passed */
export async function pluginTls(clientCertificatePem: string): Promise<PluginTls> {
  const own = await oneTimeCertificate();
  return {
    credentials: grpc.ServerCredentials.createSsl(Buffer.from(clientCertificatePem), [{ private_key: Buffer.from(own.privateKeyPem), cert_chain: Buffer.from(own.certificatePem) }], true),
    handshakeCertificate: own.derBase64,
  };
}
