// IBM's Node SDKs read their external configuration (<SERVICE>_URL, <SERVICE>_APIKEY,
// <SERVICE>_AUTH_URL, …, or an ibm-credentials.env file) from process.env. A command run
// with another environment (embedded, or under test) lends it for the one synchronous call
// that reads it, so every command honours the same variables IBM's own tools do.
export function withSdkEnvironment<T>(env: NodeJS.ProcessEnv, make: () => T): T {
  if (env === process.env) return make();
  const saved = process.env;
  process.env = { ...env };
  try {
    return make();
  } finally {
    process.env = saved;
  }
}
