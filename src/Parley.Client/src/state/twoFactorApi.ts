import { request } from "./http";
import type { Me } from "../types";

// Two-factor sign-in and personal access tokens (issue 13, "twofactor" part): the server's shapes and calls.

export interface TwoFactorStatus {
  enabled: boolean;
  recoveryCodesLeft: number;
}

/** What an authenticator app needs: the key as text, the otpauth URI and the same as a QR code (an SVG data URL). */
export interface AuthenticatorSetup {
  sharedKey: string;
  authenticatorUri: string;
  qrCode: string;
}

export interface RecoveryCodes {
  codes: string[];
}

/** The second step of signing in: a current code from the app, or one of the recovery codes. */
export type SecondFactor = { code: string } | { recoveryCode: string };

export interface PersonalToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** Null for a token that never expires. */
  expiresAt: string | null;
}

export interface CreatedPersonalToken {
  token: PersonalToken;
  /** The secret, in this answer only. */
  accessToken: string;
}

export const signInWithSecondFactor = (ticket: string, factor: SecondFactor) =>
  request<Me>("POST", "/api/auth/login/two-factor", { body: { ticket, ...factor }, checksCredentials: true });

export const getTwoFactorStatus = () => request<TwoFactorStatus>("GET", "/api/me/two-factor");
export const setUpTwoFactor = (password: string) =>
  request<AuthenticatorSetup>("POST", "/api/me/two-factor/setup", { body: { password } });
export const enableTwoFactor = (code: string) => request<RecoveryCodes>("POST", "/api/me/two-factor/enable", { body: { code } });
export const disableTwoFactor = (password: string) => request<void>("POST", "/api/me/two-factor/disable", { body: { password } });
export const regenerateRecoveryCodes = (code: string) =>
  request<RecoveryCodes>("POST", "/api/me/two-factor/recovery-codes", { body: { code } });

export const listPersonalTokens = () => request<PersonalToken[]>("GET", "/api/me/tokens");
export const createPersonalToken = (name: string, expiresInDays: number | null, password: string) =>
  request<CreatedPersonalToken>("POST", "/api/me/tokens", { body: { name, expiresInDays, password } });
export const revokePersonalToken = (id: string) => request<void>("DELETE", `/api/me/tokens/${encodeURIComponent(id)}`);
