/**
 * The cluster CA certificate that `kube-root-ca.crt` publishes, as kubeadm creates it for a
 * kind cluster: a self-signed X.509 v3 CA with subject and issuer `CN=kubernetes`, valid for
 * ten years, key usage digitalSignature/keyEncipherment/keyCertSign, basicConstraints CA:TRUE,
 * and subjectAltName DNS:kubernetes.
 *
 * It is well-formed DER in a PEM envelope (openssl and Go parse it), generated deterministically
 * from the seeded RNG. It is NOT a working certificate: the RSA modulus is random bytes, not a
 * product of two primes, and the signature is random bytes too. Nothing in Breakfix does TLS.
 */
import type { Rand } from '../../rand';

type Bytes = number[];

function tlv(tag: number, content: Bytes): Bytes {
  const len = content.length;
  if (len < 0x80) return [tag, len, ...content];
  const lenBytes: Bytes = [];
  for (let n = len; n > 0; n >>= 8) lenBytes.unshift(n & 0xff);
  return [tag, 0x80 | lenBytes.length, ...lenBytes, ...content];
}

const seq = (...items: Bytes[]): Bytes => tlv(0x30, items.flat());
const set = (...items: Bytes[]): Bytes => tlv(0x31, items.flat());
const explicit = (n: number, content: Bytes): Bytes => tlv(0xa0 | n, content);
const nul = (): Bytes => [0x05, 0x00];
const bool = (v: boolean): Bytes => [0x01, 0x01, v ? 0xff : 0x00];
const octets = (b: Bytes): Bytes => tlv(0x04, b);
const bits = (b: Bytes, unused = 0): Bytes => tlv(0x03, [unused, ...b]);
const printable = (s: string): Bytes =>
  tlv(
    0x13,
    [...s].map((c) => c.charCodeAt(0)),
  );

/** A non-negative INTEGER from big-endian magnitude bytes. */
function integer(magnitude: Bytes): Bytes {
  let b = magnitude.slice();
  while (b.length > 1 && b[0] === 0 && (b[1]! & 0x80) === 0) b = b.slice(1);
  if ((b[0]! & 0x80) !== 0) b.unshift(0);
  return tlv(0x02, b);
}

function oid(dotted: string): Bytes {
  const parts = dotted.split('.').map(Number);
  const out: Bytes = [40 * parts[0]! + parts[1]!];
  for (const p of parts.slice(2)) {
    const enc: Bytes = [p & 0x7f];
    for (let n = p >>> 7; n > 0; n >>>= 7) enc.unshift(0x80 | (n & 0x7f));
    out.push(...enc);
  }
  return tlv(0x06, out);
}

/** UTCTime `YYMMDDHHMMSSZ` (X.509 uses UTCTime for years before 2050). */
function utcTime(ms: number): Bytes {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  const s = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return tlv(
    0x17,
    [...s].map((c) => c.charCodeAt(0)),
  );
}

function randomBytes(rand: Rand, n: number): Bytes {
  const out: Bytes = [];
  for (let i = 0; i < n; i++) out.push(rand.int(256));
  return out;
}

const SHA256_WITH_RSA = seq(oid('1.2.840.113549.1.1.11'), nul());
const RSA_ENCRYPTION = seq(oid('1.2.840.113549.1.1.1'), nul());
const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

/** PEM text of a kubeadm-style cluster CA, created at `createdAt` (ms). */
export function fakeClusterCA(rand: Rand, createdAt: number): string {
  const name = seq(set(seq(oid('2.5.4.3'), printable('kubernetes'))));
  const modulus = randomBytes(rand, 256);
  modulus[0] = modulus[0]! | 0x80;
  modulus[255] = modulus[255]! | 0x01;
  const rsaKey = seq(integer(modulus), integer([0x01, 0x00, 0x01]));
  const spki = seq(RSA_ENCRYPTION, bits(rsaKey));
  const keyId = randomBytes(rand, 20);
  const notBefore = Math.floor(createdAt / 1000) * 1000;
  const extensions = seq(
    // keyUsage (critical): digitalSignature, keyEncipherment, keyCertSign
    seq(oid('2.5.29.15'), bool(true), octets(bits([0xa4], 2))),
    // basicConstraints (critical): CA:TRUE
    seq(oid('2.5.29.19'), bool(true), octets(seq(bool(true)))),
    // subjectKeyIdentifier
    seq(oid('2.5.29.14'), octets(octets(keyId))),
    // subjectAltName: DNS:kubernetes
    seq(
      oid('2.5.29.17'),
      octets(
        seq(
          tlv(
            0x82,
            [...'kubernetes'].map((c) => c.charCodeAt(0)),
          ),
        ),
      ),
    ),
  );
  const serial = randomBytes(rand, 8);
  serial[0] = serial[0]! & 0x7f;
  const tbs = seq(
    explicit(0, integer([2])),
    integer(serial),
    SHA256_WITH_RSA,
    name,
    seq(utcTime(notBefore), utcTime(notBefore + TEN_YEARS_MS)),
    name,
    spki,
    explicit(3, extensions),
  );
  const der = seq(tbs, SHA256_WITH_RSA, bits(randomBytes(rand, 256)));
  const b64 = btoa(String.fromCharCode(...der));
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
