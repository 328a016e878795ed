import { describe, expect, it } from "vitest";
import { closeRefusal, hubError } from "./hub";

describe("hubError", () => {
  it("keeps only the sentence the server's HubException carried", () => {
    const error = new Error("An unexpected error occurred invoking 'SendMessage' on the server. HubException: [validation_failed] A message cannot be empty.");
    expect(hubError(error).reason).toBe("A message cannot be empty.");
  });

  it("reads the stable code the server puts first", () => {
    const error = new Error("An unexpected error occurred invoking 'Typing' on the server. HubException: [rate_limited] Wait 2 seconds.");
    expect(hubError(error)).toEqual({ code: "rate_limited", reason: "Wait 2 seconds." });
    expect(hubError(new Error("HubException: no code here"))).toEqual({ code: null, reason: "no code here" });
  });

  it("passes errors of the connection itself through, without a code", () => {
    expect(hubError(new Error("Invocation canceled due to the underlying connection being closed."))).toEqual({
      code: null,
      reason: "Invocation canceled due to the underlying connection being closed.",
    });
    expect(hubError("plain")).toEqual({ code: null, reason: "plain" });
  });
});

describe("closeRefusal", () => {
  it("gives the server's sentence when it turns the connection away for having too many", () => {
    const closed = new Error(
      "Server returned an error on close: Connection closed with an error. HubException: [too_many_connections] This account already has 5 live connections (tabs, devices, bots). Close one and try again.",
    );
    expect(closeRefusal(closed)).toBe("This account already has 5 live connections (tabs, devices, bots). Close one and try again.");
  });

  it("gives nothing for a connection that simply dropped", () => {
    expect(closeRefusal(new Error("WebSocket closed with status code: 1006 (no reason given)."))).toBeNull();
    expect(closeRefusal(undefined)).toBeNull();
  });
});
