import {
  HttpTransportType,
  HubConnection,
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
} from "@microsoft/signalr";
import { reconnectDelay } from "./backoff";
import { createStore } from "./store";

// The one live connection to /hubs/chat. It keeps trying forever (backoff capped at 10 s) and tells its owner
// when it is connected again, so the owner can fetch whatever happened meanwhile. "Connected" means the server's
// ready event arrived: the SignalR handshake completes before the server subscribes the connection to its
// conversations, so a catch-up started at the handshake could miss a message stored in between.

export type ConnectionState = "offline" | "connecting" | "connected" | "reconnecting";

export const connectionStore = createStore<ConnectionState>("offline");

/** While the server turns this client's connections away, its sentence for why (shown instead of "Reconnecting…"). */
export const connectionRefusalStore = createStore<string | null>(null);

export interface HubCallbacks {
  /** Binds the event handlers; called once per connection object. */
  register(connection: HubConnection): void;
  /** Connected, first time or again: events flow from now on, anything before may have been missed. */
  connected(): void;
  /** The connection dropped: events are being missed from now on. */
  disconnected(): void;
  /** A connection attempt failed; perhaps the session ended (the server closes a revoked session's connections). */
  attemptFailed(): void;
}

const ServerSilenceLimitMs = 12_000;

let connection: HubConnection | null = null;
let callbacks: HubCallbacks | null = null;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
// Counts connections; a fetch that started under another epoch (or offline) may have missed events.
let epoch = 0;
// The server's ready event arrived on the current connection but the client has not acted on it yet.
let readyPending = false;

export function connectHub(handlers: HubCallbacks): void {
  if (connection) return;
  callbacks = handlers;
  const hub = new HubConnectionBuilder()
    .withUrl("/hubs/chat", { transport: HttpTransportType.WebSockets })
    .withAutomaticReconnect({
      nextRetryDelayInMilliseconds: ({ previousRetryCount }) => {
        if (previousRetryCount > 0) handlers.attemptFailed();
        return reconnectDelay(previousRetryCount);
      },
    })
    // A dead network closes nothing, so silence is the only sign: the server pings every 5 s (Realtime/RealtimeSetup.cs)
    // and 12 s without a word means the link is gone, instead of SignalR's 30 s of showing "connected" meanwhile.
    .withServerTimeout(ServerSilenceLimitMs)
    .configureLogging(LogLevel.Warning)
    .build();
  handlers.register(hub);
  // The ready event can be read from the same frame as the handshake, before SignalR marks the connection
  // Connected (and before invoke works), so it is held until start() or the reconnect completes.
  hub.on("ready", () => {
    readyPending = true;
    establishIfReady(hub);
  });
  hub.onreconnecting(() => lost("reconnecting"));
  hub.onreconnected(() => establishIfReady(hub));
  // Automatic reconnect only covers a connection that was up; a closed one starts over on our own schedule.
  hub.onclose((error) => {
    if (hub !== connection) return;
    connectionRefusalStore.set(closeRefusal(error));
    lost("reconnecting");
    scheduleStart(1);
  });
  connection = hub;
  connectionStore.set("connecting");
  void start(0);
}

export async function disconnectHub(): Promise<void> {
  const hub = connection;
  connection = null;
  callbacks = null;
  clearTimeout(retryTimer);
  connectionStore.set("offline");
  connectionRefusalStore.set(null);
  if (hub) await hub.stop();
}

/** The current connection's epoch while connected, else null. */
export function liveEpoch(): number | null {
  return connection?.state === HubConnectionState.Connected ? epoch : null;
}

export function isConnected(): boolean {
  return liveEpoch() !== null;
}

export function invoke<T>(method: string, argument: unknown): Promise<T> {
  if (!connection || connection.state !== HubConnectionState.Connected) {
    return Promise.reject(new Error("Not connected."));
  }
  return connection.invoke<T>(method, argument);
}

export interface HubError {
  /** The stable code the server put first ("rate_limited", "not_a_member"; docs/events.md), or null when there is none. */
  code: string | null;
  /** The sentence for people, without SignalR's preamble or the code. */
  reason: string;
}

/**
 * What a failed hub call said. The server's HubException reads "[code] sentence"; SignalR puts "An unexpected error
 * occurred invoking … HubException: " before it. Errors of the connection itself have neither.
 */
export function hubError(error: unknown): HubError {
  const message = error instanceof Error ? error.message : String(error);
  const marker = "HubException: ";
  const at = message.indexOf(marker);
  const carried = at === -1 ? message : message.slice(at + marker.length);
  const coded = /^\[([a-z_]+)\] ([\s\S]*)$/.exec(carried);
  return coded ? { code: coded[1]!, reason: coded[2]! } : { code: null, reason: carried };
}

/**
 * Why the server closed the connection, when it is a refusal the user can act on: too many live connections for the
 * account (close a tab or device). Trying again goes on meanwhile, backing off, and succeeds once one is closed.
 */
export function closeRefusal(error: unknown): string | null {
  const { code, reason } = hubError(error);
  return code === "too_many_connections" ? reason : null;
}

async function start(attempt: number): Promise<void> {
  const hub = connection;
  if (!hub) return;
  try {
    await hub.start();
    establishIfReady(hub);
  } catch (error) {
    if (hub !== connection) return;
    // A refusal that arrives with the handshake fails start() itself, and onclose never runs for it.
    connectionRefusalStore.set(closeRefusal(error));
    callbacks?.attemptFailed();
    scheduleStart(attempt + 1);
  }
}

function scheduleStart(attempt: number): void {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => void start(attempt), reconnectDelay(attempt));
}

function establishIfReady(hub: HubConnection): void {
  if (hub !== connection || !readyPending || hub.state !== HubConnectionState.Connected) return;
  readyPending = false;
  epoch++;
  connectionRefusalStore.set(null);
  connectionStore.set("connected");
  callbacks?.connected();
}

function lost(state: ConnectionState): void {
  readyPending = false;
  if (connectionStore.get() === "connecting") return;
  connectionStore.set(state);
  callbacks?.disconnected();
}
