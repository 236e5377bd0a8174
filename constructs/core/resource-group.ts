import { Construct, IConstruct } from 'constructs';
import { DataIbmResourceGroup } from './ibm-bindings';
import { RESOURCE_GROUP_ID_PATTERN } from './identifiers';
import { isUnresolved, show, ValidationError } from './validation';

/** A resource group that resources are placed in. */
export interface IResourceGroup extends IConstruct {
  /** the resource group ID (32 hexadecimal characters), or a reference to it */
  readonly resourceGroupId: string;
}

class ImportedResourceGroup extends Construct implements IResourceGroup {
  constructor(
    scope: Construct,
    id: string,
    public readonly resourceGroupId: string,
  ) {
    super(scope, id);
  }
}

// the data source is the construct, so its ID stays the lookup's Terraform address
class ResourceGroupLookup extends DataIbmResourceGroup implements IResourceGroup {
  public get resourceGroupId(): string {
    return this.id;
  }
}

/** References to existing resource groups, by ID or by name. */
export class ResourceGroup {
  /** a resource group whose ID is known */
  public static fromId(scope: Construct, id: string, resourceGroupId: string): IResourceGroup {
    if (!isUnresolved(resourceGroupId) && !RESOURCE_GROUP_ID_PATTERN.test(resourceGroupId)) {
      throw new ValidationError(`ResourceGroup.fromId ${scope.node.path}/${id}`, [
        { path: [], message: `${show(resourceGroupId)} is not a resource group ID; an ID is 32 lowercase hexadecimal characters (ibmcloud resource groups shows it), or use ResourceGroup.fromName` },
      ]);
    }
    return new ImportedResourceGroup(scope, id, resourceGroupId);
  }

  /** a resource group looked up by name when Terraform plans (an ibm_resource_group data source) */
  public static fromName(scope: Construct, id: string, name: string): IResourceGroup {
    if (!isUnresolved(name) && name.trim() === '') {
      throw new ValidationError('ResourceGroup.fromName', [{ path: [], message: 'the resource group name is empty' }]);
    }
    return new ResourceGroupLookup(scope, id, { name });
  }
}
