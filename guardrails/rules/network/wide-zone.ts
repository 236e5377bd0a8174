import { TOO_WIDE_FIX, tooWideText } from '../../../constructs/network/ip';
import { cannotJudge, found, GuardrailRule } from '../../rule';
import { blocks, isExpression } from '../values';

const IP_TYPES = ['ipAddress', 'ipRange', 'subnet'];

export const wideNetworkZone: GuardrailRule = {
  id: 'IBM-NET-1',
  level: 'error',
  types: ['ibm_cbr_zone', 'ibm_cbr_zone_addresses'],
  title: 'Network zone holding the whole internet or a very wide public range',
  finding: 'the network zone admits the whole internet or a very wide public range',
  fix: TOO_WIDE_FIX,
  why: 'A zone is an allowlist: 0.0.0.0/0 or ::/0 restricts nothing, and a public range wider than a /16 mostly holds other people\'s networks, so the rules and the IAM allowlist that use the zone protect nothing.',
  source: 'IBM Cloud Docs, IAM: What are context-based restrictions, network zones (context-restrictions-what-is); Allowing specific IP addresses (iam-specific_ip)',
  check: (zone) => {
    if (isExpression(zone.config.addresses)) return cannotJudge(`addresses is set by the expression ${String(zone.config.addresses)}, which only Terraform can evaluate; check the plan instead`);
    const addresses = blocks(zone.config.addresses);
    // an IP address, range or subnet from an expression may be anything; a VPC CRN from one is a VPC
    const unknown = addresses.find((address) => IP_TYPES.includes(String(address.type)) && isExpression(address.value));
    if (unknown) return cannotJudge(`the ${String(unknown.type)} address ${String(unknown.value)} is an expression, which only Terraform can evaluate; check the plan instead`);
    const wide = addresses.flatMap((address) => {
      const problem = typeof address.value === 'string' ? tooWideText(address.value) : undefined;
      return problem ? [problem] : [];
    });
    return wide.length > 0 ? found(wide.join('; ')) : undefined;
  },
};
