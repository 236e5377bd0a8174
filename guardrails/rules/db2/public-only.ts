import { found, GuardrailRule, notJudged } from '../../rule';
import { isExpression } from '../values';

export const db2WithoutPrivateEndpoint: GuardrailRule = {
  id: 'IBM-DB2-5',
  level: 'warning',
  productionOnly: true,
  types: ['ibm_db2'],
  judges: ['service_endpoints'],
  title: 'Production Db2 instance without a private endpoint',
  finding: 'the production Db2 instance serves only its public endpoint',
  fix: 'set service_endpoints = "private" (or "public-and-private" while clients move), and reach it through a VPE from the VPC (Db2Instance serviceEndpoints)',
  why: 'Db2 on Cloud documents no context-based restriction for SQL traffic, so the public endpoint is reachable from anywhere with a valid key; a private endpoint through a VPE keeps the traffic inside IBM Cloud.',
  source: 'IBM Cloud Docs, Db2 SaaS: Connectivity options and VPE (connectivity_options, connecting/vpeg)',
  check: (element) => {
    const endpoints = element.config.service_endpoints;
    if (isExpression(endpoints)) return notJudged('service_endpoints is an expression');
    if (endpoints === 'private' || endpoints === 'public-and-private') return undefined;
    return found(endpoints === undefined ? 'service_endpoints is not set (the instance serves public endpoints)' : `service_endpoints = ${JSON.stringify(endpoints)}`);
  },
};
