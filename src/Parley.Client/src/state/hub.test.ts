import { describe, expect, it } from "vitest";
import { hubErrorReason } from "./hub";

describe("hubErrorReason", () => {
  it("keeps only the sentence the server's HubException carried", () => {
    const error = new Error("An unexpected error occurred invoking 'SendMessage' on the server. HubException: A message cannot be empty.");
    expect(hubErrorReason(error)).toBe("A message cannot be empty.");
  });

  it("passes other errors through", () => {
    expect(hubErrorReason(new Error("Invocation canceled due to the underlying connection being closed."))).toBe(
      "Invocation canceled due to the underlying connection being closed.",
    );
    expect(hubErrorReason("plain")).toBe("plain");
  });
});
