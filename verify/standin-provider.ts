// The stand-in provider: a Terraform plugin (protocol 5, gRPC) that serves the vendored
// schema of one provider and plans and applies without calling any cloud. Terraform starts
// it as it starts a real provider; `verify/terraform.ts` installs it from a local mirror.
//
// Environment: STANDIN_PROVIDER (ibm-cloud/ibm or hashicorp/time), STANDIN_ACCOUNT_ID and
// STANDIN_REGION (what made-up CRNs name), STANDIN_NOW (the time made-up times start from),
// STANDIN_OWNER_PID (started once for Terraform to reattach to: it ends when that process does).
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { applyChange, Placeholders, planChange, readData } from './behaviour';
import { CtyValue, decodeValue, encodeValue } from './cty';
import { blockType, JsonBlock, JsonSchema, ServedProvider, servedProviders } from './provider-schemas';
import { CORE_PROTOCOL_VERSION, MAGIC_COOKIE, PLUGIN_PROTOCOL_VERSION } from './plugin-handshake';
import { pluginTls } from './plugin-tls';

const NESTING: Record<string, number> = { single: 1, list: 2, set: 3, map: 4, group: 5 };

type Handler = (call: { request: Record<string, unknown> }, callback: grpc.sendUnaryData<unknown>) => void;

function protoSchema(schema: JsonSchema): Record<string, unknown> {
  return { version: schema.version, block: protoBlock(schema.block) };
}

function protoBlock(block: JsonBlock): Record<string, unknown> {
  return {
    version: 0,
    attributes: Object.entries(block.attributes ?? {}).map(([name, attribute]) => ({
      name,
      type: Buffer.from(JSON.stringify(attribute.type)),
      required: attribute.required ?? false,
      optional: attribute.optional ?? false,
      computed: attribute.computed ?? false,
      sensitive: attribute.sensitive ?? false,
      deprecated: attribute.deprecated ?? false,
    })),
    block_types: Object.entries(block.block_types ?? {}).map(([name, nested]) => ({
      type_name: name,
      block: protoBlock(nested.block),
      nesting: NESTING[nested.nesting_mode],
      min_items: nested.min_items ?? 0,
      max_items: nested.max_items ?? 0,
    })),
    deprecated: block.deprecated ?? false,
  };
}

const dynamic = (value: CtyValue) => ({ msgpack: Buffer.from(encodeValue(value)) });
const valueOf = (dynamicValue: unknown): CtyValue => decodeValue((dynamicValue as { msgpack?: Buffer } | null)?.msgpack);
const error = (summary: string) => ({ severity: 1, summary, detail: '' });

/** the handlers of the Provider service for one served provider */
export function providerHandlers(served: ServedProvider, placeholders: Placeholders): Record<string, Handler> {
  const resource = (type: string): JsonSchema => {
    const schema = served.resources[type];
    if (!schema) throw new Error(`no resource type ${type}`);
    return schema;
  };
  const answer = (callback: grpc.sendUnaryData<unknown>, make: () => unknown) => {
    try {
      callback(null, make());
    } catch (caught) {
      callback(null, { diagnostics: [error(`stand-in provider: ${(caught as Error).message}`)] });
    }
  };
  return {
    GetSchema: (_call, callback) =>
      answer(callback, () => ({
        provider: protoSchema(served.provider),
        resource_schemas: Object.fromEntries(Object.entries(served.resources).map(([type, schema]) => [type, protoSchema(schema)])),
        data_source_schemas: Object.fromEntries(Object.entries(served.dataSources).map(([type, schema]) => [type, protoSchema(schema)])),
        diagnostics: [],
        server_capabilities: { plan_destroy: false, get_provider_schema_optional: false },
      })),
    PrepareProviderConfig: (call, callback) => answer(callback, () => ({ prepared_config: call.request.config, diagnostics: [] })),
    ValidateResourceTypeConfig: (_call, callback) => answer(callback, () => ({ diagnostics: [] })),
    ValidateDataSourceConfig: (_call, callback) => answer(callback, () => ({ diagnostics: [] })),
    Configure: (_call, callback) => answer(callback, () => ({ diagnostics: [] })),
    UpgradeResourceState: (call, callback) =>
      answer(callback, () => {
        const type = String(call.request.type_name);
        const raw = (call.request.raw_state as { json?: Buffer } | null)?.json;
        const stored = raw && raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, CtyValue>) : {};
        const schema = resource(type);
        // every attribute of the current schema, null where the stored state has none
        const members = (blockType(schema.block) as ['object', Record<string, unknown>])[1];
        return { upgraded_state: dynamic(Object.fromEntries(Object.keys(members).map((name) => [name, stored[name] ?? null]))), diagnostics: [] };
      }),
    ReadResource: (call, callback) => answer(callback, () => ({ new_state: call.request.current_state, private: call.request.private, diagnostics: [] })),
    PlanResourceChange: (call, callback) =>
      answer(callback, () => {
        const type = String(call.request.type_name);
        const schema = resource(type);
        const { planned, requiresReplace } = planChange(schema, served.forceNew[type] ?? [], valueOf(call.request.prior_state), valueOf(call.request.proposed_new_state));
        return {
          planned_state: dynamic(planned),
          requires_replace: requiresReplace.map((name) => ({ steps: [{ attribute_name: name }] })),
          planned_private: call.request.prior_private,
          diagnostics: [],
        };
      }),
    ApplyResourceChange: (call, callback) =>
      answer(callback, () => {
        const type = String(call.request.type_name);
        const schema = resource(type);
        return { new_state: dynamic(applyChange(type, schema, valueOf(call.request.planned_state), placeholders)), private: call.request.planned_private, diagnostics: [] };
      }),
    ImportResourceState: (call, callback) => answer(callback, () => ({ imported_resources: [], diagnostics: [error(`the stand-in provider imports nothing (${String(call.request.type_name)})`)] })),
    ReadDataSource: (call, callback) =>
      answer(callback, () => {
        const type = String(call.request.type_name);
        const schema = served.dataSources[type];
        if (!schema) throw new Error(`no data source ${type}`);
        return { state: dynamic(readData(type, schema, valueOf(call.request.config), placeholders)), diagnostics: [] };
      }),
    Stop: (_call, callback) => answer(callback, () => ({ Error: '' })),
  };
}

function loadService(file: string, name: string): grpc.ServiceDefinition {
  const definition = protoLoader.loadSync(path.join(__dirname, file), { keepCase: true, longs: Number, enums: Number, bytes: Buffer, defaults: true, oneofs: true });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as Record<string, unknown>;
  let node: unknown = loaded;
  for (const part of name.split('.')) node = (node as Record<string, unknown>)[part];
  return (node as { service: grpc.ServiceDefinition }).service;
}

/** starts the plugin server and prints the handshake line Terraform waits for */
export async function serve(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env[MAGIC_COOKIE.key] !== MAGIC_COOKIE.value) {
    process.stderr.write('This is the ibm-data-guard stand-in for a Terraform provider: Terraform starts it; it is not run by hand.\n');
    process.exitCode = 1;
    return;
  }
  const source = env.STANDIN_PROVIDER ?? 'ibm-cloud/ibm';
  const served = servedProviders()[source];
  if (!served) throw new Error(`the stand-in serves no provider ${source}`);
  const placeholders: Placeholders = {
    accountId: env.STANDIN_ACCOUNT_ID ?? '0123456789abcdef0123456789abcdef',
    region: env.STANDIN_REGION ?? 'us-south',
    now: env.STANDIN_NOW ? new Date(env.STANDIN_NOW) : new Date(),
  };
  const server = new grpc.Server();
  server.addService(loadService('tfplugin5.proto', 'tfplugin5.Provider'), providerHandlers(served, placeholders) as unknown as grpc.UntypedServiceImplementation);
  server.addService(loadService('go-plugin.proto', 'plugin.GRPCController'), {
    // Terraform asks every plugin to shut down when it is done with it; without this it waits 2 s
    Shutdown: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
      callback(null, {});
      setImmediate(() => server.tryShutdown(() => process.exit(0)));
    },
  });
  server.addService(loadService('health.proto', 'grpc.health.v1.Health'), {
    Check: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, { status: 1 }),
  });
  // Terraform passes its client certificate unless plugin TLS is turned off (TF_DISABLE_PLUGIN_TLS)
  const clientCertificate = env.PLUGIN_CLIENT_CERT;
  const tls = clientCertificate ? await pluginTls(clientCertificate) : undefined;
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', tls?.credentials ?? grpc.ServerCredentials.createInsecure(), (failure, bound) => (failure ? reject(failure) : resolve(bound))),
  );
  const handshake = [CORE_PROTOCOL_VERSION, PLUGIN_PROTOCOL_VERSION, 'tcp', `127.0.0.1:${port}`, 'grpc', ...(tls ? [tls.handshakeCertificate] : [])];
  // Terraform reads the address from the first line on stdout
  process.stdout.write(`${handshake.join('|')}\n`);
  if (env.STANDIN_OWNER_PID) outliveNoOwner(Number(env.STANDIN_OWNER_PID));
}

// Started once for every command of a check, the stand-in is stopped by the check when it
// ends; should the check itself be killed first, the stand-in notices and ends too.
function outliveNoOwner(owner: number): void {
  // whoever read the handshake line has gone: nothing more is written to stdout
  process.stdout.on('error', () => undefined);
  setInterval(() => {
    try {
      process.kill(owner, 0);
    } catch {
      process.exit(0);
    }
  }, 1000).unref();
}

if (require.main === module) {
  serve().catch((failure: unknown) => {
    process.stderr.write(`stand-in provider: ${(failure as Error).message}\n`);
    process.exit(1);
  });
}
