import { cpus, release, totalmem, type } from 'node:os';

/** One line naming the machine the figures came from. */
export function describeMachine(): string {
  const list = cpus();
  const model = list[0]?.model.trim() ?? 'unknown CPU';
  return `${list.length} × ${model}, ${(totalmem() / 1024 ** 3).toFixed(0)} GB RAM, ${type()} ${release()}, Node ${process.version}`;
}
