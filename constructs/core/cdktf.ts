// The only module of ours that imports cdktf. Moving to the community fork (cdktn)
// is an edit to this file and to package.json.
export {
  App,
  Annotations,
  Aspects,
  AssetType,
  // only for the test that shows why constructs/core/cloud-block.ts exists
  CloudBackend,
  // only for the test that shows why constructs/core/terraform-data.ts exists
  DataResource,
  // a resource as depends_on names it
  dependable,
  DataTerraformRemoteState,
  Fn,
  Lazy,
  LocalBackend,
  // with CloudBackend, only for that test
  NamedCloudWorkspace,
  Op,
  // a reference token, as a binding's attribute getter makes one (the benchmark's plain app)
  ref,
  RemoteBackend,
  S3Backend,
  TerraformAsset,
  TerraformBackend,
  TerraformElement,
  TerraformOutput,
  TerraformRemoteState,
  TerraformResource,
  TerraformSelf,
  TerraformStack,
  Testing,
  Token,
} from 'cdktf';
export type { AppConfig, IAspect, ITerraformDependable, LocalExecProvisioner, S3BackendConfig, TerraformResourceLifecycle } from 'cdktf';
