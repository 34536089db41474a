/** What a running OS process uses, read from Linux's /proc: for figures of voie's processes, not for assertions. */
import { readFileSync } from 'node:fs';

/** Linux's USER_HZ, the unit of /proc's CPU times, on every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Resident memory of process `pid` in MiB (`VmRSS`). */
export function residentMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** The machine's CPU time so far, in ms summed over its cores: all of it, and the part not idle. */
export function machineCpuMs(): { totalMs: number; busyMs: number } {
  // The first line of /proc/stat: `cpu  user nice system idle iowait irq softirq steal …`, in clock ticks.
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((sum, tick) => sum + tick, 0);
  const idle = ticks[3]! + ticks[4]!;
  const ms = (tick: number) => (tick * 1000) / CLOCK_TICKS_PER_SECOND;
  return { totalMs: ms(total), busyMs: ms(total - idle) };
}

/** CPU time (user + system) process `pid` has used so far, in ms. */
export function cpuTimeMs(pid: number): number {
  // The fields after the command's closing parenthesis; utime and stime are the 12th and 13th, in clock ticks.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}
