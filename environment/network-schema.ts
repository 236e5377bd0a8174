// The network and accountSecurity sections of an environment file. The constructs' own
// validators run here too, so YAML and TypeScript users get the same messages.
import * as z from 'zod';
import { MFA_SETTINGS, validateAccountSecurityProps } from '../constructs/account/account-security';
import { CLOUDANT_ENDPOINT_TYPES, validateCloudantEndpointTypes, validateCloudantRuleEnforcement } from '../constructs/network/cloudant-network-rule';
import { IAM_ALLOWLIST_MODES } from '../constructs/network/ip-allowlist';
import { ServiceRefZoneAddress, ZoneAddress } from '../constructs/network/zone-address';
import { addIssues } from './construct-issues';
import { entryKey } from './entry-key';

const serviceRef = z.strictObject({
  serviceName: z.string().meta({ description: 'the service, for example kms' }),
  serviceType: z.string().optional(),
  serviceInstance: z.string().optional().meta({ description: 'one instance, by GUID; default every instance' }),
  location: z.string().optional().meta({ description: 'for example us-south; default every location' }),
});

const zoneAddress = z.union([
  z.string().meta({ description: 'an IPv4/IPv6 address, a range first-last, a subnet address/prefix, or a VPC CRN' }),
  serviceRef.meta({ description: 'the addresses of an IBM Cloud service' }),
]);

/** a YAML address entry as the constructs take it */
export function zoneAddressOf(entry: z.output<typeof zoneAddress>): ZoneAddress {
  return typeof entry === 'string' ? ZoneAddress.parse(entry) : ({ type: 'serviceRef', ...entry } satisfies ServiceRefZoneAddress);
}

const zone = z
  .strictObject({
    zoneId: z.string().optional().meta({ description: 'ID of a zone made elsewhere (32 hexadecimal characters); addresses are then appended to it' }),
    name: z.string().optional().meta({ description: 'zone name; default <key>-<environment>. Name of a zone made elsewhere, to list it in the allowlist' }),
    description: z.string().optional(),
    addresses: z.array(zoneAddress).optional().meta({ description: 'addresses, ranges, subnets, VPC CRNs and service references' }),
    excluded: z.array(z.string()).optional().meta({ description: 'addresses, ranges and subnets left out, each inside an included one' }),
  })
  // the shape only: the zone's construct checks every address once, when the stack is built
  .superRefine((entry, ctx) => {
    if (entry.zoneId === undefined) return;
    if (entry.description !== undefined) ctx.addIssue({ code: 'custom', path: ['description'], message: 'a zone made elsewhere keeps its own description; remove description' });
    if (entry.excluded !== undefined) ctx.addIssue({ code: 'custom', path: ['excluded'], message: 'exclusions cannot be appended to a zone made elsewhere; remove excluded' });
  });

const ruleContext = z.strictObject({
  zones: z.array(z.string()).min(1, { error: 'name at least one zone' }).meta({ description: 'keys of zones in network.zones; a request from any of them matches' }),
  endpointTypes: z
    .array(z.string().meta({ enum: [...CLOUDANT_ENDPOINT_TYPES] }))
    .optional()
    .superRefine((types, ctx) => addIssues(ctx, validateCloudantEndpointTypes(types)))
    .meta({ description: 'public or private (Cloudant has no direct endpoints); default both' }),
});

const cloudantRule = z.strictObject({
  enforcement: z
    .string()
    .optional()
    .superRefine((value, ctx) => addIssues(ctx, validateCloudantRuleEnforcement(value).map((p) => ({ ...p, path: [] }))))
    .meta({ description: 'enabled or disabled (Cloudant has no report mode); default enabled' }),
  description: z.string().optional(),
  allow: z.array(ruleContext).min(1, { error: 'a rule with no context blocks every request; allow at least one zone' }),
});

const ipAllowlist = z.union([
  z.literal('none').meta({ description: 'no allowlist: clears one set elsewhere' }),
  z.strictObject({
    mode: z.enum(IAM_ALLOWLIST_MODES).optional().meta({ description: 'restrict refuses tokens elsewhere, monitor only logs; default restrict' }),
    addresses: z.array(z.string()).optional().meta({ description: 'public addresses, ranges and subnets' }),
    zones: z.array(z.string()).optional().meta({ description: 'keys of zones in network.zones (listed by name)' }),
    deployerAddresses: z.array(z.string()).optional().meta({ description: 'egress addresses of whoever runs Terraform' }),
    deployerZones: z.array(z.string()).optional().meta({ description: 'keys of zones holding the addresses of whoever runs Terraform' }),
    deployersNotListedReason: z.string().optional().meta({ description: 'why the deployers are not listed (restrict mode without deployers)' }),
    allowCloudantService: z.boolean().optional().meta({ description: "add a zone for the Cloudant service, as IBM's Cloudant docs require; default true" }),
    cloudantServiceZoneName: z.string().optional().meta({ description: 'default cloudant-service' }),
    keyHolders: z
      .record(
        z.string(),
        z.strictObject({
          zones: z.array(z.string()).optional().meta({ description: 'keys of zones in network.zones it calls IAM from; they join the allowlist' }),
          reason: z.string().optional().meta({ description: 'why the allowlist needs nothing for it' }),
        }),
      )
      .optional()
      .meta({ description: 'by key of a service ID of this file: where its API keys are exchanged for tokens (restrict mode warns for each service ID with keys not listed)' }),
  }),
]);

export const networkSchema = z.strictObject({
  zones: z.record(entryKey('zone'), zone).optional().meta({ description: 'CBR network zones by key' }),
  cloudantRules: z.record(z.string(), cloudantRule).optional().meta({ description: 'one CBR rule per Cloudant Gen 2 instance, by instance key' }),
  ipAllowlist: ipAllowlist.optional().meta({ description: 'the IAM IP allowlist (needs accountSecurity): none, or the addresses and zones that may obtain IAM tokens' }),
});

const seconds = z.union([z.number(), z.literal('NOT_SET')]);

export const accountSecuritySchema = z
  .strictObject({
    restrictServiceIdCreation: z.boolean().optional().meta({ description: 'default true' }),
    restrictApiKeyCreation: z.boolean().optional().meta({ description: 'user API keys; default true' }),
    restrictUserListVisibility: z.boolean().optional().meta({ description: 'default: unchanged' }),
    mfa: z.enum(MFA_SETTINGS).optional().meta({ description: 'default TOTP4ALL' }),
    sessionExpirationSeconds: seconds.optional().meta({ description: '900-86400 or NOT_SET; default unchanged' }),
    sessionInvalidationSeconds: seconds.optional().meta({ description: '900-7200 or NOT_SET; default unchanged' }),
    maxSessionsPerIdentity: seconds.optional().meta({ description: 'at least 1, or NOT_SET; default unchanged' }),
    accessTokenExpirationSeconds: seconds.optional().meta({ description: '900-3600 or NOT_SET; default unchanged' }),
    refreshTokenExpirationSeconds: seconds.optional().meta({ description: '900-2592000 or NOT_SET; default unchanged' }),
  })
  .superRefine((entry, ctx) => addIssues(ctx, validateAccountSecurityProps(entry)));

export type NetworkSection = z.output<typeof networkSchema>;
export type ZoneEntry = NonNullable<NetworkSection['zones']>[string];
export type CloudantRuleEntry = NonNullable<NetworkSection['cloudantRules']>[string];
export type AccountSecurityEntry = z.output<typeof accountSecuritySchema>;
