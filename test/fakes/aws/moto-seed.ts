import {
  CreateTagsCommand,
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';

/** Keys moto accepts (it checks no signature unless told to); never real ones. */
export const MOTO_CREDENTIALS = {
  accessKeyId: 'TESTMOTOTESTKEY00000',
  secretAccessKey: 'moto-test-secret-not-real',
};
export const MOTO_REGION = 'us-east-1';
/** An image moto ships with. */
const MOTO_IMAGE = 'ami-12c6146b';

export interface SeedMachine {
  name: string;
  state: 'running' | 'stopped';
  /** Launched with DisableApiStop: moto (and EC2) refuse to stop it. */
  failStop?: boolean;
  /** Tags other than Name. */
  tags?: Record<string, string>;
}

/** A client straight to moto, to set the scene and read it back (not the code under test). */
export function motoClient(url: string): EC2Client {
  return new EC2Client({ region: MOTO_REGION, endpoint: url, credentials: MOTO_CREDENTIALS, maxAttempts: 1 });
}

/** Launch one instance per machine (tagged Name) and stop those meant to be stopped; returns their IDs in order. */
export async function seedMoto(ec2: EC2Client, machines: readonly SeedMachine[]): Promise<string[]> {
  const ids: string[] = new Array(machines.length);
  for (const protectedOnes of [false, true]) {
    const which = machines.map((m, k) => ({ m, k })).filter(({ m }) => Boolean(m.failStop) === protectedOnes);
    if (which.length === 0) continue;
    const run = await ec2.send(
      new RunInstancesCommand({
        ImageId: MOTO_IMAGE,
        MinCount: which.length,
        MaxCount: which.length,
        DisableApiStop: protectedOnes || undefined,
      }),
    );
    const launched = (run.Instances ?? []).map((i) => i.InstanceId ?? '');
    which.forEach(({ k }, j) => {
      ids[k] = launched[j] ?? '';
    });
  }
  const byName = new Map<string, string[]>();
  for (const [k, m] of machines.entries()) byName.set(m.name, [...(byName.get(m.name) ?? []), ids[k] ?? '']);
  for (const [name, resources] of byName) {
    await ec2.send(new CreateTagsCommand({ Resources: resources, Tags: [{ Key: 'Name', Value: name }] }));
  }
  for (const [k, m] of machines.entries()) {
    const tags = Object.entries(m.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
    if (tags.length > 0) await ec2.send(new CreateTagsCommand({ Resources: [ids[k] ?? ''], Tags: tags }));
  }
  const toStop = ids.filter((_, k) => machines[k]?.state === 'stopped');
  if (toStop.length > 0) await ec2.send(new StopInstancesCommand({ InstanceIds: toStop }));
  return ids;
}

export async function motoStateOf(ec2: EC2Client, id: string): Promise<string | undefined> {
  const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return out.Reservations?.[0]?.Instances?.[0]?.State?.Name;
}
