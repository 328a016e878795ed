import { afterEach, describe, expect, it, vi } from "vitest";

// The server turns a connection beyond the account's limit away right after the handshake. When its close frame is
// read together with the handshake's answer, SignalR fails start() with the server's error and never calls onclose;
// when it is read later, onclose gets it. Either way the page must show the server's sentence, not "Connecting…".

const refusal =
  "Server returned an error on close: Connection closed with an error. HubException: [too_many_connections] This account already has 1 live connection (tabs, devices, bots): as many as one account may. Close one and try again.";

const fake = vi.hoisted(() => ({
  start: (): Promise<void> => Promise.resolve(),
  onclose: null as ((error?: Error) => void) | null,
}));

vi.mock("@microsoft/signalr", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@microsoft/signalr")>();
  class FakeConnection {
    state = actual.HubConnectionState.Disconnected;
    start() {
      return fake.start();
    }
    stop() {
      return Promise.resolve();
    }
    on() {}
    onreconnecting() {}
    onreconnected() {}
    onclose(handler: (error?: Error) => void) {
      fake.onclose = handler;
    }
  }
  class FakeBuilder {
    withUrl() {
      return this;
    }
    withAutomaticReconnect() {
      return this;
    }
    withServerTimeout() {
      return this;
    }
    configureLogging() {
      return this;
    }
    build() {
      return new FakeConnection();
    }
  }
  return { ...actual, HubConnectionBuilder: FakeBuilder };
});

const { connectHub, connectionRefusalStore, disconnectHub } = await import("./hub");

const handlers = { register() {}, connected() {}, disconnected() {}, attemptFailed() {} };

afterEach(async () => {
  await disconnectHub();
  fake.onclose = null;
});

describe("a connection the server turns away", () => {
  it("shows the server's sentence when the refusal fails the start itself", async () => {
    fake.start = () => Promise.reject(new Error(refusal));

    connectHub(handlers);

    await vi.waitFor(() => expect(connectionRefusalStore.get()).toMatch(/Close one and try again\.$/));
  });

  it("shows the server's sentence when the refusal closes a started connection", async () => {
    fake.start = () => Promise.resolve();

    connectHub(handlers);
    fake.onclose!(new Error(refusal));

    expect(connectionRefusalStore.get()).toMatch(/Close one and try again\.$/);
  });

  it("shows no sentence when an attempt fails for any other reason", async () => {
    fake.start = () => Promise.reject(new Error("WebSocket failed to connect."));
    let failures = 0;

    connectHub({ ...handlers, attemptFailed: () => failures++ });

    await vi.waitFor(() => expect(failures).toBe(1));
    expect(connectionRefusalStore.get()).toBeNull();
  });
});
