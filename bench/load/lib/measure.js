'use strict';
// What the driver measures besides latency: CPU seconds and memory of the server process (/proc), the driver's
// own CPU, and the CPU used by everything else on the machine (driver and server share its cores).
const fs = require('fs');
const os = require('os');
const { performance } = require('perf_hooks');

const CLK_TCK = 100; // getconf CLK_TCK on Linux x86-64

function procCpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime + stime
  } catch { return NaN; }
}

/**
 * CPU seconds of named groups of processes (--watch "parley=11+12+13,postgres=^20,redis=30,nginx=^40"): a plain pid
 * counts that process; ^pid counts it, every live descendant (PostgreSQL's backends, nginx's workers) and what its
 * exited children used (cutime + cstime), so backends that came and went between two snapshots are not missed.
 */
function parseWatch(spec) {
  const groups = {};
  for (const part of (spec || '').split(',').filter(Boolean)) {
    const [name, pids] = part.split('=');
    groups[name] = pids.split('+').filter(Boolean).map((p) => ({ pid: Number(p.replace('^', '')), tree: p.startsWith('^') }));
  }
  return groups;
}

function procStatFields(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch { return null; }
}

function groupsCpuSeconds(groups) {
  const names = Object.keys(groups);
  if (!names.length) return {};
  const children = new Map();
  if (names.some((n) => groups[n].some((m) => m.tree))) {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const fields = procStatFields(entry);
      if (!fields) continue;
      const parent = Number(fields[1]);
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push({ pid: Number(entry), fields });
    }
  }
  const own = (f) => (Number(f[11]) + Number(f[12])) / CLK_TCK;
  const reaped = (f) => (Number(f[13]) + Number(f[14])) / CLK_TCK;
  const tree = (pid) => (children.get(pid) || []).reduce((sum, c) => sum + own(c.fields) + tree(c.pid), 0);
  const out = {};
  for (const name of names) {
    out[name] = groups[name].reduce((sum, m) => {
      const f = procStatFields(m.pid);
      if (!f) return sum;
      return sum + own(f) + (m.tree ? reaped(f) + tree(m.pid) : 0);
    }, 0);
  }
  return out;
}

function procMemoryKb(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name) => { const m = status.match(new RegExp(`^${name}:\\s+(\\d+)`, 'm')); return m ? Number(m[1]) : NaN; };
    return { rss: field('VmRSS'), hwm: field('VmHWM'), threads: field('Threads') };
  } catch { return { rss: NaN, hwm: NaN, threads: NaN }; }
}

function machineCpu() {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { idle: line[3] + line[4], total: line.reduce((a, b) => a + b, 0) };
}

function driverCpuSeconds() { const c = process.cpuUsage(); return (c.user + c.system) / 1e6; }

function snapshot(pid, groups = {}) {
  return { t: performance.now(), server: pid ? procCpuSeconds(pid) : NaN, driver: driverCpuSeconds(), machine: machineCpu(), groups: groupsCpuSeconds(groups) };
}

/** CPU between two snapshots, as % of one core (the machine has os.cpus().length of them). */
function usage(pid, a, b) {
  const wall = (b.t - a.t) / 1000;
  const machineTotal = b.machine.total - a.machine.total;
  const busyPct = machineTotal > 0 ? 100 * os.cpus().length * (1 - (b.machine.idle - a.machine.idle) / machineTotal) : NaN;
  const serverPct = pid ? 100 * (b.server - a.server) / wall : 0;
  const driverPct = 100 * (b.driver - a.driver) / wall;
  return {
    wall_s: +wall.toFixed(2),
    server_cpu_s: +(b.server - a.server).toFixed(2),
    server_cpu_pct: +serverPct.toFixed(0),
    driver_cpu_s: +(b.driver - a.driver).toFixed(2),
    driver_cpu_pct: +driverPct.toFixed(0),
    other_cpu_pct: +(busyPct - serverPct - driverPct).toFixed(0),
    ...(a.groups && Object.keys(a.groups).length
      ? { cpu_s: Object.fromEntries(Object.keys(a.groups).map((n) => [n, +(b.groups[n] - a.groups[n]).toFixed(2)])), machine_busy_pct: +busyPct.toFixed(0) }
      : {}),
  };
}

/** Latency samples in ms; percentiles by nearest rank. */
class Recorder {
  constructor() { this.samples = new Float64Array(1 << 16); this.count = 0; }
  add(value) {
    if (this.count === this.samples.length) { const bigger = new Float64Array(this.samples.length * 2); bigger.set(this.samples); this.samples = bigger; }
    this.samples[this.count++] = value;
  }
  stats() {
    if (!this.count) return { p50: null, p95: null, p99: null, max: null, mean: null };
    const sorted = this.samples.subarray(0, this.count).slice().sort();
    const at = (p) => sorted[Math.min(this.count - 1, Math.floor(p * this.count))];
    let sum = 0; for (let i = 0; i < this.count; i++) sum += sorted[i];
    const r = (x) => +x.toFixed(2);
    return { p50: r(at(0.5)), p95: r(at(0.95)), p99: r(at(0.99)), max: r(sorted[this.count - 1]), mean: r(sum / this.count) };
  }
}

module.exports = { procCpuSeconds, procMemoryKb, parseWatch, snapshot, usage, Recorder };
