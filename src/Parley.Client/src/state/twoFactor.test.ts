import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "./problem";
import type { Me } from "../types";

const session = vi.hoisted(() => ({ signIn: vi.fn(), becomeSignedIn: vi.fn() }));
const api = vi.hoisted(() => ({ signInWithSecondFactor: vi.fn() }));
vi.mock("./session", () => session);
vi.mock("./twoFactorApi", () => api);

const { describeExpiry, finishSignIn, isCompleteCode, normalizeCode, recoveryCodesText, startSignIn, ticketExpired, twoFactorTicket } =
  await import("./twoFactor");

const me = { id: 1, username: "ada" } as Me;
const twoFactorRequired = new ApiError(401, "two_factor_required", "Enter the code.", {}, { code: "two_factor_required", ticket: "T1" });

beforeEach(() => {
  vi.resetAllMocks();
});

describe("startSignIn", () => {
  it("is done when the password alone signs in", async () => {
    session.signIn.mockResolvedValue(undefined);
    await expect(startSignIn({ username: "ada", password: "pw" })).resolves.toBeNull();
  });

  it("answers the ticket when the account wants a code", async () => {
    session.signIn.mockRejectedValue(twoFactorRequired);
    await expect(startSignIn({ username: "ada", password: "pw" })).resolves.toBe("T1");
  });

  it("passes any other refusal on to the form", async () => {
    const wrong = new ApiError(401, "invalid_credentials", "The username or password is incorrect.");
    session.signIn.mockRejectedValue(wrong);
    await expect(startSignIn({ username: "ada", password: "nope" })).rejects.toBe(wrong);
  });
});

describe("finishSignIn", () => {
  it("signs this tab in with what the code step answers", async () => {
    api.signInWithSecondFactor.mockResolvedValue(me);
    await finishSignIn("T1", { code: "123456" });
    expect(api.signInWithSecondFactor).toHaveBeenCalledWith("T1", { code: "123456" });
    expect(session.becomeSignedIn).toHaveBeenCalledWith(me);
  });

  it("signs nothing in when the code is refused", async () => {
    api.signInWithSecondFactor.mockRejectedValue(new ApiError(400, "invalid_two_factor_code", "Wrong code."));
    await expect(finishSignIn("T1", { recoveryCode: "ABCDE-FGHIJ" })).rejects.toBeInstanceOf(ApiError);
    expect(session.becomeSignedIn).not.toHaveBeenCalled();
  });
});

describe("twoFactorTicket", () => {
  it("reads the ticket of two_factor_required only", () => {
    expect(twoFactorTicket(twoFactorRequired)).toBe("T1");
    expect(twoFactorTicket(new ApiError(401, "two_factor_required", "No ticket."))).toBeNull();
    expect(twoFactorTicket(new ApiError(401, "invalid_credentials", "Wrong.", {}, { ticket: "T1" }))).toBeNull();
    expect(twoFactorTicket(new Error("network"))).toBeNull();
  });

  it("knows when only the password step again helps", () => {
    expect(ticketExpired(new ApiError(401, "two_factor_ticket_invalid", "Too late."))).toBe(true);
    expect(ticketExpired(new ApiError(400, "invalid_two_factor_code", "Wrong."))).toBe(false);
    expect(ticketExpired(null)).toBe(false);
  });
});

describe("codes as typed", () => {
  it("takes six digits with the spaces and dashes apps show", () => {
    expect(normalizeCode("123 456")).toBe("123456");
    expect(normalizeCode(" 123-456 ")).toBe("123456");
    expect(isCompleteCode("123 456")).toBe(true);
    expect(isCompleteCode("12345")).toBe(false);
    expect(isCompleteCode("12345a")).toBe(false);
  });
});

describe("recoveryCodesText", () => {
  it("lists every code on its own line under what they are for", () => {
    const text = recoveryCodesText(["AAAAA-BBBBB", "CCCCC-DDDDD"], "ada", "chat.example.org");
    expect(text.split("\n")).toEqual([
      "Parley recovery codes for ada on chat.example.org",
      "Each code signs in once when you cannot use your authenticator app. Keep them somewhere safe.",
      "",
      "AAAAA-BBBBB",
      "CCCCC-DDDDD",
      "",
    ]);
  });
});

describe("describeExpiry", () => {
  const now = new Date("2026-12-01T12:00:00Z");

  it("says a token without expiry never expires, and one past its date expired", () => {
    expect(describeExpiry(null, now)).toBe("Never expires");
    expect(describeExpiry("2026-11-30T12:00:00Z", now)).toBe("Expired");
  });

  it("gives the date of a future expiry", () => {
    expect(describeExpiry("2027-03-01T12:00:00Z", now)).toMatch(/^Expires .*2027/);
  });
});
