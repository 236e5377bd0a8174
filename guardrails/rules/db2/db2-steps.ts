import type { CheckedElement } from '../../configuration';
import { blocks } from '../values';

/** A Db2 user that a `terraform_data` creates with db2-users.cjs, as far as its step says. */
export interface Db2UserStep {
  readonly userId: string;
  readonly role: string;
}

// The put-user step writes DB2_USER as jsonencode({"id" = …, "ibmid" = …, "role" = …}) or as JSON.
const FIELD = (name: string) => new RegExp(`"${name}"\\s*(?:=|:)\\s*("(?:[^"\\\\]|\\\\.)*"|[^,}]+)`);

/** the Db2 users a terraform_data creates through db2-users.cjs put-user */
export function db2UserSteps(element: CheckedElement): Db2UserStep[] {
  return blocks(element.config.provisioner).flatMap((provisioner) =>
    blocks(provisioner['local-exec']).flatMap((exec) => {
      const interpreter = Array.isArray(exec.interpreter) ? exec.interpreter : [];
      const environment = exec.environment as Record<string, unknown> | undefined;
      const user = environment?.DB2_USER;
      if (exec.command !== 'put-user' || !interpreter.some((part) => typeof part === 'string' && part.endsWith('db2-users.cjs')) || typeof user !== 'string') return [];
      const read = (name: string) => {
        const match = FIELD(name).exec(user)?.[1]?.trim() ?? '';
        return match.startsWith('"') ? (JSON.parse(match) as string) : match;
      };
      return [{ userId: read('id'), role: read('role') }];
    }),
  );
}
