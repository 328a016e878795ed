import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { alice, message, room } from "../test/fixtures";
import { sendRefusalsStore, resetBlocked } from "./blocks";
import { markConversationRead } from "./conversationActions";
import { conversationsStore, resetConversations } from "./conversations";
import { timelinesStore } from "./messages";
import { noticesStore } from "./notices";
import { maxLaterAttempts, retryMessage, sendFailure, sendMessage } from "./outbox";
import { ApiError } from "./problem";
import { whoHasSeen } from "./seenBy";
import { settingsStore } from "./settings";
import { emptyTimeline } from "./timeline";
import { resetTyping, signalTyping } from "./typingStore";

// How the client reacts to refusals from the hub and the API: by the stable code the server puts first
// ("[code] sentence" on the hub, `code` in problem details; docs/events.md, Errors), never by the wording.

const wire = vi.hoisted(() => ({
  connected: true,
  invoke: vi.fn<(method: string, argument: unknown) => Promise<unknown>>(),
  getConversation: vi.fn<(id: number) => Promise<unknown>>(),
  getSeenBy: vi.fn<(id: number, messageId: number) => Promise<unknown>>(),
  getSettings: vi.fn<() => Promise<unknown>>(),
}));

vi.mock("./hub", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./hub")>()),
  isConnected: () => wire.connected,
  liveEpoch: () => (wire.connected ? 1 : null),
  invoke: (method: string, argument: unknown) => wire.invoke(method, argument),
}));

vi.mock("./api", () => ({
  getConversation: (id: number) => wire.getConversation(id),
  getSeenBy: (id: number, messageId: number) => wire.getSeenBy(id, messageId),
  getSettings: () => wire.getSettings(),
}));

/** A refusal as SignalR's JavaScript client reports a HubException from the server. */
const refusedOverHub = (method: string, code: string, sentence: string) =>
  new Error(`An unexpected error occurred invoking '${method}' on the server. HubException: [${code}] ${sentence}`);

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  wire.connected = true;
  vi.clearAllMocks();
});

afterEach(() => {
  vi.useRealTimers();
  resetBlocked();
  resetTyping();
  resetConversations();
  timelinesStore.set(new Map());
  noticesStore.set([]);
});

describe("a failed send", () => {
  it("shows the server's sentence for any refusal, whatever its wording", () => {
    const tooFast = refusedOverHub("SendMessage", "rate_limited", "You are sending messages too fast. Wait 3 seconds and try again.");
    expect(sendFailure(tooFast, true)).toEqual({
      kind: "refused",
      reason: "You are sending messages too fast. Wait 3 seconds and try again.",
      blocked: false,
    });
    // Refused by the server even though the connection went right after: it will not go through on a resend either.
    expect(sendFailure(refusedOverHub("SendMessage", "not_a_member", "Join this room to read and send its messages."), false)).toMatchObject({
      kind: "refused",
      blocked: false,
    });
  });

  it("counts as a block only for the block codes", () => {
    expect(sendFailure(refusedOverHub("SendMessage", "cannot_message", "You can't send messages to this person."), true)).toMatchObject({ blocked: true });
    expect(sendFailure(refusedOverHub("SendMessage", "you_blocked", "You blocked Bob. Unblock them to send messages."), true)).toMatchObject({ blocked: true });
    expect(sendFailure(refusedOverHub("SendMessage", "validation_failed", "A message cannot be empty."), true)).toMatchObject({ blocked: false });
  });

  it("without a code is the connection's failure: unanswered while it is down, not sent (no SignalR wording) while it is up", () => {
    const closed = new Error("Invocation canceled due to the underlying connection being closed.");
    expect(sendFailure(closed, false)).toEqual({ kind: "unanswered" });
    expect(sendFailure(closed, true)).toEqual({ kind: "refused", reason: null, blocked: false });
  });

  it("refused by a block shows as not sent, and the composer gives the server's reason from then on", async () => {
    timelinesStore.set(new Map([[7, { ...emptyTimeline(7), status: "ready" as const }]]));
    wire.invoke.mockRejectedValue(refusedOverHub("SendMessage", "cannot_message", "You can't send messages to this person."));

    sendMessage(7, "hello?", alice);
    await settle();

    expect(timelinesStore.get().get(7)!.local[0]).toMatchObject({ status: "failed", error: "You can't send messages to this person." });
    expect(sendRefusalsStore.get().get(7)).toBe("You can't send messages to this person.");
  });

  it("that lost its connection stays waiting to go out again on reconnect", async () => {
    timelinesStore.set(new Map([[7, { ...emptyTimeline(7), status: "ready" as const }]]));
    wire.invoke.mockImplementation(async () => {
      wire.connected = false;
      throw new Error("Invocation canceled due to the underlying connection being closed.");
    });

    sendMessage(7, "written on a train", alice);
    await settle();

    expect(timelinesStore.get().get(7)!.local[0]).toMatchObject({ status: "sending", error: null });
  });

  it("refused because the server is stopping or its database is out of reach stays sending and goes out again, with the same id", async () => {
    vi.useFakeTimers();
    timelinesStore.set(new Map([[7, { ...emptyTimeline(7), status: "ready" as const }]]));
    wire.invoke
      .mockRejectedValueOnce(refusedOverHub("SendMessage", "shutting_down", "Sending the message was refused because this server is shutting down."))
      .mockRejectedValueOnce(refusedOverHub("SendMessage", "database_unavailable", "Sending the message failed because the database cannot be reached."))
      .mockResolvedValueOnce(undefined);

    sendMessage(7, "still there?", alice);
    await vi.advanceTimersByTimeAsync(0);
    expect(timelinesStore.get().get(7)!.local[0]).toMatchObject({ status: "sending", error: null });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(wire.invoke).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(wire.invoke).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);

    const ids = wire.invoke.mock.calls.map(([, request]) => (request as { clientMessageId: string }).clientMessageId);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
  });

  it("refused as passing for about a minute shows as not sent, with the server's sentence", async () => {
    vi.useFakeTimers();
    timelinesStore.set(new Map([[7, { ...emptyTimeline(7), status: "ready" as const }]]));
    const sentence = "Sending the message failed because the database cannot be reached right now. Try again in a few seconds.";
    wire.invoke.mockRejectedValue(refusedOverHub("SendMessage", "database_unavailable", sentence));

    sendMessage(7, "anyone?", alice);
    await vi.advanceTimersByTimeAsync(5_000 * maxLaterAttempts - 1);
    expect(timelinesStore.get().get(7)!.local[0]).toMatchObject({ status: "sending" });
    await vi.advanceTimersByTimeAsync(1);

    expect(wire.invoke).toHaveBeenCalledTimes(maxLaterAttempts + 1);
    expect(timelinesStore.get().get(7)!.local[0]).toMatchObject({ status: "failed", error: sentence });
  });
});

describe("a message with files", () => {
  it("names its uploads when sent, and a refused one keeps them to send again on retry", async () => {
    timelinesStore.set(new Map([[7, { ...emptyTimeline(7), status: "ready" as const }]]));
    wire.invoke.mockRejectedValueOnce(refusedOverHub("SendMessage", "rate_limited", "You are sending messages too fast."));
    const photo = {
      id: "cGhvdG8",
      kind: "image" as const,
      name: "photo.png",
      contentType: "image/png",
      size: 2048,
      url: "/api/files/cGhvdG8",
      thumbnailUrl: "/api/files/cGhvdG8/thumbnail",
      width: 40,
      height: 30,
      durationMs: null,
      waveform: null,
      provider: null,
    };

    sendMessage(7, "", alice, null, [photo]);
    await settle();
    const failed = timelinesStore.get().get(7)!.local[0]!;
    expect(failed).toMatchObject({ status: "failed", text: "", attachments: [photo] });
    wire.invoke.mockResolvedValueOnce(undefined);
    retryMessage(failed);
    await settle();

    const requests = wire.invoke.mock.calls.filter(([method]) => method === "SendMessage").map(([, request]) => request);
    expect(requests).toEqual([
      expect.objectContaining({ roomId: 7, text: "", attachmentIds: ["cGhvdG8"], clientMessageId: failed.clientMessageId }),
      expect.objectContaining({ roomId: 7, text: "", attachmentIds: ["cGhvdG8"], clientMessageId: failed.clientMessageId }),
    ]);
  });
});

describe("a refused typing signal", () => {
  it("is silent when it was too fast", async () => {
    wire.invoke.mockRejectedValue(refusedOverHub("Typing", "rate_limited", "You are making requests too fast. Wait 2 seconds and try again."));

    signalTyping(7);
    await settle();

    expect(wire.invoke).toHaveBeenCalledWith("Typing", { roomId: 7 });
    expect(sendRefusalsStore.get().size).toBe(0);
    expect(noticesStore.get()).toEqual([]);
  });

  it("tells the composer at once when a block will refuse what is being typed", async () => {
    wire.invoke.mockRejectedValue(refusedOverHub("Typing", "you_blocked", "You blocked Bob. Unblock them to send messages."));

    signalTyping(7);
    await settle();

    expect(sendRefusalsStore.get().get(7)).toBe("You blocked Bob. Unblock them to send messages.");
  });
});

describe("a refused read", () => {
  const unread = room(7, { lastReadMessageId: 10, unreadCount: 2, lastMessage: message(12, { roomId: 7 }) });

  beforeEach(() => conversationsStore.set({ status: "ready", conversations: [unread], error: null }));

  it("that was too fast goes again after a pause, without asking for the conversation again", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    wire.invoke.mockRejectedValueOnce(refusedOverHub("MarkRead", "rate_limited", "You are making requests too fast. Wait 2 seconds and try again."));
    wire.invoke.mockResolvedValueOnce(null);

    await markConversationRead(7, 12);
    expect(wire.invoke).toHaveBeenCalledTimes(1);
    await vi.runAllTimersAsync();

    expect(wire.invoke).toHaveBeenCalledTimes(2);
    expect(wire.invoke).toHaveBeenLastCalledWith("MarkRead", { conversationId: 7, messageId: 12 });
    expect(wire.getConversation).not.toHaveBeenCalled();
  });

  it("in a conversation the user is no longer in is left to the event (or reload) that removes it", async () => {
    wire.invoke.mockRejectedValue(refusedOverHub("MarkRead", "not_a_member", "Join this room to read and send its messages."));

    await markConversationRead(7, 12);

    expect(wire.getConversation).not.toHaveBeenCalled();
  });

  it("for any other reason takes the server's view of the conversation again, since the counts cleared here are not its", async () => {
    wire.invoke.mockRejectedValue(refusedOverHub("MarkRead", "server_error", "MarkRead failed because of a server error. Try again."));
    wire.getConversation.mockResolvedValue(unread);

    await markConversationRead(7, 12);
    await settle();

    expect(wire.getConversation).toHaveBeenCalledWith(7);
    expect(conversationsStore.get().conversations[0]).toMatchObject({ unreadCount: 2, lastReadMessageId: 10 });
  });
});

describe("Seen by", () => {
  it("refused because the user's own receipts are off says why and catches up with that setting", async () => {
    const sentence = "Read receipts are mutual: turn on your own (Preferences → Send read receipts) to see who has read a message.";
    settingsStore.set({ sendReadReceipts: true, doNotDisturb: false, notificationSounds: true });
    wire.getSeenBy.mockRejectedValue(new ApiError(403, "read_receipts_off", sentence));
    wire.getSettings.mockResolvedValue({ sendReadReceipts: false, doNotDisturb: false, notificationSounds: true });

    expect(await whoHasSeen(7, 12)).toBeNull();
    await settle();

    expect(noticesStore.get().map((n) => n.text)).toEqual([sentence]);
    expect(settingsStore.get()?.sendReadReceipts).toBe(false);
  });

  it("refused for another reason passes the refusal on, to be shown where it was asked", async () => {
    wire.getSeenBy.mockRejectedValue(new ApiError(429, "rate_limited", "You are making requests too fast. Wait 2 seconds and try again."));

    await expect(whoHasSeen(7, 12)).rejects.toMatchObject({ code: "rate_limited" });
    expect(wire.getSettings).not.toHaveBeenCalled();
  });
});
