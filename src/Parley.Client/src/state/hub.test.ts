import { describe, expect, it } from "vitest";
import { hubError } from "./hub";

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
