import { readFileSync } from 'node:fs';
import type { Env } from '../../src/config/load-config.js';

/** The IPC protocol between the benchmark and an app it runs in a child process. */
export type ToChild = { type: 'start'; yaml: string; env: Env } | { type: 'mem' } | { type: 'stop' };
export type FromChild =
  | { type: 'ready'; port: number }
  | { type: 'mem'; rss: number; heapUsed: number; peakRss: number; cpuMs: number }
  | { type: 'stopped' }
  | { type: 'failed'; message: string };

/** VmHWM (peak resident set) of this process, in bytes; 0 where /proc is not there. */
function peakRss(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return 0;
    throw err;
  }
}

export interface ChildApp {
  /** Start the app; resolves with its HTTP port. */
  start(yaml: string, env: Env): Promise<number>;
  stop(): Promise<void>;
  /** Report the peak RSS (the app under test) or 0 (a baseline). */
  reportPeak: boolean;
}

/** Answer 'start', 'mem' and 'stop' messages for one app, then exit. */
export function serveChild(app: ChildApp): void {
  const reply = (msg: FromChild) => process.send?.(msg);
  process.on('message', (msg: ToChild) => {
    if (msg.type === 'start') {
      app.start(msg.yaml, msg.env).then(
        (port) => reply({ type: 'ready', port }),
        (err: unknown) =>
          reply({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
      );
    } else if (msg.type === 'mem') {
      const m = process.memoryUsage();
      const cpu = process.cpuUsage();
      reply({
        type: 'mem',
        rss: m.rss,
        heapUsed: m.heapUsed,
        peakRss: app.reportPeak ? peakRss() : 0,
        cpuMs: (cpu.user + cpu.system) / 1000,
      });
    } else if (msg.type === 'stop') {
      const done = () => {
        reply({ type: 'stopped' });
        process.disconnect();
        setTimeout(() => process.exit(0), 100).unref();
      };
      app.stop().then(done, (err: unknown) => {
        process.stderr.write(`bench child: stop failed: ${String(err)}\n`);
        done();
      });
    }
  });
}
