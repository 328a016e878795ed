#!/usr/bin/env node
'use strict';
// Load driver for Parley, of the same design as ../shared/peers/load/driver.js so the two report side by side:
// N WebSocket connections of seeded users (bench/Parley.Bench seed-load), S of them sending at a fixed TOTAL rate.
// Every message carries its send time (in its clientMessageId) and every receiver computes end-to-end latency.
// Sends are acknowledged calls (SendMessage returns once the message is stored), which the peers do not do.
//
// Modes:
//   steps : fixed total rates (--rates) for --duration s each
//   max   : geometric ramp (--start-rate x --factor) until p99 > --p99-limit, loss, errors or the rate is not offered
//   idle  : open --clients connections (--per-user per account): server RSS per connection
//   mix   : realistic use (scenario 5) for growing numbers of users (--users-steps): each in 5 rooms, sending about
//           once a minute, typing first, opening a room's history now and then; the largest N with p99 < --p99-limit
// Several nodes (bench/production.sh): --urls A,B,C connects client i to node i mod 3 directly, --senders-node K
// takes the senders from node K's clients only, and latency is reported apart for receivers on the sender's node
// ("local") and on the others ("remote": the message crossed nodes). --watch names groups of processes whose CPU
// seconds each step reports (Parley's nodes, PostgreSQL, Redis, nginx).
// Bounded: --time-limit s hard-stops the process; only loopback targets are accepted.
const fs = require('fs');
const path = require('path');
const { performance } = require('perf_hooks');
const { createClient, clientMessageId, sentAtOf, senderNodeOf, isOwn } = require('./lib/client');
const { snapshot, usage, procMemoryKb, parseWatch, Recorder } = require('./lib/measure');
const { runMix } = require('./lib/mix');

const options = parseArgs(process.argv.slice(2));
const nodeUrls = options.urls ? options.urls.split(',') : [];
const watch = parseWatch(options.watch);
for (const url of [options.url, ...nodeUrls]) {
  const target = new URL(url);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(target.hostname) && !target.hostname.startsWith('127.')) {
    console.error(`refusing non-loopback target ${target.hostname}`);
    process.exit(2);
  }
}

const seed = JSON.parse(fs.readFileSync(options.seed, 'utf8'));
const now = () => performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (...parts) => { if (!options.quiet) console.error(`[${new Date().toISOString().slice(11, 23)}]`, ...parts); };

const errors = { connect: 0, disconnect: 0, send: 0, samples: [] };
function noteError(kind, error) {
  errors[kind]++;
  if (errors.samples.length < 8) errors.samples.push(`${kind}: ${String((error && error.message) || error).slice(0, 160)}`);
}

const result = { label: options.label, proto: 'parley', url: options.url, mode: options.mode, started: new Date().toISOString(), params: { ...options }, steps: [] };
const hardStop = setTimeout(() => { result.aborted = `time limit ${options['time-limit']} s`; finish(3); }, options['time-limit'] * 1000);

// ------------------------------------------------------------------ connections
let closing = false;
const clients = [];
const roomSize = new Map();
const steps = [];
let lastDeliveryAt = 0;
let lastForeignAt = 0;

function onMessage(message, receiverNode) {
  const receivedAt = now();
  if (!isOwn(message)) { lastForeignAt = receivedAt; return; }
  lastDeliveryAt = receivedAt;
  const sentAt = sentAtOf(message);
  let i = steps.length - 1;
  while (i >= 0 && sentAt < steps[i].start) i--;
  if (i < 0 || Number.isNaN(sentAt)) return;
  const step = steps[i];
  if (step.closed) { step.late++; return; }
  step.received++;
  step.lastReceived = receivedAt;
  step.latency.add(receivedAt - sentAt);
  if (nodeUrls.length > 1) (senderNodeOf(message) === receiverNode ? step.local : step.remote).add(receivedAt - sentAt);
}

async function openClients(count, roomOf, userOf, offset = 0) {
  const started = now();
  let next = 0;
  async function worker() {
    for (;;) {
      const index = offset + next++;
      if (index >= offset + count) return;
      const user = seed.users[userOf(index)];
      const room = roomOf(index);
      const node = nodeUrls.length ? index % nodeUrls.length : 0;
      const client = createClient({
        url: nodeUrls.length ? nodeUrls[node] : options.url,
        token: user.token,
        onMessage: (message) => onMessage(message, node),
        onClose: (error) => { if (!closing) noteError('disconnect', error || 'closed'); },
        connectTimeoutMs: options['connect-timeout'] * 1000,
      });
      const entry = { client, room, index, node, ok: false };
      try {
        await client.start();
        entry.ok = true;
        roomSize.set(room, (roomSize.get(room) || 0) + 1);
      } catch (error) {
        noteError('connect', error);
      }
      clients.push(entry);
    }
  }
  await Promise.all(Array.from({ length: Math.min(options['connect-concurrency'], count) }, worker));
  const ok = clients.filter((c) => c.ok && c.index >= offset).length;
  log(`connected ${ok}/${count} in ${((now() - started) / 1000).toFixed(1)} s (connect errors ${errors.connect})`);
  return ok;
}

// ------------------------------------------------------------------ steps
async function runStep(rate, durationS, senders) {
  const errorsBefore = errors.disconnect + errors.send;
  const step = { rate, start: now(), sent: 0, expected: 0, received: 0, lastReceived: 0, late: 0, closed: false, latency: new Recorder(), acks: new Recorder(), local: new Recorder(), remote: new Recorder() };
  steps.push(step);
  const before = snapshot(options.pid, watch);
  const total = Math.round(rate * durationS);
  let seq = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((now() - step.start) / 1000) * rate) + 1);
      while (step.sent < due) {
        const sender = senders[seq % senders.length];
        const sentAt = now();
        sender.client.send(sender.room, `msg ${seq} ${'x'.repeat(48)}`, clientMessageId(sentAt, seq, sender.node))
          .then(() => step.acks.add(now() - sentAt), (error) => noteError('send', error));
        step.expected += roomSize.get(sender.room);
        step.sent++; seq++;
      }
      if (step.sent >= total) { clearInterval(timer); resolve(); }
    };
    const timer = setInterval(tick, 1);
    tick();
  });
  step.sendEnd = now();
  const drainDeadline = now() + options.drain * 1000;
  while (step.received < step.expected && now() < drainDeadline) await sleep(20);
  const after = snapshot(options.pid, watch);
  step.closed = true;
  const latency = step.latency.stats();
  const sendSeconds = (step.sendEnd - step.start) / 1000;
  const spanSeconds = Math.max(durationS, ((step.lastReceived || step.sendEnd) - step.start) / 1000);
  const res = {
    rate, duration_s: durationS, sent: step.sent,
    achieved_send_rate: +(step.sent / Math.max(sendSeconds, 1e-3)).toFixed(1),
    expected: step.expected, received: step.received, lost: step.expected - step.received,
    deliveries_per_s: Math.round(step.received / spanSeconds),
    lat_ms: latency, ack_ms: step.acks.stats(),
    ...(nodeUrls.length > 1 ? { lat_local_ms: step.local.stats(), lat_remote_ms: step.remote.stats() } : {}),
    errors_during: errors.disconnect + errors.send - errorsBefore,
    ...usage(options.pid, before, after),
    server_rss_mb: options.pid ? +(procMemoryKb(options.pid).rss / 1024).toFixed(1) : null,
  };
  res.pass = res.lost === 0 && latency.p99 !== null && latency.p99 <= options['p99-limit'] && res.errors_during === 0 &&
    res.achieved_send_rate >= 0.95 * rate;
  log(`rate ${rate}/s: sent ${res.sent} (${res.achieved_send_rate}/s) delivered ${res.received}/${res.expected} (${res.deliveries_per_s}/s) ` +
    `p50 ${latency.p50} p99 ${latency.p99} max ${latency.max} ms | ack p99 ${res.ack_ms.p99} | server ${res.server_cpu_pct}% driver ${res.driver_cpu_pct}% ` +
    `other ${res.other_cpu_pct}% rss ${res.server_rss_mb} MB ${res.pass ? 'PASS' : 'FAIL'}` +
    (res.lat_remote_ms ? ` | local p50/p99 ${res.lat_local_ms.p50}/${res.lat_local_ms.p99} remote ${res.lat_remote_ms.p50}/${res.lat_remote_ms.p99}` : '') +
    (res.cpu_s ? ` | cpu s ${Object.entries(res.cpu_s).map(([n, v]) => `${n} ${v}`).join(' ')}` : ''));
  const inert = { add() {} };
  step.latency = { ...inert, stats: () => latency };
  step.local = inert; step.remote = inert;
  return res;
}

async function quiesce(maxSeconds) {
  const end = now() + maxSeconds * 1000;
  while (now() < end && now() - lastDeliveryAt < 1000) await sleep(100);
}

function layout() {
  const rooms = seed.rooms[options.rooms];
  if (!rooms) throw new Error(`--rooms must be one of ${Object.keys(seed.rooms).join(', ')}`);
  return { roomOf: (i) => rooms[i % rooms.length], userOf: (i) => Math.floor(i / options['per-user']) % seed.users.length };
}

// ------------------------------------------------------------------ main
async function main() {
  log(`driver: parley ${options.url} mode=${options.mode} clients=${options.clients} rooms=${options.rooms} senders=${options.senders}`);
  if (options.mode === 'mix') {
    result.mix = await runMix({ options, seed, log, noteError, errors, isClosing: () => closing, clients });
    return finish(0);
  }

  const { roomOf, userOf } = layout();
  if (options.mode === 'idle') {
    const warmup = Math.min(options['idle-warmup'], options.clients);
    const rssStart = procMemoryKb(options.pid).rss;
    await openClients(warmup, roomOf, userOf);
    await sleep(2000);
    const base = procMemoryKb(options.pid).rss;
    await openClients(options.clients - warmup, roomOf, userOf, warmup);
    await sleep(options['idle-settle'] * 1000);
    let rss = 0;
    for (let k = 0; k < 5; k++) { rss = Math.max(rss, procMemoryKb(options.pid).rss); await sleep(200); }
    const ok = clients.filter((c) => c.ok).length;
    result.idle = {
      requested: options.clients, connected: ok, warmup_conns: warmup,
      server_rss_start_mb: +(rssStart / 1024).toFixed(1),
      server_rss_after_warmup_mb: +(base / 1024).toFixed(1),
      server_rss_after_all_mb: +(rss / 1024).toFixed(1),
      kb_per_conn: ok > warmup ? +((rss - base) / (ok - warmup)).toFixed(1) : null,
      driver_rss_mb: +(process.memoryUsage().rss / 1048576).toFixed(1),
    };
    log(`idle: ${ok}/${options.clients} connected; server RSS ${result.idle.server_rss_after_warmup_mb} -> ${result.idle.server_rss_after_all_mb} MB, ${result.idle.kb_per_conn} KB per connection`);
    return finish(0);
  }

  result.connected = await openClients(options.clients, roomOf, userOf);
  // A server still delivering an earlier driver's backlog would spend this run's first step on it: wait it out.
  const backlogDeadline = now() + 30_000;
  while (now() - lastForeignAt < 1000 && now() < backlogDeadline) await sleep(100);
  if (lastForeignAt) log(`waited for an earlier run's backlog to drain (${now() - lastForeignAt < 1000 ? 'gave up after 30 s' : 'done'})`);
  const byRoom = new Map();
  for (const c of clients) if (c.ok) { if (!byRoom.has(c.room)) byRoom.set(c.room, []); byRoom.get(c.room).push(c); }
  const roomList = [...byRoom.keys()];
  const senders = [];
  const eligible = (c) => options['senders-node'] < 0 || c.node === options['senders-node'];
  for (let k = 0; k < options.senders; k++) {
    const candidate = byRoom.get(roomList[k % roomList.length]).filter(eligible)[Math.floor(k / roomList.length)];
    if (candidate) senders.push(candidate);
  }
  result.senders = senders.length;
  result.fanout_mean = +(senders.reduce((sum, s) => sum + roomSize.get(s.room), 0) / Math.max(1, senders.length)).toFixed(1);
  log(`${senders.length} senders, mean fan-out ${result.fanout_mean}`);
  result.warmup = await runStep(Math.min(50, options['start-rate']), 2, senders);

  if (options.mode === 'steps') {
    for (const rate of options.rates.split(',').map(Number).filter((r) => r > 0)) {
      const res = await runStep(rate, options.duration, senders);
      result.steps.push(res);
      if (res.lost > 0 && res.received < res.expected * 0.98) { result.stopped = `stopped after ${rate}/s: backlog did not drain (saturated)`; break; }
    }
  } else if (options.mode === 'max') {
    let rate = options['start-rate'];
    let best = null; let firstFail = null; let retried = false;
    for (let k = 0; k < options['max-steps']; k++) {
      const res = await runStep(Math.round(rate), options.duration, senders);
      result.steps.push(res);
      if (res.pass) { best = res; rate *= options.factor; continue; }
      if (!retried && res.other_cpu_pct > 25) { retried = true; res.noisy = true; log('failed while the machine was busy: retrying once'); await quiesce(30); k--; continue; }
      firstFail = res; break;
    }
    if (best && firstFail && firstFail.rate > best.rate * 1.15) {
      await quiesce(30);
      const res = await runStep(Math.round(Math.sqrt(best.rate * firstFail.rate)), options.duration, senders);
      res.refine = true; result.steps.push(res);
      if (res.pass) best = res;
    }
    result.max = best
      ? { rate: best.rate, deliveries_per_s: best.deliveries_per_s, p99: best.lat_ms.p99, server_cpu_pct: best.server_cpu_pct, driver_cpu_pct: best.driver_cpu_pct,
          received: best.received, wall_s: best.wall_s, driver_cpu_s: best.driver_cpu_s, cpu_s: best.cpu_s, lat_local_ms: best.lat_local_ms, lat_remote_ms: best.lat_remote_ms,
          first_fail: firstFail && { rate: firstFail.rate, p99: firstFail.lat_ms.p99, lost: firstFail.lost, achieved_send_rate: firstFail.achieved_send_rate, server_cpu_pct: firstFail.server_cpu_pct, driver_cpu_pct: firstFail.driver_cpu_pct, errors: firstFail.errors_during } }
      : { rate: 0, first_fail: firstFail };
    log(`max sustained: ${best ? `${best.rate} msgs/s = ${best.deliveries_per_s} deliveries/s` : 'none'}`);
  } else {
    throw new Error(`unknown mode ${options.mode}`);
  }
  return finish(0);
}

async function finish(code) {
  closing = true;
  clearTimeout(hardStop);
  result.errors = errors;
  if (options.pid) {
    const memory = procMemoryKb(options.pid);
    result.server_vmhwm_mb = +(memory.hwm / 1024).toFixed(1);
    result.server_threads = memory.threads;
  }
  result.driver_rss_mb = +(process.memoryUsage().rss / 1048576).toFixed(1);
  result.finished = new Date().toISOString();
  const json = JSON.stringify(result, null, 1);
  if (options.json) fs.writeFileSync(options.json, json); else console.log(json);
  await Promise.race([Promise.all(clients.map((c) => c.client.stop())), sleep(5000)]);
  process.exit(code);
}

function parseArgs(argv) {
  const defaults = {
    url: 'http://127.0.0.1:5080', seed: '', mode: 'steps', rooms: 'steps', clients: 200, 'per-user': 1, senders: 10,
    rates: '100,500,1000,2000,5000', duration: 10, drain: 5, 'start-rate': 250, factor: 1.5, 'max-steps': 15, 'p99-limit': 100,
    pid: 0, label: '', json: '', urls: '', 'senders-node': -1, watch: '', 'connect-concurrency': 50, 'connect-timeout': 20, 'idle-warmup': 200, 'idle-settle': 5,
    'users-steps': '500,1000,2000,4000,8000', 'mix-duration': 60, 'time-limit': 900, quiet: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in defaults)) throw new Error(`unknown option ${argv[i]}`);
    if (typeof defaults[key] === 'boolean') { defaults[key] = true; continue; }
    const value = argv[++i];
    defaults[key] = typeof defaults[key] === 'number' ? Number(value) : value;
  }
  if (!defaults.seed) throw new Error('--seed FILE (from bench/Parley.Bench seed-load) is required');
  defaults.seed = path.resolve(defaults.seed);
  return defaults;
}

main().catch((error) => { console.error(error); result.aborted = String((error && error.stack) || error); finish(1); });
