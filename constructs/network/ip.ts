// IP addresses, ranges and subnets as intervals of integers, parsed by ipaddr.js.
// Everything that compares, contains or counts addresses goes through here.
import * as ipaddr from 'ipaddr.js';
import { show } from '../core/validation';

export type IpFamily = 4 | 6;

/** a contiguous block of addresses of one family, first and last included */
export interface IpInterval {
  readonly family: IpFamily;
  readonly first: bigint;
  readonly last: bigint;
}

/** an address, range or subnet as written, with its interval and its canonical text */
export interface ParsedIp extends IpInterval {
  readonly kind: 'ipAddress' | 'ipRange' | 'subnet';
  /** IPv4 dotted decimal, IPv6 in RFC 5952 form; ranges as `first-last`, subnets as `network/prefix` */
  readonly canonical: string;
}

/** either the parsed value or the reason it is not one */
export type IpParse = { readonly ok: true; readonly value: ParsedIp } | { readonly ok: false; readonly message: string };

const fail = (message: string): IpParse => ({ ok: false, message });

const ADDRESS_HINT = 'write IPv4 as four decimal numbers (203.0.113.7) and IPv6 in standard form (2001:db8::7)';

interface Address {
  readonly family: IpFamily;
  readonly value: bigint;
  readonly canonical: string;
}

// Strict on purpose: ipaddr.js also reads "10.1", "0x0a.0.0.1" and "010.0.0.1", which IBM Cloud does not.
function parseAddress(text: string): Address | string {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
    const address = ipaddr.IPv4.parse(text);
    return { family: 4, value: toInteger(address.toByteArray()), canonical: address.toString() };
  }
  if (text.includes(':') && ipaddr.IPv6.isValid(text)) {
    if (text.includes('%')) return `${show(text)} has a zone index (%…), which IBM Cloud does not take; remove it`;
    const address = ipaddr.IPv6.parse(text);
    return { family: 6, value: toInteger(address.toByteArray()), canonical: address.toRFC5952String() };
  }
  return `${show(text)} is not an IPv4 or IPv6 address; ${ADDRESS_HINT}`;
}

function toInteger(bytes: number[]): bigint {
  return bytes.reduce((sum, byte) => (sum << 8n) | BigInt(byte), 0n);
}

function bitsOf(family: IpFamily): number {
  return family === 4 ? 32 : 128;
}

/** a single address */
export function parseIpAddress(input: string): IpParse {
  const address = parseAddress(input.trim());
  if (typeof address === 'string') return fail(address);
  return { ok: true, value: { kind: 'ipAddress', family: address.family, first: address.value, last: address.value, canonical: address.canonical } };
}

/** `first-last` (spaces around the dash allowed), both ends in one family, first ≤ last */
export function parseIpRange(input: string): IpParse {
  const match = /^\s*([^\s-]+)\s*-\s*([^\s-]+)\s*$/.exec(input);
  if (!match) return fail(`${show(input)} is not an address range; write first-last, such as 203.0.113.10-203.0.113.20`);
  const first = parseAddress(match[1]!);
  if (typeof first === 'string') return fail(`${show(input)}: the first address: ${first}`);
  const last = parseAddress(match[2]!);
  if (typeof last === 'string') return fail(`${show(input)}: the last address: ${last}`);
  if (first.family !== last.family) return fail(`${show(input)} mixes IPv4 and IPv6; a range stays within one family`);
  if (first.value > last.value) {
    return fail(`${show(input)} starts after it ends; write the lower address first (${last.canonical}-${first.canonical})`);
  }
  return { ok: true, value: { kind: 'ipRange', family: first.family, first: first.value, last: last.value, canonical: `${first.canonical}-${last.canonical}` } };
}

/** `network/prefix` with no host bits set; `/0` is the whole family, whatever the address */
export function parseSubnet(input: string): IpParse {
  const match = /^\s*([^\s/]+)\/(\d{1,3})\s*$/.exec(input);
  if (!match) return fail(`${show(input)} is not a subnet; write address/prefix, such as 203.0.113.0/24`);
  const network = parseAddress(match[1]!);
  if (typeof network === 'string') return fail(`${show(input)}: ${network}`);
  const bits = bitsOf(network.family);
  const prefixText = match[2]!;
  const prefix = Number(prefixText);
  if (prefix > bits || (prefixText.length > 1 && prefixText.startsWith('0'))) {
    return fail(`${show(input)} has prefix length ${prefixText}; an IPv${network.family} prefix is a number from 0 to ${bits} without leading zeros`);
  }
  const hostBits = BigInt(bits - prefix);
  const hostMask = (1n << hostBits) - 1n;
  if (prefix === 0) {
    return { ok: true, value: { kind: 'subnet', family: network.family, first: 0n, last: hostMask, canonical: `${formatAddress(network.family, 0n)}/0` } };
  }
  if ((network.value & hostMask) !== 0n) {
    const base = network.value & ~hostMask;
    return fail(`${show(input)} has host bits set; the subnet that holds it is ${formatAddress(network.family, base)}/${prefix}`);
  }
  return {
    ok: true,
    value: { kind: 'subnet', family: network.family, first: network.value, last: network.value | hostMask, canonical: `${network.canonical}/${prefix}` },
  };
}

/** reads an address, a range or a subnet by its shape */
export function parseIp(input: string): IpParse {
  if (input.includes('/')) return parseSubnet(input);
  if (input.includes('-')) return parseIpRange(input);
  return parseIpAddress(input);
}

function formatAddress(family: IpFamily, value: bigint): string {
  const bytes: number[] = [];
  for (let i = family === 4 ? 3 : 15; i >= 0; i -= 1) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  const address = ipaddr.fromByteArray(bytes);
  return address.kind() === 'ipv6' ? (address as ipaddr.IPv6).toRFC5952String() : address.toString();
}

/** how many addresses an interval holds */
export function sizeOf(interval: IpInterval): bigint {
  return interval.last - interval.first + 1n;
}

/** whether the intervals share any address */
export function overlaps(a: IpInterval, b: IpInterval): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/** whether the union of `outer` holds every address of `inner` */
export function coveredBy(inner: IpInterval, outer: readonly IpInterval[]): boolean {
  const sorted = outer.filter((each) => each.family === inner.family).sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  let next = inner.first; // the lowest address of inner not yet covered
  for (const each of sorted) {
    if (each.first > next) break;
    if (each.last >= next) next = each.last + 1n;
    if (next > inner.last) return true;
  }
  return next > inner.last;
}

// Blocks that are never a public source address (RFC 6890 and its successors). Documentation
// ranges (RFC 5737, RFC 3849) are left out: they appear in examples and are harmless.
const NON_PUBLIC_BLOCKS: readonly (readonly [string, string])[] = [
  ['0.0.0.0/8', 'this-network'],
  ['10.0.0.0/8', 'private (RFC 1918)'],
  ['100.64.0.0/10', 'carrier-grade NAT'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private (RFC 1918)'],
  ['192.168.0.0/16', 'private (RFC 1918)'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
  ['::/127', 'unspecified or loopback'],
  ['fc00::/7', 'unique local (private)'],
  ['fe80::/10', 'link-local'],
  ['ff00::/8', 'multicast'],
];

const NON_PUBLIC: readonly { readonly interval: ParsedIp; readonly label: string }[] = NON_PUBLIC_BLOCKS.map(([cidr, label]) => {
  const parsed = parseSubnet(cidr);
  if (!parsed.ok) throw new Error(`bad built-in block ${cidr}`);
  return { interval: parsed.value, label };
});

/** the first non-public block an interval reaches into, as `10.0.0.0/8 (private (RFC 1918))`, if any */
export function nonPublicPart(interval: IpInterval): string | undefined {
  const hit = NON_PUBLIC.find((block) => overlaps(block.interval, interval));
  return hit ? `${hit.interval.canonical} (${hit.label})` : undefined;
}

/** how many addresses of an interval are public: outside every non-public block */
export function publicSizeOf(interval: IpInterval): bigint {
  return NON_PUBLIC.reduce((size, block) => {
    if (!overlaps(block.interval, interval)) return size;
    const first = block.interval.first > interval.first ? block.interval.first : interval.first;
    const last = block.interval.last < interval.last ? block.interval.last : interval.last;
    return size - (last - first + 1n);
  }, sizeOf(interval));
}

/** the widest public span one allowlist entry may cover: a /16 of IPv4, a /32 of IPv6 */
export const WIDEST_PUBLIC_PREFIX: Readonly<Record<IpFamily, number>> = { 4: 16, 6: 32 };

/**
 * What makes an address, range or subnet too wide to restrict anything, if it is: every
 * address of its family, or more public addresses than a /16 (IPv4) or /32 (IPv6). The one
 * definition that zones, the IAM allowlist, the guardrails and the review use.
 */
export function tooWideProblem(ip: ParsedIp): string | undefined {
  const bits = bitsOf(ip.family);
  if (isEveryAddress(ip)) return `${ip.canonical} is every IPv${ip.family} address`;
  const widest = WIDEST_PUBLIC_PREFIX[ip.family];
  const publicSize = publicSizeOf(ip);
  if (publicSize <= 1n << BigInt(bits - widest)) return undefined;
  return `${ip.canonical} holds ${publicSize.toLocaleString('en-US')} public addresses, more than a /${widest}`;
}

/** whether an interval holds every address of its family */
export function isEveryAddress(ip: IpInterval): boolean {
  return ip.first === 0n && ip.last === (1n << BigInt(bitsOf(ip.family))) - 1n;
}

/** the same for an address as written, when it reads as one; anything else is not judged here */
export function tooWideText(text: string): string | undefined {
  const parsed = parseIp(text);
  return parsed.ok ? tooWideProblem(parsed.value) : undefined;
}

/** the advice that follows a too-wide finding, wherever it is reported */
export const TOO_WIDE_FIX = `list the egress addresses of the networks that need access (office, VPN, CI runners, VPCs), each no wider than a /${WIDEST_PUBLIC_PREFIX[4]} (IPv4) or /${WIDEST_PUBLIC_PREFIX[6]} (IPv6)`;
