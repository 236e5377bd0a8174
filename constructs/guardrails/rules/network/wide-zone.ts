import { parseIp, parseIpAddress, publicSizeOf } from '../../../network/ip';
import { found, GuardrailRule } from '../../rule';
import { blocks, isExpression } from '../values';

/** more public addresses than a /16 (IPv4) or a /32 (IPv6) is "very wide" */
export const WIDEST_PUBLIC_IPV4 = 1n << 16n;
export const WIDEST_PUBLIC_IPV6 = 1n << 96n;

export const wideNetworkZone: GuardrailRule = {
  id: 'IBM-NET-1',
  level: 'error',
  types: ['ibm_cbr_zone', 'ibm_cbr_zone_addresses'],
  title: 'Network zone holding the whole internet or a very wide public range',
  finding: 'the network zone admits the whole internet or a very wide public range',
  fix: 'list the egress addresses of the networks that need access (office, VPN, CI runners, VPCs) as addresses, ranges or subnets no wider than a /16 (IPv4) or /32 (IPv6)',
  why: 'A zone is an allowlist: 0.0.0.0/0 or ::/0 restricts nothing, and a public range wider than a /16 mostly holds other people\'s networks, so the rules and the IAM allowlist that use the zone protect nothing.',
  source: 'IBM Cloud Docs, IAM: What are context-based restrictions, network zones (context-restrictions-what-is); Allowing specific IP addresses (iam-specific_ip)',
  check: (zone) => {
    const wide = blocks(zone.config.addresses).flatMap((address) => {
      const problem = typeof address.value === 'string' && !isExpression(address.value) ? wideAddressProblem(address.value) : undefined;
      return problem ? [problem] : [];
    });
    return wide.length > 0 ? found(wide.join('; ')) : undefined;
  },
};

/** what is too wide about a zone address value (`0.0.0.0/0 is every IPv4 address`), if anything */
export function wideAddressProblem(value: string): string | undefined {
  const whole = /^\s*(\S+)\/0\s*$/.exec(value);
  if (whole) {
    const network = parseIpAddress(whole[1]!);
    return network.ok ? `${value.trim()} is every IPv${network.value.family} address` : undefined;
  }
  const parsed = parseIp(value);
  if (!parsed.ok) return undefined;
  const publicSize = publicSizeOf(parsed.value);
  const limit = parsed.value.family === 4 ? WIDEST_PUBLIC_IPV4 : WIDEST_PUBLIC_IPV6;
  if (publicSize <= limit) return undefined;
  const everything = (parsed.value.family === 4 ? 1n << 32n : 1n << 128n) - 1n;
  if (parsed.value.first === 0n && parsed.value.last === everything) {
    return `${value.trim()} is every IPv${parsed.value.family} address`;
  }
  return `${parsed.value.canonical} holds ${publicSize.toLocaleString('en-US')} public addresses, more than a /${parsed.value.family === 4 ? 16 : 32}`;
}
