/** The engines that apply a stack: a workstation or CI runner, HCP Terraform, IBM Schematics. */
export type Engine = 'local' | 'hcp' | 'schematics';

/** the environment's engine: as its file says, else hcp with an HCP Terraform backend, else local */
export function engineOf(settings: { readonly engine?: Engine; readonly backend?: { readonly type: string } }): Engine {
  const backend = settings.backend?.type;
  return settings.engine ?? (backend === 'cloud' || backend === 'remote' ? 'hcp' : 'local');
}
