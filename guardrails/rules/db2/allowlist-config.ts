import { found, GuardrailRule } from '../../rule';
import { blocks } from '../values';

export const db2AllowlistConfig: GuardrailRule = {
  id: 'IBM-DB2-3',
  level: 'warning',
  types: ['ibm_db2'],
  title: 'Db2 allowlist written through allowlist_config',
  finding: 'the Db2 instance sets allowlist_config, which the provider applies only at create and only for single IPs',
  fix: 'remove allowlist_config; reach the instance over its private endpoint (serviceEndpoints: private, through a VPE) and keep the IAM IP allowlist for keys',
  why: 'Provider 2.5.0 sends allowlist_config once, after the instance is created: later changes are silently ignored, a CIDR or range is refused after the instance exists (leaving it tainted), and the list is never read back.',
  source: 'provider v2.5.0 ibm/service/db2/resource_ibm_db2_instance.go (net.ParseIP per address; Update re-applies only users_config)',
  check: (element) => {
    const addresses = blocks(element.config.allowlist_config).flatMap((block) => blocks(block.ip_addresses));
    return blocks(element.config.allowlist_config).length > 0 ? found(`allowlist_config lists ${addresses.length} address${addresses.length === 1 ? '' : 'es'}`) : undefined;
  },
};
