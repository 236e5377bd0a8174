import type { IConstruct } from 'constructs';
import type { CloudantGeneration, CloudantPlan, ServiceEndpoints } from './plans';

/** A Cloudant instance, made by this stack or elsewhere. */
export interface ICloudantInstance extends IConstruct {
  /** the instance CRN (`crn:v1:…:cloudantnosqldb:…`): what `ibm_cloudant_database.instance_crn` takes */
  readonly crn: string;
  /** the instance GUID: what IAM policies and CBR rules take as `serviceInstance` */
  readonly guid: string;
  /** the plan, which decides the generation */
  readonly plan: CloudantPlan;
  /** 1 for lite and standard, 2 for standard-gen2 */
  readonly generation: CloudantGeneration;
  /** the public endpoint URL (empty when the instance has none) */
  readonly publicUrl: string;
  /** the private endpoint URL (empty when the instance has none) */
  readonly privateUrl: string;
  /** which networks the endpoints are on, when this app made the instance */
  readonly serviceEndpoints: ServiceEndpoints | undefined;
  /**
   * The databases this stack knows the instance to hold, or undefined when the
   * instance was made elsewhere and its databases are not known.
   */
  readonly databaseNames: readonly string[] | undefined;
}
