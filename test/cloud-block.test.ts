import { execFileSync } from 'node:child_process';
import { CloudBackend, NamedCloudWorkspace, TerraformStack } from '../constructs/core/cdktf';
import { CloudBlock, CloudBlockProps } from '../constructs/core/cloud-block';
import { synthMetadata, testStack } from './support/synth';

// cdktf's CloudBackend and ours, configured alike, each in a stack of the same name of its own app
function both(props: CloudBlockProps): { ours: CloudBlock; theirs: CloudBackend; stacks: [TerraformStack, TerraformStack] } {
  const { stack } = testStack('data');
  const { stack: theirsStack } = testStack('data');
  const ours = new CloudBlock(stack, props);
  const theirs = new CloudBackend(theirsStack, {
    organization: props.organization,
    hostname: props.hostname,
    workspaces: new NamedCloudWorkspace(props.workspace, props.project),
  });
  return { ours, theirs, stacks: [stack, theirsStack] };
}

describe('CloudBlock', () => {
  test.each<[string, CloudBlockProps]>([
    ['a workspace of HCP Terraform', { organization: 'acme', workspace: 'data-prod' }],
    ['with a project', { organization: 'acme', workspace: 'data-prod', project: 'data' }],
    ['on Terraform Enterprise', { organization: 'acme', workspace: 'data-prod', hostname: 'tfe.acme.example' }],
    ['on app.terraform.io by name', { organization: 'acme', workspace: 'data-prod', hostname: 'app.terraform.io' }],
  ])('%s: the same cloud block and metadata as cdktf\'s CloudBackend', (_name, props) => {
    const { ours, theirs, stacks } = both(props);
    expect(ours.toTerraform()).toEqual(theirs.toTerraform());
    expect(ours.toMetadata()).toEqual(theirs.toMetadata());
    expect(synthMetadata(stacks[0])).toEqual(synthMetadata(stacks[1]));
  });

  test('what the stack writes, overrides merged in', () => {
    const { ours } = both({ organization: 'acme', workspace: 'data-prod', project: 'data', hostname: 'tfe.acme.example' });
    ours.addOverride('workspaces.project', 'platform');
    expect(ours.toTerraform()).toEqual({ terraform: { cloud: { organization: 'acme', hostname: 'tfe.acme.example', workspaces: { name: 'data-prod', project: 'platform' } } } });
    expect(ours.toMetadata()).toEqual({ backend: 'cloud', cloud: 'tfe', overrides: { backend: ['workspaces'] } });
  });

  test('the same HCL as cdktf\'s CloudBackend, and the project there too', () => {
    const { ours, theirs } = both({ organization: 'acme', workspace: 'data-prod' });
    expect(ours.toHclTerraform()).toEqual(theirs.toHclTerraform());
    const withProject = both({ organization: 'acme', workspace: 'data-prod', project: 'data' }).ours.toHclTerraform() as { terraform: { cloud: { workspaces: { value: unknown } } } };
    expect(withProject.terraform.cloud.workspaces.value).toEqual({
      name: { value: 'data-prod', type: 'simple', storageClassType: 'string' },
      project: { value: 'data', type: 'simple', storageClassType: 'string' },
    });
  });

  test('another stack reads its outputs through the remote state of its workspace', () => {
    const { ours, theirs, stacks } = both({ organization: 'acme', workspace: 'data-prod', hostname: 'tfe.acme.example' });
    const read = (backend: CloudBlock | CloudBackend, stack: TerraformStack) => backend.getRemoteStateDataSource(stack, 'remote', 'other').toTerraform();
    const remoteState = read(ours, stacks[0]);
    expect(remoteState).toEqual(read(theirs, stacks[1]));
    expect(remoteState).toEqual({ data: { terraform_remote_state: { remote: { backend: 'remote', config: { organization: 'acme', hostname: 'tfe.acme.example', workspaces: { name: 'data-prod' } } } } } });
  });

  test('validates without a Terraform binary, unlike cdktf\'s CloudBackend', () => {
    // a child process: jest's sandboxed process.env does not reach child_process
    const script = `
      const { App, CloudBackend, NamedCloudWorkspace, TerraformStack } = require('./constructs/core/cdktf');
      const { CloudBlock } = require('./constructs/core/cloud-block');
      const app = new App({ outdir: require('node:os').tmpdir() });
      const ours = new CloudBlock(new TerraformStack(app, 'a'), { organization: 'acme', workspace: 'w' });
      const theirs = new CloudBackend(new TerraformStack(app, 'b'), { organization: 'acme', workspaces: new NamedCloudWorkspace('w') });
      console.log(JSON.stringify([ours.node.validate(), theirs.node.validate()]));`;
    const output = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { env: { PATH: '/nonexistent' }, encoding: 'utf8' });
    const [ours, theirs] = JSON.parse(output) as [string[], string[]];
    expect(ours).toEqual([]);
    expect(theirs[0]).toMatch(/^Could not determine version of terraform/);
  });
});
