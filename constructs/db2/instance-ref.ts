import type { IConstruct } from 'constructs';
import type { Db2ServiceEndpoints } from './facts';

/** which of an instance's endpoints Terraform's machine reaches its SQL endpoint through */
export type Db2Endpoint = 'public' | 'private';

/** Host, SSL port and database name of one of an instance's endpoints (Terraform references). */
export interface Db2ConnectionEndpoint {
  readonly hostname: string;
  readonly sslPort: string;
  readonly databaseName: string;
}

/** A Db2 on Cloud instance, of this app or made elsewhere. */
export interface IDb2Instance extends IConstruct {
  /** the instance CRN: what the Db2 REST API's `x-deployment-id` header names */
  readonly crn: string;
  /** the name used in messages and outputs */
  readonly displayName: string;
  /** the region, as a literal */
  readonly region: string;
  /** the Db2 SaaS REST API base URL that manages the instance's users */
  readonly apiUrl: string;
  /** the endpoint Terraform's machine reaches the SQL endpoint through */
  readonly deployEndpoint: Db2Endpoint;
  /** which networks the instance serves, when known */
  readonly serviceEndpoints: Db2ServiceEndpoints | undefined;
  /** public connection details, from `ibm_db2_connection_info` ('' without a public endpoint) */
  readonly publicConnection: Db2ConnectionEndpoint;
  /** private connection details ('' without a private endpoint) */
  readonly privateConnection: Db2ConnectionEndpoint;
}

