import * as passkeyApi from "./passkeyApi";
import type { CreationOptionsJson, CredentialDescriptorJson, PasskeyInfo, RequestOptionsJson } from "./passkeyApi";
import { ApiError } from "./problem";
import { becomeSignedIn } from "./session";

// WebAuthn in the browser. The server speaks the WebAuthn JSON form (binary fields as base64url); the browser's
// navigator.credentials wants ArrayBuffers. Recent Chromium and Firefox convert themselves
// (PublicKeyCredential.parseCreationOptionsFromJSON, credential.toJSON()); elsewhere the functions below do it.

export function base64UrlToBuffer(text: string): ArrayBuffer {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

export function bufferToBase64Url(buffer: ArrayBuffer | ArrayBufferView): string {
  const bytes =
    buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const descriptor = (d: CredentialDescriptorJson): PublicKeyCredentialDescriptor => ({
  id: base64UrlToBuffer(d.id),
  type: d.type,
  ...(d.transports ? { transports: d.transports as AuthenticatorTransport[] } : {}),
});

export function creationOptionsFromJson(json: CreationOptionsJson): PublicKeyCredentialCreationOptions {
  return {
    ...json,
    challenge: base64UrlToBuffer(json.challenge),
    user: { ...json.user, id: base64UrlToBuffer(json.user.id) },
    excludeCredentials: json.excludeCredentials?.map(descriptor),
  } as PublicKeyCredentialCreationOptions;
}

export function requestOptionsFromJson(json: RequestOptionsJson): PublicKeyCredentialRequestOptions {
  return {
    ...json,
    challenge: base64UrlToBuffer(json.challenge),
    allowCredentials: json.allowCredentials?.map(descriptor),
  } as PublicKeyCredentialRequestOptions;
}

/** The parts of a PublicKeyCredential the conversion reads (so tests can hand in a plain object). */
export interface CredentialLike {
  id: string;
  rawId: ArrayBuffer;
  type: string;
  authenticatorAttachment?: string | null;
  response: {
    clientDataJSON: ArrayBuffer;
    attestationObject?: ArrayBuffer;
    getTransports?: () => string[];
    authenticatorData?: ArrayBuffer;
    signature?: ArrayBuffer;
    userHandle?: ArrayBuffer | null;
  };
  getClientExtensionResults?: () => unknown;
}

/** RegistrationResponseJSON or AuthenticationResponseJSON, whichever the credential's response is. */
export function credentialToJson(credential: CredentialLike): Record<string, unknown> {
  const r = credential.response;
  const response: Record<string, unknown> = { clientDataJSON: bufferToBase64Url(r.clientDataJSON) };
  if (r.attestationObject) {
    response.attestationObject = bufferToBase64Url(r.attestationObject);
    response.transports = r.getTransports?.() ?? [];
  } else {
    response.authenticatorData = bufferToBase64Url(r.authenticatorData!);
    response.signature = bufferToBase64Url(r.signature!);
    if (r.userHandle) response.userHandle = bufferToBase64Url(r.userHandle);
  }
  return {
    id: credential.id,
    rawId: bufferToBase64Url(credential.rawId),
    type: credential.type,
    ...(credential.authenticatorAttachment ? { authenticatorAttachment: credential.authenticatorAttachment } : {}),
    response,
    clientExtensionResults: credential.getClientExtensionResults?.() ?? {},
  };
}

/** Whether this browser can use passkeys at all (WebAuthn, on a secure page). */
export function passkeysSupported(): boolean {
  return typeof window !== "undefined" && window.isSecureContext && typeof window.PublicKeyCredential === "function";
}

/** What a person can do about a browser refusal, as the ApiError the forms show. */
export function passkeyProblem(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const name = error instanceof DOMException ? error.name : "";
  switch (name) {
    case "NotAllowedError":
    case "AbortError":
      return new ApiError(0, "passkey_cancelled", "The passkey prompt was closed or timed out. Try again when you are ready.");
    case "InvalidStateError":
      return new ApiError(0, "passkey_exists", "This device already holds a passkey for your account.");
    case "SecurityError":
      return new ApiError(0, "passkey_unavailable", "Passkeys need this server's own address over HTTPS (or localhost).");
    case "NotSupportedError":
      return new ApiError(0, "passkey_unavailable", "This device has no authenticator that can make a passkey.");
    default:
      return new ApiError(0, "passkey_failed", "The passkey did not work. Try again, or use your password.");
  }
}

const notSupported = () =>
  new ApiError(0, "passkey_unavailable", "This browser cannot use passkeys. Sign in with your password, or try another browser.");

type JsonCapableCredentialClass = typeof PublicKeyCredential & {
  parseCreationOptionsFromJSON?: (json: CreationOptionsJson) => PublicKeyCredentialCreationOptions;
  parseRequestOptionsFromJSON?: (json: RequestOptionsJson) => PublicKeyCredentialRequestOptions;
};

function toJson(credential: PublicKeyCredential): unknown {
  const native = credential as PublicKeyCredential & { toJSON?: () => unknown };
  return typeof native.toJSON === "function" ? native.toJSON() : credentialToJson(credential as unknown as CredentialLike);
}

/** Asks the browser for a new passkey (after the server checked the password) and adds it to the account. */
export async function createPasskey(currentPassword: string): Promise<PasskeyInfo> {
  if (!passkeysSupported()) throw notSupported();
  const { ceremonyId, options } = await passkeyApi.startPasskeyRegistration(currentPassword);
  const parse = (PublicKeyCredential as JsonCapableCredentialClass).parseCreationOptionsFromJSON;
  let credential: Credential | null;
  try {
    credential = await navigator.credentials.create({ publicKey: parse ? parse(options) : creationOptionsFromJson(options) });
  } catch (error) {
    throw passkeyProblem(error);
  }
  if (!credential) throw passkeyProblem(null);
  return passkeyApi.addPasskey(ceremonyId, toJson(credential as PublicKeyCredential));
}

/** Lets the person pick one of this server's passkeys the device holds, and signs in with it. */
export async function signInWithPasskey(): Promise<void> {
  if (!passkeysSupported()) throw notSupported();
  const { ceremonyId, options } = await passkeyApi.startPasskeySignIn();
  const parse = (PublicKeyCredential as JsonCapableCredentialClass).parseRequestOptionsFromJSON;
  let credential: Credential | null;
  try {
    credential = await navigator.credentials.get({ publicKey: parse ? parse(options) : requestOptionsFromJson(options) });
  } catch (error) {
    throw passkeyProblem(error);
  }
  if (!credential) throw passkeyProblem(null);
  await becomeSignedIn(await passkeyApi.finishPasskeySignIn(ceremonyId, toJson(credential as PublicKeyCredential)));
}
