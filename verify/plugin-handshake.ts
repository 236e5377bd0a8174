// go-plugin's handshake, as Terraform and its plugins speak it: the cookie Terraform sets in
// the environment of a plugin it starts, and the versions the plugin's handshake line names.
export const MAGIC_COOKIE = { key: 'TF_PLUGIN_MAGIC_COOKIE', value: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2' } as const;
export const CORE_PROTOCOL_VERSION = 1;
export const PLUGIN_PROTOCOL_VERSION = 5;
