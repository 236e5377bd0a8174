import { Construct } from 'constructs';
import { DataIbmResourceGroup } from './ibm-bindings';
import { RESOURCE_GROUP_ID_PATTERN } from './identifiers';
import { isUnresolved, show, ValidationError } from './validation';

/** A resource group that resources are placed in. */
export interface IResourceGroup {
  /** the resource group ID (32 hexadecimal characters), or a reference to it */
  readonly resourceGroupId: string;
}


/** References to existing resource groups, by ID or by name. */
export class ResourceGroup {
  /** a resource group whose ID is known */
  public static fromId(resourceGroupId: string): IResourceGroup {
    if (!isUnresolved(resourceGroupId) && !RESOURCE_GROUP_ID_PATTERN.test(resourceGroupId)) {
      throw new ValidationError('ResourceGroup.fromId', [
        { path: [], message: `${show(resourceGroupId)} is not a resource group ID; an ID is 32 lowercase hexadecimal characters (ibmcloud resource groups shows it), or use ResourceGroup.fromName` },
      ]);
    }
    return { resourceGroupId };
  }

  /** a resource group looked up by name when Terraform plans (an ibm_resource_group data source) */
  public static fromName(scope: Construct, id: string, name: string): IResourceGroup {
    if (!isUnresolved(name) && name.trim() === '') {
      throw new ValidationError('ResourceGroup.fromName', [{ path: [], message: 'the resource group name is empty' }]);
    }
    const lookup = new DataIbmResourceGroup(scope, id, { name });
    return { resourceGroupId: lookup.id };
  }
}
