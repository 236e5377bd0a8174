import { Construct } from 'constructs';
import { IamTrustedProfile, IamTrustedProfileClaimRule, IamTrustedProfileLink } from '../core/ibm-bindings';
import { isUnresolved, Problem, show, throwIfProblems, within } from '../core/validation';
import { PROFILE_IAM_ID_PATTERN, PROFILE_ID_PATTERN } from '../core/identifiers';
import { IdentityProps, validateIdentityName } from './identity';
import type { ITrustedProfile } from './trusted-profile-ref';
import { registerManagedIdentity } from './managed-identities';

export type { ITrustedProfile } from './trusted-profile-ref';

/** The attributes of a trusted profile made elsewhere. */
export interface TrustedProfileAttributes {
  /** the profile, by either form of its ID: `Profile-…` or its IAM ID `iam-Profile-…` */
  readonly profileId: string;
  /**
   * The name used in messages.
   * @default - the profile ID
   */
  readonly name?: string;
  /** @default false */
  readonly allowManager?: boolean;
}

/** a Kubernetes service account on an IKS or Red Hat OpenShift (ROKS) cluster */
export interface KubernetesServiceAccountLink {
  /** the cluster's CRN (`crn:v1:…:containers-kubernetes:…`) */
  readonly clusterCrn: string;
  readonly namespace: string;
  /** the service account's name */
  readonly serviceAccount: string;
  /**
   * Whether the cluster is Red Hat OpenShift (ROKS) rather than IKS.
   * @default false
   */
  readonly openshift?: boolean;
}

/** a Code Engine application or job */
export interface CodeEngineComponentLink {
  /** the Code Engine project's CRN (`crn:v1:…:codeengine:…`) */
  readonly projectCrn: string;
  readonly componentType: 'application' | 'job';
  readonly componentName: string;
}

/** the operators of compute-resource claim rules (the provider's list) */
export const CLAIM_RULE_OPERATORS = ['EQUALS', 'NOT_EQUALS', 'EQUALS_IGNORE_CASE', 'NOT_EQUALS_IGNORE_CASE', 'CONTAINS', 'IN'] as const;
/** the compute resource types a claim rule can match */
export const COMPUTE_RESOURCE_TYPES = ['VSI', 'BMS', 'IKS_SA', 'ROKS_SA', 'CE'] as const;

/** a rule that lets every compute resource of a type whose claims match assume the profile */
export interface ComputeResourceClaimRule {
  /** a name for the rule, unique in the profile */
  readonly name: string;
  readonly computeResourceType: (typeof COMPUTE_RESOURCE_TYPES)[number];
  /** all must hold; `value` is a JSON-encoded string, for example "\"prod\"" */
  readonly conditions: readonly { readonly claim: string; readonly operator: (typeof CLAIM_RULE_OPERATORS)[number]; readonly value: string }[];
}

export interface TrustedProfileProps extends IdentityProps {
  /** @default - none */
  readonly kubernetesServiceAccounts?: readonly KubernetesServiceAccountLink[];
  /** @default - none */
  readonly codeEngineComponents?: readonly CodeEngineComponentLink[];
  /** CRNs of VPC virtual server instances that may assume the profile. @default - none */
  readonly vpcInstanceCrns?: readonly string[];
  /** @default - none */
  readonly claimRules?: readonly ComputeResourceClaimRule[];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A trusted profile (`ibm_iam_trusted_profile`) with links to the compute resources that
 * may assume it: Kubernetes service accounts, Code Engine components, VPC instances. They
 * get IAM tokens from their platform, so there is no key to leak or rotate. Cloudant
 * replication documents cannot use trusted profiles; replications use API keys.
 */
export class TrustedProfile extends Construct implements ITrustedProfile {
  /**
   * A trusted profile made elsewhere, to grant on. Either form of its ID is accepted; the
   * other is derived, so each resource gets the form it wants.
   */
  public static fromAttributes(scope: Construct, id: string, attrs: TrustedProfileAttributes): ITrustedProfile {
    const subject = `TrustedProfile.fromAttributes ${scope.node.path}/${id}`;
    const given = attrs.profileId;
    if (isUnresolved(given)) {
      throwIfProblems(subject, [{ path: ['profileId'], message: 'must be a literal Profile-… or iam-Profile-… value; for a profile made in this app, pass the TrustedProfile itself' }]);
    }
    const profileId = PROFILE_IAM_ID_PATTERN.test(given) ? given.slice('iam-'.length) : given;
    if (!PROFILE_ID_PATTERN.test(profileId)) {
      throwIfProblems(subject, [{ path: ['profileId'], message: `${show(given)} is not a trusted profile ID; expected Profile-<uuid> or iam-Profile-<uuid> (ibmcloud iam trusted-profile <name> shows it)` }]);
    }
    return new ImportedTrustedProfile(scope, id, profileId, attrs.name ?? profileId, attrs.allowManager ?? false);
  }

  public readonly kind = 'trusted-profile' as const;
  public readonly iamId: string;
  public readonly profileId: string;
  public readonly displayName: string;
  public readonly allowManager: boolean;
  /** the Terraform resource, for escape hatches */
  public readonly resource: IamTrustedProfile;
  private readonly linkIds = new Set<string>();

  constructor(scope: Construct, id: string, props: TrustedProfileProps) {
    super(scope, id);
    throwIfProblems(`TrustedProfile ${this.node.path}`, validateTrustedProfileProps(props));
    this.resource = new IamTrustedProfile(this, 'Resource', {
      name: props.name,
      description: props.description ?? 'Workload identity managed by ibm-data-guard',
    });
    this.iamId = this.resource.iamId;
    this.profileId = this.resource.id;
    this.displayName = isUnresolved(props.name) ? this.node.id : props.name;
    this.allowManager = props.allowManager ?? false;
    registerManagedIdentity(this, { kind: 'trusted-profile', name: props.name, id: this.profileId, iam_id: this.iamId });
    props.kubernetesServiceAccounts?.forEach((link) => this.linkKubernetesServiceAccount(link));
    props.codeEngineComponents?.forEach((link) => this.linkCodeEngineComponent(link));
    props.vpcInstanceCrns?.forEach((crn) => this.linkVpcInstance(crn));
    props.claimRules?.forEach((rule) => this.addClaimRule(rule));
  }

  /** lets one Kubernetes service account assume the profile */
  public linkKubernetesServiceAccount(link: KubernetesServiceAccountLink): IamTrustedProfileLink {
    this.check(within(['kubernetesServiceAccounts'], validateKubernetesLink(link)));
    return new IamTrustedProfileLink(this, this.uniqueLinkId(`k8s-${link.namespace}-${link.serviceAccount}`), {
      profileId: this.profileId,
      crType: link.openshift ? 'ROKS_SA' : 'IKS_SA',
      link: { crn: link.clusterCrn, namespace: link.namespace, name: link.serviceAccount },
    });
  }

  /** lets one Code Engine application or job assume the profile */
  public linkCodeEngineComponent(link: CodeEngineComponentLink): IamTrustedProfileLink {
    this.check(within(['codeEngineComponents'], validateCodeEngineLink(link)));
    return new IamTrustedProfileLink(this, this.uniqueLinkId(`ce-${link.componentType}-${link.componentName}`), {
      profileId: this.profileId,
      crType: 'CE',
      link: { crn: link.projectCrn, componentType: link.componentType, componentName: link.componentName },
    });
  }

  /** lets one VPC virtual server instance assume the profile */
  public linkVpcInstance(instanceCrn: string): IamTrustedProfileLink {
    this.check(within(['vpcInstanceCrns'], checkCrn(instanceCrn, 'is', 'a VPC instance', 'instance')));
    const name = isUnresolved(instanceCrn) ? `${this.linkIds.size}` : instanceCrn.split(':')[9]!;
    return new IamTrustedProfileLink(this, this.uniqueLinkId(`vsi-${name}`), {
      profileId: this.profileId,
      crType: 'VSI',
      link: { crn: instanceCrn },
    });
  }

  /** lets every compute resource whose claims match assume the profile */
  public addClaimRule(rule: ComputeResourceClaimRule): IamTrustedProfileClaimRule {
    this.check(within(['claimRules'], validateClaimRule(rule)));
    return new IamTrustedProfileClaimRule(this, this.uniqueLinkId(`rule-${rule.name}`), {
      profileId: this.profileId,
      type: 'Profile-CR',
      crType: rule.computeResourceType,
      name: rule.name,
      conditions: rule.conditions.map((condition) => ({ ...condition })),
    });
  }

  private check(problems: Problem[]): void {
    throwIfProblems(`TrustedProfile ${this.node.path}`, problems);
  }

  private uniqueLinkId(id: string): string {
    if (this.linkIds.has(id)) this.check([{ path: [], message: `${show(id)} is linked twice; list each compute resource once` }]);
    this.linkIds.add(id);
    return id;
  }
}

class ImportedTrustedProfile extends Construct implements ITrustedProfile {
  public readonly kind = 'trusted-profile' as const;
  public readonly iamId: string;

  constructor(
    scope: Construct,
    id: string,
    public readonly profileId: string,
    public readonly displayName: string,
    public readonly allowManager: boolean,
  ) {
    super(scope, id);
    this.iamId = `iam-${profileId}`;
  }
}

function checkCrn(crn: string, service: string, what: string, resourceType?: string): Problem[] {
  if (isUnresolved(crn)) return [];
  const parts = crn.split(':');
  const typeOk = resourceType === undefined || parts[8] === resourceType;
  if (parts.length !== 10 || parts[0] !== 'crn' || parts[1] !== 'v1' || parts[4] !== service || !typeOk) {
    const tail = resourceType === undefined ? '<id>::' : `:${resourceType}:<id>`;
    return [{ path: [], message: `${show(crn)} is not the CRN of ${what}; expected crn:v1:<cloud>:<type>:${service}:<region>:a/<account>:${tail}` }];
  }
  return [];
}

function validateKubernetesLink(link: KubernetesServiceAccountLink): Problem[] {
  const problems = within(['clusterCrn'], checkCrn(link.clusterCrn, 'containers-kubernetes', 'an IKS or OpenShift cluster'));
  if (!DNS_LABEL.test(link.namespace) || link.namespace.length > 63) {
    problems.push({ path: ['namespace'], message: `${show(link.namespace)} is not a Kubernetes namespace name; use at most 63 lowercase letters, digits and -` });
  }
  if (!DNS_SUBDOMAIN.test(link.serviceAccount) || link.serviceAccount.length > 253) {
    problems.push({ path: ['serviceAccount'], message: `${show(link.serviceAccount)} is not a Kubernetes service account name; use lowercase letters, digits, - and .` });
  }
  return problems;
}

function validateCodeEngineLink(link: CodeEngineComponentLink): Problem[] {
  const problems = within(['projectCrn'], checkCrn(link.projectCrn, 'codeengine', 'a Code Engine project'));
  if (link.componentType !== 'application' && link.componentType !== 'job') {
    problems.push({ path: ['componentType'], message: `${show(link.componentType)} is not a Code Engine component type; use application or job` });
  }
  if (!DNS_LABEL.test(link.componentName)) {
    problems.push({ path: ['componentName'], message: `${show(link.componentName)} is not a Code Engine component name; use lowercase letters, digits and -` });
  }
  return problems;
}

function validateClaimRule(rule: ComputeResourceClaimRule): Problem[] {
  const problems: Problem[] = [];
  if (!(COMPUTE_RESOURCE_TYPES as readonly string[]).includes(rule.computeResourceType)) {
    problems.push({ path: ['computeResourceType'], message: `${show(rule.computeResourceType)} is not a compute resource type; use one of ${COMPUTE_RESOURCE_TYPES.join(', ')}` });
  }
  if (rule.conditions.length === 0) problems.push({ path: ['conditions'], message: 'a claim rule without conditions would match every compute resource of its type; add at least one condition' });
  rule.conditions.forEach((condition, index) => {
    if (!(CLAIM_RULE_OPERATORS as readonly string[]).includes(condition.operator)) {
      problems.push({ path: ['conditions', index, 'operator'], message: `${show(condition.operator)} is not a claim operator; use one of ${CLAIM_RULE_OPERATORS.join(', ')}` });
    }
    if (!isUnresolved(condition.value)) {
      try {
        JSON.parse(condition.value);
      } catch {
        problems.push({ path: ['conditions', index, 'value'], message: `${show(condition.value)} is not JSON; IAM takes the value JSON-encoded, for example "\\"prod\\""` });
      }
    }
  });
  return problems;
}

export function validateTrustedProfileProps(props: TrustedProfileProps): Problem[] {
  return [
    ...validateIdentityName(props.name),
    ...(props.kubernetesServiceAccounts ?? []).flatMap((link, index) => within(['kubernetesServiceAccounts', index], validateKubernetesLink(link))),
    ...(props.codeEngineComponents ?? []).flatMap((link, index) => within(['codeEngineComponents', index], validateCodeEngineLink(link))),
    ...(props.vpcInstanceCrns ?? []).flatMap((crn, index) => within(['vpcInstanceCrns', index], checkCrn(crn, 'is', 'a VPC instance', 'instance'))),
    ...(props.claimRules ?? []).flatMap((rule, index) => within(['claimRules', index], validateClaimRule(rule))),
  ];
}
