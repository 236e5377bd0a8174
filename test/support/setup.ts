// cdktf's jest matchers (toHaveResourceWithProperties, …), with their types.
import 'cdktf/lib/testing/adapters/jest';
import { Testing } from '../../constructs/core/cdktf';

Testing.setupJest();
