import { request } from "./http";
import type { Me } from "../types";

// Passkeys: the server's part. The WebAuthn options and results travel in the WebAuthn JSON form
// (PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON, …); passkeys.ts turns them into what
// navigator.credentials takes and gives.

/** One of the account's passkeys. `id` is the credential id (base64url). */
export interface PasskeyInfo {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** What one ceremony needs: its id, to send back with the result, and the options for the browser. */
export interface PasskeyCeremony<Options> {
  ceremonyId: string;
  options: Options;
}

export interface CredentialDescriptorJson {
  id: string;
  type: "public-key";
  transports?: string[];
}

export interface CreationOptionsJson {
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
  challenge: string;
  pubKeyCredParams: { type: "public-key"; alg: number }[];
  timeout?: number;
  excludeCredentials?: CredentialDescriptorJson[];
  authenticatorSelection?: AuthenticatorSelectionCriteria;
  attestation?: AttestationConveyancePreference;
  hints?: string[];
  extensions?: Record<string, unknown>;
}

export interface RequestOptionsJson {
  challenge: string;
  timeout?: number;
  rpId?: string;
  allowCredentials?: CredentialDescriptorJson[];
  userVerification?: UserVerificationRequirement;
  hints?: string[];
  extensions?: Record<string, unknown>;
}

export const startPasskeyRegistration = (currentPassword: string) =>
  request<PasskeyCeremony<CreationOptionsJson>>("POST", "/api/me/passkeys/creation-options", { body: { currentPassword } });

export const addPasskey = (ceremonyId: string, credential: unknown, name?: string) =>
  request<PasskeyInfo>("POST", "/api/me/passkeys", { body: { ceremonyId, credential, name } });

export const listPasskeys = () => request<PasskeyInfo[]>("GET", "/api/me/passkeys");

export const renamePasskey = (id: string, name: string) =>
  request<PasskeyInfo>("PATCH", `/api/me/passkeys/${encodeURIComponent(id)}`, { body: { name } });

export const removePasskey = (id: string) => request<void>("DELETE", `/api/me/passkeys/${encodeURIComponent(id)}`);

export const startPasskeySignIn = () =>
  request<PasskeyCeremony<RequestOptionsJson>>("POST", "/api/auth/passkey/request-options", { checksCredentials: true });

export const finishPasskeySignIn = (ceremonyId: string, credential: unknown) =>
  request<Me>("POST", "/api/auth/passkey/sign-in", { body: { ceremonyId, credential }, checksCredentials: true });
