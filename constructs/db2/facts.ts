// What IBM documents about Db2 on Cloud (Db2 SaaS) that the constructs depend on, and the
// open points only a live account can settle, each one constant so that settling it is
// a one-line change. Sources: ../shared/research/db2-and-identity-reports.md §A
// (db2-saas docs about.md, iam.md, user_mgmt.md; cloud-db2-go-sdk v0.2.4; provider 2.5.0).

/** the IAM and Resource Controller service name (Db2 Warehouse is `dashdb`, a different service) */
export const DB2_SERVICE_NAME = 'dashdb-for-transactions';

/** the plan this library provisions: the only one for new deployments */
export const DB2_PLANS = ['performance'] as const;
export type Db2Plan = (typeof DB2_PLANS)[number];

/** the regions IBM lists for the Performance plan (db2-saas about.md) */
export const DB2_PERFORMANCE_REGIONS = ['us-south', 'us-east', 'au-syd', 'br-sao', 'ca-tor', 'eu-de', 'eu-es', 'eu-gb', 'jp-tok'] as const;

const MIGRATION_LINK = 'https://cloud.ibm.com/docs/db2-saas?topic=db2-saas-about';

/** plans refused, each with IBM's reason */
export const REFUSED_DB2_PLANS: Readonly<Record<string, string>> = {
  standard: `is deprecated: IBM asks Standard customers to migrate to the Performance plan before 16 October 2026, and all new deployments use Performance (${MIGRATION_LINK}); use plan performance`,
  enterprise: `is deprecated: IBM asks Enterprise customers to migrate to the Performance plan before 16 October 2026, and all new deployments use Performance (${MIGRATION_LINK}); use plan performance`,
  lite: 'has no IAM (IBM enables IAM on every plan except Lite), so no service ID can reach it with an API key; use plan performance',
};

export const DB2_SERVICE_ENDPOINTS = ['public', 'private', 'public-and-private'] as const;
export type Db2ServiceEndpoints = (typeof DB2_SERVICE_ENDPOINTS)[number];

/** IBM suggests hours for a create (the provider's default is 10 minutes); 12 h, as IBM's example */
export const DB2_CREATE_TIMEOUT = '720m';

/** Db2 user roles: bluadmin administers the whole database, bluuser is an ordinary user */
export const DB2_USER_ROLES = ['bluuser', 'bluadmin'] as const;
export type Db2UserRole = (typeof DB2_USER_ROLES)[number];

/** user IDs (db2-saas user_mgmt.md): at most 20 of a-z 0-9 . @ _ -, not starting with a digit or _ */
export const DB2_USER_ID_PATTERN = /^[a-z.@-][a-z0-9.@_-]{0,19}$/;

/**
 * Which attribute of a service ID goes into the Db2 user's `ibmid`. OPEN POINT 1: IBM's
 * blog copies the ID "starting with ServiceId" (`ServiceId-…`, the service ID's `id`); no
 * IBM page states it or rules out the IAM ID (`iam-ServiceId-…`). Change to 'iamId' if a
 * live account shows the other form.
 */
export const DB2_IBMID_FORM: 'serviceId' | 'iamId' = 'serviceId';

/**
 * The Db2 SaaS REST API (users, connection info). The SDK's parameterized URL is per
 * region. OPEN POINT 4: the provider always calls us-south (unless
 * IBMCLOUD_DB2_API_ENDPOINT is set), and whether us-south serves other regions'
 * instances is not verified; `Db2InstanceProps.apiEndpoint` overrides this per instance.
 */
export function db2ApiUrl(region: string): string {
  return `https://${region}.db2.saas.ibm.com/dbapi/v4`;
}

/**
 * How the instance CRN is written in the `x-deployment-id` header. OPEN POINT 3: the
 * provider URL-encodes it, the SDK's own examples send it raw. Raw, as the SDK's
 * examples (written by the service team) do.
 */
export const DB2_DEPLOYMENT_ID_ENCODING: 'raw' | 'url-encoded' = 'raw';

/**
 * The SQL endpoint, on the instance's own host: `/sql_jobs` of the Db2 on Cloud REST API
 * (POST a job, GET it until it has run). OPEN POINT: IBM's v4 API page documents it, with
 * IAM tokens and `X-Deployment-Id`, and says that API applies to the Standard and
 * Enterprise plans; the Performance plan's reference (db2-saas-perf-v4) was not readable.
 * A 404 there fails the step with the way out: `privilegesBy: 'dba'`.
 */
export function db2SqlApiUrl(hostname: string): string {
  return `https://${hostname}/dbapi/v4`;
}

/** the schemas Db2 keeps for itself, on which no privilege is declared */
export const DB2_SYSTEM_SCHEMA_PREFIX = 'SYS';
