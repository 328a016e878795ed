import { describe, expect, it } from "vitest";
import { ApiError, parseProblem } from "./problem";

describe("parseProblem", () => {
  it("reads the code, detail and field errors of a validation problem", () => {
    const error = parseProblem(400, {
      status: 400,
      title: "The request is not valid",
      code: "validation_failed",
      detail: "The room was not created: Give the room a name.",
      errors: { name: ["Give the room a name."], password: ["Too short.", "Too common."] },
      traceId: "00-abc",
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: "validation_failed", detail: "The room was not created: Give the room a name." });
    expect(error.fieldError("name")).toBe("Give the room a name.");
    expect(error.fieldError("password")).toBe("Too short. Too common.");
    expect(error.fieldError("topic")).toBeUndefined();
  });

  it("shows the sentence the server sent for a sign-in failure", () => {
    const error = parseProblem(429, { status: 429, code: "account_locked", detail: "Too many failed sign-in attempts. Wait 5 minutes and try again." });
    expect(error.code).toBe("account_locked");
    expect(error.message).toBe("Too many failed sign-in attempts. Wait 5 minutes and try again.");
  });

  it("falls back to the title when there is no detail", () => {
    expect(parseProblem(404, { title: "Not found" }).detail).toBe("Not found");
  });

  it("still gives a code and a sentence for a body that is not a problem", () => {
    for (const body of [null, "Bad Gateway", 42, ["x"]]) {
      const error = parseProblem(502, body);
      expect(error.code).toBe("server_error");
      expect(error.detail).toMatch(/server/i);
    }
    expect(parseProblem(401, null).code).toBe("not_signed_in");
    expect(parseProblem(429, undefined).code).toBe("rate_limited");
  });

  it("shows a taken room name at the name field, not above the form", () => {
    const taken = parseProblem(409, { status: 409, code: "room_name_taken", detail: "A public or password-protected room already has this name. Choose another." });
    expect(taken.fieldError("name")).toBe("A public or password-protected room already has this name. Choose another.");
    expect(taken.fieldError("topic")).toBeUndefined();
    expect(taken.formError).toBeNull();
  });

  it("shows other refusals above the form, field errors only at their fields", () => {
    expect(parseProblem(429, { code: "rate_limited", detail: "You are creating rooms too fast. Wait 30 seconds and try again." }).formError).toBe(
      "You are creating rooms too fast. Wait 30 seconds and try again.",
    );
    expect(parseProblem(400, { code: "validation_failed", detail: "Some fields need attention.", errors: { name: ["Too long."] } }).formError).toBeNull();
  });

  it("skips malformed field errors instead of failing", () => {
    const error = parseProblem(400, { code: "validation_failed", errors: { name: "not a list", topic: [1, "Too long."], email: [] } });
    expect(error.fieldErrors).toEqual({ topic: ["Too long."] });
  });
});
