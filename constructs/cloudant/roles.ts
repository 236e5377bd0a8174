// Cloudant's IAM service roles and the role sets grants use: the one place they are named.

/** Cloudant's service roles, by the display names IAM policies take */
export const CLOUDANT_SERVICE_ROLES = ['Reader', 'Writer', 'Manager', 'Monitor', 'Checkpointer'] as const;
export type CloudantServiceRole = (typeof CLOUDANT_SERVICE_ROLES)[number];

/** IAM platform roles: they manage the instance itself (Editor and Administrator can delete it), never its data */
export const PLATFORM_ROLES = ['Viewer', 'Operator', 'Editor', 'Administrator'] as const;

/**
 * The role sets grants are made of. Writer already includes everything Reader can do,
 * and Manager everything Writer can do; replication needs Checkpointer on the source
 * (Reader cannot write `_local` checkpoints) and only Writer on the target.
 */
export const CLOUDANT_ROLE_SETS = {
  reader: ['Reader'],
  writer: ['Writer'],
  manager: ['Manager'],
  monitor: ['Monitor'],
  checkpointer: ['Checkpointer'],
  'replication-source': ['Reader', 'Checkpointer'],
  'replication-target': ['Writer'],
} as const satisfies Record<string, readonly CloudantServiceRole[]>;

export type CloudantRoleSetName = keyof typeof CLOUDANT_ROLE_SETS;
export const CLOUDANT_ROLE_SET_NAMES = Object.keys(CLOUDANT_ROLE_SETS) as CloudantRoleSetName[];

/** the roles of several role sets, each once, in the order of CLOUDANT_SERVICE_ROLES */
export function rolesOf(sets: readonly CloudantRoleSetName[]): CloudantServiceRole[] {
  const wanted = new Set<CloudantServiceRole>(sets.flatMap((set) => CLOUDANT_ROLE_SETS[set]));
  return CLOUDANT_SERVICE_ROLES.filter((role) => wanted.has(role));
}
