import { describe, expect, it } from "vitest";
import {
  base64UrlToBuffer,
  bufferToBase64Url,
  creationOptionsFromJson,
  credentialToJson,
  passkeyProblem,
  requestOptionsFromJson,
} from "./passkeys";

const bytes = (...values: number[]) => new Uint8Array(values).buffer;

describe("base64url", () => {
  it("round-trips every byte value, without padding or characters that need escaping in a URL", () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const text = bufferToBase64Url(all);
    expect(text).not.toMatch(/[+/=]/);
    expect(new Uint8Array(base64UrlToBuffer(text))).toEqual(all);
  });

  it("reads the unpadded lengths the server sends (1 and 2 bytes left over)", () => {
    expect(new Uint8Array(base64UrlToBuffer("-_8"))).toEqual(new Uint8Array([0xfb, 0xff]));
    expect(new Uint8Array(base64UrlToBuffer("AQ"))).toEqual(new Uint8Array([1]));
  });

  it("encodes a view of part of a buffer as just that part", () => {
    const view = new Uint8Array([9, 1, 2, 9]).subarray(1, 3);
    expect(bufferToBase64Url(view)).toBe("AQI");
  });
});

describe("options from the server's JSON", () => {
  it("turns the challenge, user id and excluded credentials into buffers and keeps the rest", () => {
    const options = creationOptionsFromJson({
      rp: { id: "localhost", name: "localhost" },
      user: { id: "MTI", name: "ada", displayName: "Ada" },
      challenge: "AQID",
      pubKeyCredParams: [{ type: "public-key", alg: -7 }],
      excludeCredentials: [{ id: "BAU", type: "public-key", transports: ["internal"] }],
      authenticatorSelection: { residentKey: "required", userVerification: "required" },
    });
    expect(new Uint8Array(options.challenge as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
    expect(new TextDecoder().decode(options.user.id as ArrayBuffer)).toBe("12");
    expect(options.user.name).toBe("ada");
    expect(new Uint8Array(options.excludeCredentials![0]!.id as ArrayBuffer)).toEqual(new Uint8Array([4, 5]));
    expect(options.excludeCredentials![0]!.transports).toEqual(["internal"]);
    expect(options.authenticatorSelection?.residentKey).toBe("required");
  });

  it("asks for any passkey of the server when no credentials are listed (discoverable sign-in)", () => {
    const options = requestOptionsFromJson({ challenge: "AQID", rpId: "localhost", userVerification: "required" });
    expect(new Uint8Array(options.challenge as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
    expect(options.allowCredentials).toBeUndefined();
    expect(options.rpId).toBe("localhost");
  });
});

describe("the browser's credential as JSON", () => {
  it("writes a new passkey's attestation with its transports", () => {
    const json = credentialToJson({
      id: "AQI",
      rawId: bytes(1, 2),
      type: "public-key",
      authenticatorAttachment: "platform",
      response: { clientDataJSON: bytes(3), attestationObject: bytes(4), getTransports: () => ["internal"] },
      getClientExtensionResults: () => ({}),
    });
    expect(json).toEqual({
      id: "AQI",
      rawId: "AQI",
      type: "public-key",
      authenticatorAttachment: "platform",
      response: { clientDataJSON: "Aw", attestationObject: "BA", transports: ["internal"] },
      clientExtensionResults: {},
    });
  });

  it("writes a sign-in's signature and user handle", () => {
    const json = credentialToJson({
      id: "AQI",
      rawId: bytes(1, 2),
      type: "public-key",
      response: { clientDataJSON: bytes(3), authenticatorData: bytes(5), signature: bytes(6), userHandle: bytes(0x31, 0x32) },
    });
    expect(json.response).toEqual({ clientDataJSON: "Aw", authenticatorData: "BQ", signature: "Bg", userHandle: "MTI" });
  });
});

describe("browser refusals", () => {
  it("says the prompt was closed when the person cancels or it times out", () => {
    expect(passkeyProblem(new DOMException("cancelled", "NotAllowedError")).code).toBe("passkey_cancelled");
  });

  it("says the device already has a passkey when the authenticator holds an excluded one", () => {
    expect(passkeyProblem(new DOMException("exists", "InvalidStateError")).detail).toMatch(/already holds a passkey/);
  });
});
