'use strict';
// Scenario 5, realistic use: growing numbers of users, each in 5 rooms of about 50, each sending about once a
// minute — typing first, and sometimes switching rooms (a history fetch) before writing. For each population
// it reports delivery latency at every receiver, history latency, loss and errors; the answer is the largest
// population held with p99 under the limit.
const { performance } = require('perf_hooks');
const { createClient, clientMessageId, sentAtOf } = require('./client');
const { snapshot, usage, procMemoryKb, Recorder } = require('./measure');

const now = () => performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function runMix({ options, seed, log, noteError, errors, isClosing, clients }) {
  const populations = options['users-steps'].split(',').map(Number).filter((n) => n > 0 && n <= seed.users.length);
  const roomMembers = new Map();
  const users = [];
  let step = null;
  let seq = 0;

  function onMessage(message) {
    const sentAt = sentAtOf(message);
    if (!step || Number.isNaN(sentAt) || sentAt < step.start) return;
    step.received++;
    step.latency.add(now() - sentAt);
  }

  async function open(upTo) {
    let next = users.length;
    const started = now();
    async function worker() {
      for (;;) {
        const index = next++;
        if (index >= upTo) return;
        const account = seed.users[index];
        const client = createClient({
          url: options.url, token: account.token, onMessage,
          onClose: (error) => { if (!isClosing()) noteError('disconnect', error || 'closed'); },
          connectTimeoutMs: options['connect-timeout'] * 1000,
        });
        const user = { index, account, client, rooms: seed.mixRoomsOfUser[index], ok: false };
        try {
          await client.start();
          user.ok = true;
          for (const room of user.rooms) roomMembers.set(room, (roomMembers.get(room) || 0) + 1);
        } catch (error) { noteError('connect', error); }
        users.push(user);
        clients.push({ client });
      }
    }
    await Promise.all(Array.from({ length: options['connect-concurrency'] }, worker));
    log(`mix: ${users.filter((u) => u.ok).length}/${upTo} users connected (${((now() - started) / 1000).toFixed(1)} s)`);
  }

  async function act(user) {
    const room = user.rooms[Math.floor(Math.random() * user.rooms.length)];
    if (Math.random() < 0.3) {
      const started = now();
      try {
        const response = await fetch(`${options.url}/api/rooms/${room}/messages?limit=50`, { headers: { Authorization: `Bearer ${user.account.token}` } });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`history ${response.status}`);
        step.history.add(now() - started);
      } catch (error) { noteError('send', error); }
    }
    try {
      await user.client.typing(room);
      await sleep(1000 + Math.random() * 2000);
      const sentAt = now();
      const expected = roomMembers.get(room) || 0;
      step.sent++;
      step.expected += expected;
      await user.client.send(room, `hello from ${user.account.username} ${'x'.repeat(40)}`, clientMessageId(sentAt, seq++));
    } catch (error) { noteError('send', error); }
  }

  const results = [];
  let best = null;
  for (const population of populations) {
    await open(population);
    const errorsBefore = errors.disconnect + errors.send + errors.connect;
    step = { population, start: now(), sent: 0, expected: 0, received: 0, latency: new Recorder(), history: new Recorder() };
    const before = snapshot(options.pid);
    const durationMs = options['mix-duration'] * 1000;
    const actions = [];
    for (const user of users.filter((u) => u.ok)) {
      // About once a minute: the first action somewhere in the first minute, then every 45–75 s.
      let at = Math.random() * 60_000;
      while (at < durationMs) {
        actions.push(sleep(at).then(() => act(user)));
        at += 45_000 + Math.random() * 30_000;
      }
    }
    await Promise.all(actions);
    const drainDeadline = now() + options.drain * 1000;
    while (step.received < step.expected && now() < drainDeadline) await sleep(50);
    const after = snapshot(options.pid);
    const latency = step.latency.stats();
    const res = {
      users: population, connected: users.filter((u) => u.ok).length, sent: step.sent, expected: step.expected, received: step.received,
      lost: step.expected - step.received, lat_ms: latency, history_ms: step.history.stats(),
      errors_during: errors.disconnect + errors.send + errors.connect - errorsBefore,
      ...usage(options.pid, before, after), server_rss_mb: options.pid ? +(procMemoryKb(options.pid).rss / 1024).toFixed(1) : null,
    };
    res.pass = res.lost === 0 && latency.p99 !== null && latency.p99 < options['p99-limit'] && res.errors_during === 0 && res.connected === population;
    results.push(res);
    log(`mix ${population} users: sent ${res.sent}, delivered ${res.received}/${res.expected}, p50 ${latency.p50} p99 ${latency.p99} ms, ` +
      `history p99 ${res.history_ms.p99} ms, server ${res.server_cpu_pct}% driver ${res.driver_cpu_pct}% rss ${res.server_rss_mb} MB ${res.pass ? 'PASS' : 'FAIL'}`);
    step = null;
    if (!res.pass) break;
    best = res;
  }
  return { steps: results, best_users: best ? best.users : 0 };
}

module.exports = { runMix };
