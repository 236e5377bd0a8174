// How Terraform's own machine reaches an instance's data plane. The IBM provider creates,
// reads and deletes databases (`ibm_cloudant_database`, `_replicator` too) through the
// instance's URL, and picks it by the provider's `visibility` (`selectCloudantEndpoint` in
// the provider's cloudant utils): the public URL by default, the private one with
// `private`, private first with `public-and-private`. A stack whose provider cannot reach
// the endpoint the instance takes requests on fails at the first refresh.
import { Construct, IConstruct } from 'constructs';
import { TerraformResource, TerraformStack } from '../core/cdktf';
import { IbmProvider } from '../core/ibm-bindings';
import { defaultProviderOf } from '../core/default-provider';
import { isUnresolved, Problem, show, throwIfProblems } from '../core/validation';
import type { ICloudantInstance } from './instance-ref';
import type { ServiceEndpoints } from './plans';

/** the endpoint types Cloudant serves */
export type CloudantEndpointKind = 'public' | 'private';

/** Something that limits the endpoints an instance takes data-plane requests on: a CBR rule. */
export interface IDataPlaneRestriction extends IConstruct {
  /** the endpoint types requests may arrive on while the restriction is enforced; undefined when it is not */
  enforcedEndpointTypes(): readonly CloudantEndpointKind[] | undefined;
}

const RESTRICTIONS_ID = 'data-plane-restrictions';
const ACCESS_ID = 'data-plane-access';
const MIN_REASON_LENGTH = 10;

/** The restrictions on one instance's data plane, kept in the instance's construct tree. */
export class DataPlaneRestrictions extends Construct {
  /** the restrictions of an instance, made on first use */
  public static of(instance: ICloudantInstance): DataPlaneRestrictions {
    const existing = instance.node.tryFindChild(RESTRICTIONS_ID);
    return existing instanceof DataPlaneRestrictions ? existing : new DataPlaneRestrictions(instance, RESTRICTIONS_ID);
  }

  private readonly restrictions: IDataPlaneRestriction[] = [];

  public add(restriction: IDataPlaneRestriction): void {
    this.restrictions.push(restriction);
  }

  public get all(): readonly IDataPlaneRestriction[] {
    return [...this.restrictions];
  }
}

/**
 * A stack's own account of how Terraform reaches Cloudant's data plane when the provider's
 * visibility does not show it: for example `IBMCLOUD_VISIBILITY=private` or
 * `IBMCLOUD_CLOUDANT_API_ENDPOINT` set where the stack is applied. It turns the synth-time
 * refusal off for that stack; the reason is recorded in the construct tree for review.
 */
export class DataPlaneAccess extends Construct {
  /** declares, with a reason of at least 10 characters, how the stack's Terraform reaches the data plane */
  public static declare(scope: Construct, reason: string): DataPlaneAccess {
    const stack = TerraformStack.of(scope);
    if (stack.node.tryFindChild(ACCESS_ID) !== undefined) {
      throwIfProblems(`DataPlaneAccess ${stack.node.path}`, [{ path: [], message: 'is declared twice for this stack; declare it once' }]);
    }
    if (reason.trim().length < MIN_REASON_LENGTH) {
      throwIfProblems(`DataPlaneAccess ${stack.node.path}`, [
        { path: ['reason'], message: `${show(reason)} is too short to explain anything; say how Terraform reaches the data plane in at least ${MIN_REASON_LENGTH} characters` },
      ]);
    }
    return new DataPlaneAccess(stack, ACCESS_ID, reason);
  }

  /** the declaration of the stack a construct is in, if any */
  public static of(scope: IConstruct): DataPlaneAccess | undefined {
    const found = TerraformStack.of(scope).node.tryFindChild(ACCESS_ID);
    return found instanceof DataPlaneAccess ? found : undefined;
  }

  private constructor(
    scope: Construct,
    id: string,
    public readonly reason: string,
  ) {
    super(scope, id);
  }
}

/** the endpoint Terraform must use for an instance's data plane, and why; undefined when either will do */
export function dataPlaneEndpointNeeded(instance: ICloudantInstance): { readonly endpoint: CloudantEndpointKind; readonly why: string } | undefined {
  const served = servedEndpoints(instance);
  if (served === 'private') return { endpoint: 'private', why: `${instance.node.path} serves only private endpoints` };
  if (served === 'public') return { endpoint: 'public', why: `${instance.node.path} serves only public endpoints` };
  for (const restriction of DataPlaneRestrictions.of(instance).all) {
    const allowed = restriction.enforcedEndpointTypes();
    if (allowed !== undefined && !allowed.includes('public')) {
      return { endpoint: 'private', why: `the enabled rule ${restriction.node.path} allows no request on ${instance.node.path}'s public endpoint` };
    }
  }
  return undefined;
}

// what the instance serves: known for instances of this app, read from the URLs given for one made elsewhere
function servedEndpoints(instance: ICloudantInstance): ServiceEndpoints | undefined {
  if (instance.serviceEndpoints !== undefined) return instance.serviceEndpoints;
  const has = (url: string) => isUnresolved(url) || url !== '';
  if (has(instance.publicUrl) && !has(instance.privateUrl)) return 'public';
  if (!has(instance.publicUrl) && has(instance.privateUrl)) return 'private';
  return undefined;
}

/**
 * The problem with a database resource whose provider cannot reach its instance's data
 * plane, if there is one. Run at synth, when every rule and provider is in place.
 */
export function terraformReachProblem(resource: TerraformResource, instance: ICloudantInstance, databaseName: string): Problem | undefined {
  const needed = dataPlaneEndpointNeeded(instance);
  if (needed === undefined || DataPlaneAccess.of(resource) !== undefined) return undefined;
  const provider = providerOf(resource);
  if (provider === undefined) return undefined;
  const visibility = provider.visibility;
  if (visibility !== undefined && isUnresolved(visibility)) return undefined;
  const uses = visibility === 'private' ? 'private' : visibility === 'public-and-private' ? 'either' : 'public';
  const setting = visibility === undefined ? 'visibility not set, so public' : `visibility ${show(visibility)}`;
  const declare = 'or, when the machine that runs Terraform reaches it another way, say how with DataPlaneAccess.declare(stack, reason) (account.dataPlaneAccess in an environment file)';
  const subject = `Terraform creates, reads and deletes database ${show(databaseName)} through the data plane of ${instance.node.path}`;
  if (needed.endpoint === 'private' && uses === 'public') {
    return {
      path: [],
      message: `${subject}, and the IBM provider ${provider.node.path} uses its public endpoint (${setting}), but ${needed.why}, so every refresh fails; set visibility to "private" or "public-and-private" on the provider (account.endpoints in an environment file) and run Terraform where the private endpoints are reachable, ${declare}`,
    };
  }
  if (needed.endpoint === 'public' && uses === 'private') {
    return {
      path: [],
      message: `${subject}, and the IBM provider ${provider.node.path} uses private endpoints only (${setting}), but ${needed.why}, so the provider fails with "Unable to get private URL"; set visibility to "public-and-private" (private where an instance has it, public elsewhere), ${declare}`,
    };
  }
  return undefined;
}

/** the provider a resource runs with: its own, or the stack's IBM provider without an alias */
function providerOf(resource: TerraformResource): IbmProvider | undefined {
  if (resource.provider instanceof IbmProvider) return resource.provider;
  if (resource.provider !== undefined) return undefined;
  return defaultProviderOf(TerraformStack.of(resource), IbmProvider);
}
