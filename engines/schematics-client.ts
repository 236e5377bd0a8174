// The IBM Schematics workspace API, on ibm-cloud-sdk-core's BaseService (as IBM's generated
// SDKs are built): authentication, the SDK's external configuration (SCHEMATICS_URL,
// SCHEMATICS_APIKEY, SCHEMATICS_AUTH_URL, …), retries of 429 and 5xx with Retry-After. IBM's
// npm package for Schematics (@ibm-cloud/ibm-schematics 0.0.2, 2020) is built on
// ibm-cloud-sdk-core 2, so the few documented calls this needs are made here instead.
// Paths and fields: IBM/schematics-go-sdk schematicsv1 (ListWorkspaces, CreateWorkspace,
// ReplaceWorkspace, TemplateRepoUpload, PlanWorkspaceCommand, ApplyWorkspaceCommand,
// GetWorkspaceActivity, GetTemplateActivityLog).
import { Authenticator, BaseService, getAuthenticatorFromEnvironment, IamAuthenticator, UserOptions } from 'ibm-cloud-sdk-core';
import { withSdkEnvironment } from '../sdk/environment';

export const SCHEMATICS_SERVICE_NAME = 'schematics';
export const SCHEMATICS_DEFAULT_URL = 'https://schematics.cloud.ibm.com';

export interface WorkspaceTemplate {
  readonly id: string;
  readonly folder?: string;
  readonly type?: string;
}

export interface Workspace {
  readonly id: string;
  readonly name: string;
  readonly type?: readonly string[];
  readonly location?: string;
  readonly status?: string;
  readonly template_data?: readonly WorkspaceTemplate[];
}

export interface WorkspaceDefinition {
  readonly name: string;
  /** for example terraform_v1.9 */
  readonly terraformVersion: string;
  readonly location: string;
  readonly resourceGroup?: string;
  readonly description: string;
  readonly tags: readonly string[];
}

export interface Activity {
  readonly action_id?: string;
  readonly name?: string;
  /** CREATED, IN PROGRESS, COMPLETED or FAILED */
  readonly status?: string;
  readonly templates?: readonly { template_id?: string; status?: string; message?: string }[];
}

export class SchematicsClient extends BaseService {
  public static DEFAULT_SERVICE_URL = SCHEMATICS_DEFAULT_URL;
  public static DEFAULT_SERVICE_NAME = SCHEMATICS_SERVICE_NAME;

  /**
   * From the SDK's external configuration, as IBM's SDKs' newInstance does (SCHEMATICS_URL,
   * SCHEMATICS_APIKEY, SCHEMATICS_AUTH_URL, …); IBMCLOUD_API_KEY is the fallback for the key.
   */
  public static fromEnvironment(env: NodeJS.ProcessEnv): SchematicsClient {
    return withSdkEnvironment(env, () => {
      let authenticator: Authenticator;
      try {
        authenticator = getAuthenticatorFromEnvironment(SCHEMATICS_SERVICE_NAME);
      } catch {
        if (!env.IBMCLOUD_API_KEY) throw new Error('no API key: set SCHEMATICS_APIKEY (or IBMCLOUD_API_KEY); SCHEMATICS_URL and SCHEMATICS_AUTH_URL point it at another endpoint');
        authenticator = new IamAuthenticator({ apikey: env.IBMCLOUD_API_KEY, url: env.SCHEMATICS_AUTH_URL });
      }
      const client = new SchematicsClient({ authenticator });
      client.configureService(SCHEMATICS_SERVICE_NAME);
      // configuring the service makes a new request wrapper: retries are set on it afterwards
      client.enableRetries({ maxRetries: 4, maxRetryInterval: 30 });
      return client;
    });
  }

  constructor(options: UserOptions) {
    super({ serviceUrl: SCHEMATICS_DEFAULT_URL, ...options });
    this.enableRetries({ maxRetries: 4, maxRetryInterval: 30 });
  }

  public get iamAuthenticator(): Authenticator {
    return this.getAuthenticator();
  }

  public async listWorkspaces(): Promise<Workspace[]> {
    const all: Workspace[] = [];
    for (let offset = 0; ; ) {
      const page = await this.call<{ workspaces?: Workspace[]; count?: number }>('GET', '/v1/workspaces', { qs: { offset, limit: 100 } });
      const workspaces = page.workspaces ?? [];
      all.push(...workspaces);
      offset += workspaces.length;
      if (workspaces.length === 0 || offset >= (page.count ?? 0)) return all;
    }
  }

  public createWorkspace(definition: WorkspaceDefinition): Promise<Workspace> {
    return this.call('POST', '/v1/workspaces', { body: workspaceBody(definition) });
  }

  public replaceWorkspace(id: string, definition: WorkspaceDefinition): Promise<Workspace> {
    return this.call('PUT', '/v1/workspaces/{w_id}', { path: { w_id: id }, body: workspaceBody(definition) });
  }

  /** the configuration, as a tar of the stack's folder (IBM: "Provide your Terraform template by uploading a tape archive file") */
  public uploadTemplate(workspaceId: string, templateId: string, tar: Buffer): Promise<unknown> {
    return this.call('PUT', '/v1/workspaces/{w_id}/template_data/{t_id}/template_repo_upload', {
      path: { w_id: workspaceId, t_id: templateId },
      formData: { file: { data: tar, filename: 'stack.tar', contentType: 'application/x-tar' } },
    });
  }

  /** plan (POST) or apply (PUT); both need the IAM refresh token in a header */
  public async startJob(workspaceId: string, job: 'plan' | 'apply', refreshToken: string): Promise<string> {
    const result = await this.call<{ activityid?: string }>(job === 'plan' ? 'POST' : 'PUT', `/v1/workspaces/{w_id}/${job}`, { path: { w_id: workspaceId }, headers: { refresh_token: refreshToken }, body: {} });
    if (!result.activityid) throw new Error(`Schematics started no ${job} job (no activityid in its answer)`);
    return result.activityid;
  }

  public activity(workspaceId: string, activityId: string): Promise<Activity> {
    return this.call('GET', '/v1/workspaces/{w_id}/actions/{activity_id}', { path: { w_id: workspaceId, activity_id: activityId } });
  }

  /** the job's log so far, as text */
  public async templateLog(workspaceId: string, templateId: string, activityId: string): Promise<string> {
    const log = await this.call<unknown>('GET', '/v1/workspaces/{w_id}/runtime_data/{t_id}/log_store/actions/{activity_id}', {
      path: { w_id: workspaceId, t_id: templateId, activity_id: activityId },
      accept: 'text/plain',
    });
    return typeof log === 'string' ? log : log === undefined || log === null ? '' : JSON.stringify(log);
  }

  private async call<T>(method: string, path: string, options: { path?: Record<string, string>; qs?: Record<string, unknown>; body?: unknown; headers?: Record<string, string>; formData?: Record<string, unknown>; accept?: string }): Promise<T> {
    const response = await this.createRequest({
      options: { url: path, method, path: options.path, qs: options.qs, body: options.body, formData: options.formData },
      defaultOptions: {
        ...this.baseOptions,
        headers: { Accept: options.accept ?? 'application/json', ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...options.headers },
      },
    });
    return response.result as T;
  }
}

function workspaceBody(definition: WorkspaceDefinition): Record<string, unknown> {
  return {
    name: definition.name,
    type: [definition.terraformVersion],
    location: definition.location,
    ...(definition.resourceGroup ? { resource_group: definition.resourceGroup } : {}),
    description: definition.description,
    tags: [...definition.tags],
    template_data: [{ folder: '.', type: definition.terraformVersion }],
  };
}

