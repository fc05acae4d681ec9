import { z } from 'zod';

/** Response bodies of the ECS calls we make (spec §2–§4), read leniently: unknown fields are ignored. */

const text = z.string().nullish();

const faultSchema = z.object({ code: z.union([z.number(), z.string()]).nullish(), message: text }).nullish();

export const serverDetailSchema = z.object({
  id: z.string().min(1),
  name: text,
  status: text,
  'OS-EXT-STS:vm_state': text,
  'OS-EXT-STS:task_state': text,
  'OS-EXT-STS:power_state': z.number().nullish(),
  locked: z.boolean().nullish(),
  fault: faultSchema,
  /** `"key=value"` strings (tags.md §1a); a value may itself hold `=`. */
  tags: z.array(z.string()).nullish(),
});

export const serverListSchema = z.object({
  count: z.number().nullish(),
  servers: z.array(serverDetailSchema),
});

export const batchStopSchema = z.object({ job_id: z.string().min(1) });

const subJobSchema = z.object({
  status: text,
  entities: z.object({ server_id: text, errorcode_message: text }).nullish(),
  error_code: text,
  fail_reason: text,
});

export const jobSchema = z.object({
  status: z.string(),
  job_id: text,
  error_code: text,
  fail_reason: text,
  entities: z.object({ server_id: text, sub_jobs: z.array(subJobSchema).nullish() }).nullish(),
});

/** One server as we use it: the fields that decide "stopped", nothing else. */
export interface ServerDetail {
  id: string;
  name: string | null;
  status: string | null;
  taskState: string | null;
  vmState: string | null;
  powerState: number | null;
  fault: { code: string | null; message: string | null } | null;
  /** Tags, when the listing carried them. */
  tags?: Record<string, string>;
}

export interface SubJob {
  serverId: string;
  status: string;
  /** error_code of the sub-job, when it failed. */
  code: string | null;
  /** errorcode_message or fail_reason, when it failed. */
  reason: string | null;
}

export interface JobInfo {
  jobId: string;
  /** INIT, RUNNING, SUCCESS, FAIL, or anything newer (treat unknown as pending). */
  status: string;
  code: string | null;
  reason: string | null;
  subJobs: SubJob[];
}

export interface ServerPage {
  servers: ServerDetail[];
  /** Total matching servers, when the cloud says. */
  count: number | null;
}

/** `"key=value"` → { key: value }, split on the first `=` (as Huawei's Terraform provider does). */
export function parseTags(list: readonly string[]): Record<string, string> {
  // fromEntries defines own properties, so even a key such as `__proto__` stays a plain tag.
  return Object.fromEntries(
    list.map((item) => {
      const eq = item.indexOf('=');
      return eq < 0 ? [item, ''] : [item.slice(0, eq), item.slice(eq + 1)];
    }),
  );
}

export function toServerDetail(raw: z.infer<typeof serverDetailSchema>): ServerDetail {
  const fault = raw.fault
    ? { code: raw.fault.code == null ? null : String(raw.fault.code), message: raw.fault.message ?? null }
    : null;
  return {
    id: raw.id,
    name: raw.name ?? null,
    status: raw.status ?? null,
    taskState: raw['OS-EXT-STS:task_state'] || null,
    vmState: raw['OS-EXT-STS:vm_state'] ?? null,
    powerState: raw['OS-EXT-STS:power_state'] ?? null,
    fault,
    ...(raw.tags ? { tags: parseTags(raw.tags) } : {}),
  };
}

export function toJobInfo(raw: z.infer<typeof jobSchema>, jobId: string): JobInfo {
  const subJobs: SubJob[] = [];
  for (const s of raw.entities?.sub_jobs ?? []) {
    const serverId = s.entities?.server_id;
    if (!serverId) continue;
    subJobs.push({
      serverId,
      status: s.status ?? 'INIT',
      code: s.error_code ?? null,
      reason: s.entities?.errorcode_message || s.fail_reason || null,
    });
  }
  return {
    jobId: raw.job_id ?? jobId,
    status: raw.status,
    code: raw.error_code ?? null,
    reason: raw.fail_reason ?? null,
    subJobs,
  };
}
