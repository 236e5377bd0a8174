// The baseline for synth timing: a cdktf app with one resource, run the same way as main.ts.
import { App, TerraformStack } from '../../constructs/core/cdktf';
import { Cloudant, IbmProvider } from '../../constructs/core/ibm-bindings';

const app = new App();
const stack = new TerraformStack(app, 'baseline');
new IbmProvider(stack, 'ibm', { region: 'us-east' });
new Cloudant(stack, 'one', { name: 'one', plan: 'standard-gen2', location: 'us-east' });
app.synth();
