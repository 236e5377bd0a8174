import { found, GuardrailRule } from '../../rule';

export const allowlistExplicit: GuardrailRule = {
  id: 'IBM-ACC-4',
  level: 'error',
  types: ['ibm_iam_account_settings'],
  title: 'Account settings that leave allowed_ip_addresses unset',
  finding: 'allowed_ip_addresses is not set, so applying these settings can clear the account\'s IAM IP allowlist',
  fix: 'set allowed_ip_addresses explicitly: the allowed addresses and zone names, or "" for no allowlist (IamIpAllowlist, or network.ipAllowlist in the environment file)',
  why: 'The argument is optional and not computed: a managed resource that leaves it out plans it as empty, which turns the allowlist off. Say what the allowlist should be, even when it is none.',
  source: 'provider resource_ibm_iam_account_settings.go (allowed_ip_addresses: optional, not computed); IBM Cloud Docs, IAM: Allowing specific IP addresses (iam-specific_ip)',
  check: (settings) => (settings.config.allowed_ip_addresses === undefined ? found('allowed_ip_addresses is not set') : undefined),
};
