import { describe, expect, it } from "vitest";
import type { ServerSettings } from "../types";
import { draftFrom, inviteCodeFromSearch, inviteLink, updateFrom } from "./serverSettings";

const settings: ServerSettings = {
  registrationMode: "open",
  defaultRooms: ["general"],
  files: { maxFileBytes: 25 * 1024 * 1024, quotaBytesPerUser: 1024 * 1024 * 1024 },
  rateLimits: [
    { limit: "messages", burst: 30, perMinute: 120 },
    { limit: "uploads", burst: 20, perMinute: 30 },
  ],
  mail: { host: "", port: 587, security: "starttls", username: "", passwordSet: true, from: "Parley <parley@localhost>" },
  stored: [],
};

describe("updateFrom", () => {
  it("sends nothing for an untouched form", () => {
    expect(updateFrom(settings, draftFrom(settings))).toEqual({ update: {}, errors: {} });
  });

  it("sends only what changed, in the server's units", () => {
    const draft = draftFrom(settings);
    draft.registrationMode = "inviteOnly";
    draft.defaultRooms = "general\n lobby ,\n\n";
    draft.maxFileMegabytes = "0.5";
    draft.rateLimits.uploads = { burst: "5", perMinute: "30" };
    draft.mail.host = " smtp.example.org ";

    expect(updateFrom(settings, draft)).toEqual({
      update: {
        registrationMode: "inviteOnly",
        defaultRooms: ["general", "lobby"],
        files: { maxFileBytes: 524288 },
        rateLimits: [{ limit: "uploads", burst: 5, perMinute: 30 }],
        mail: { host: "smtp.example.org" },
      },
      errors: {},
    });
  });

  it("sends a password only when one was typed, and clears only a password that is set", () => {
    const typed = draftFrom(settings);
    typed.mail.password = "s3cret";
    typed.mail.clearPassword = true;
    const cleared = draftFrom(settings);
    cleared.mail.clearPassword = true;
    const withoutPassword: ServerSettings = { ...settings, mail: { ...settings.mail, passwordSet: false } };
    const noneToClear = draftFrom(withoutPassword);
    noneToClear.mail.clearPassword = true;

    expect(updateFrom(settings, typed).update.mail).toEqual({ password: "s3cret" });
    expect(updateFrom(settings, cleared).update.mail).toEqual({ clearPassword: true });
    expect(updateFrom(withoutPassword, noneToClear).update).toEqual({});
  });

  it("reports inputs that are not numbers under the server's field names and sends nothing", () => {
    const draft = draftFrom(settings);
    draft.registrationMode = "closed";
    draft.quotaMegabytes = "lots";
    draft.rateLimits.messages = { burst: "-1", perMinute: "2.5" };
    draft.mail.port = "smtp";

    const { update, errors } = updateFrom(settings, draft);

    expect(update).toEqual({});
    expect(Object.keys(errors).sort()).toEqual([
      "files.quotaBytesPerUser",
      "mail.port",
      "rateLimits.messages.burst",
      "rateLimits.messages.perMinute",
    ]);
  });
});

describe("invite links", () => {
  it("carry the code to the sign-up form and back", () => {
    const link = inviteLink("ABCD-EFGH-JKMN", "https://chat.example.org");

    expect(link).toBe("https://chat.example.org/?invite=ABCD-EFGH-JKMN");
    expect(inviteCodeFromSearch(new URL(link).search)).toBe("ABCD-EFGH-JKMN");
    expect(inviteCodeFromSearch("?room=1")).toBe("");
  });
});
