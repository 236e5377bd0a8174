// The IAM Identity client: IBM's Node SDK, configured as IBM's own tools configure it.
import IamIdentityV1 from '@ibm-cloud/platform-services/iam-identity/v1';
import { IamAuthenticator } from 'ibm-cloud-sdk-core';
import { withSdkEnvironment } from '../sdk/environment';
import { HygieneError } from './errors';

export type IdentityService = IamIdentityV1;

// The SDK's defaults: 4 retries of 429, 500 and 502-599, honouring Retry-After
const MAX_RETRIES = 4;
const MAX_RETRY_INTERVAL_SECONDS = 30;

/**
 * The SDK's own external configuration decides (IAM_IDENTITY_URL, IAM_IDENTITY_AUTH_URL,
 * IAM_IDENTITY_APIKEY and the other IAM_IDENTITY_* variables, or an ibm-credentials.env
 * file); IBMCLOUD_API_KEY is the fallback for the key. The key is never an argument.
 */
export function identityServiceFrom(env: NodeJS.ProcessEnv): IdentityService {
  const service = withSdkEnvironment(env, () => {
    try {
      return IamIdentityV1.newInstance({});
    } catch {
      const apikey = env.IBMCLOUD_API_KEY;
      if (!apikey) {
        throw new HygieneError('no API key: set IAM_IDENTITY_APIKEY (or IBMCLOUD_API_KEY) to a key with Service Configuration Reader on the IAM Identity Service (iam-identity); IAM_IDENTITY_URL and IAM_IDENTITY_AUTH_URL point it at another endpoint', 2);
      }
      return new IamIdentityV1({ authenticator: new IamAuthenticator({ apikey, url: env.IAM_IDENTITY_AUTH_URL }), serviceUrl: env.IAM_IDENTITY_URL });
    }
  });
  service.enableRetries({ maxRetries: MAX_RETRIES, maxRetryInterval: MAX_RETRY_INTERVAL_SECONDS });
  return service;
}
