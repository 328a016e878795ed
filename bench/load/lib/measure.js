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

function snapshot(pid) {
  return { t: performance.now(), server: pid ? procCpuSeconds(pid) : NaN, driver: driverCpuSeconds(), machine: machineCpu() };
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

module.exports = { procCpuSeconds, procMemoryKb, snapshot, usage, Recorder };
