import * as api from "./api";
import { refreshAntiforgery } from "./http";
import { ApiError } from "./problem";
import { createStore } from "./store";
import type { Me, RegisterRequest, SignInRequest } from "../types";

export type SessionState =
  | { status: "loading" }
  | { status: "unavailable"; error: string }
  | { status: "signedOut"; notice: string | null }
  | { status: "signedIn"; me: Me };

export const sessionStore = createStore<SessionState>({ status: "loading" });

/** Who is signed in, from the session cookie (if any). */
export async function startSession(): Promise<void> {
  sessionStore.set({ status: "loading" });
  try {
    const [me] = await Promise.all([api.getMe(), refreshAntiforgery()]);
    sessionStore.set({ status: "signedIn", me });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      await refreshAntiforgery().catch(() => undefined);
      sessionStore.set({ status: "signedOut", notice: null });
    } else {
      sessionStore.set({ status: "unavailable", error: errorText(error) });
    }
  }
}

export async function signIn(credentials: SignInRequest): Promise<void> {
  await becomeSignedIn(await api.signIn(credentials));
}

export async function register(account: RegisterRequest): Promise<void> {
  const created = await api.register(account);
  if ("id" in created) await becomeSignedIn(created);
  else await becomeSignedOut(created.message);
}

/** Reads the account again (its address was verified or changed). */
export async function refreshMe(): Promise<void> {
  if (sessionStore.get().status === "signedIn") sessionStore.set({ status: "signedIn", me: await api.getMe() });
}

export async function signOut(): Promise<void> {
  try {
    await api.signOut();
  } finally {
    await becomeSignedOut(null);
  }
}

/** The server no longer knows this session (expired, signed out in another tab, revoked). */
export function sessionEnded(): void {
  if (sessionStore.get().status === "signedIn") void becomeSignedOut("Your session has ended. Sign in again.");
}

/** The account is gone: back to the sign-in screen, saying so. */
export async function accountWasDeleted(): Promise<void> {
  await becomeSignedOut("Your account was deleted. Thank you for being here.");
}

/** A mailed reset link set a new password: every session of the account, this one included, has ended. */
export async function passwordWasReset(): Promise<void> {
  await becomeSignedOut("Your password was changed and you were signed out everywhere. Sign in with the new password.");
}

export function currentUser(): Me | null {
  const session = sessionStore.get();
  return session.status === "signedIn" ? session.me : null;
}

/** The end of every way of signing in (password, two-factor code, passkey): this tab is signed in as `me`. */
export async function becomeSignedIn(me: Me): Promise<void> {
  // The antiforgery token is bound to who is signed in: the anonymous one stops working now.
  await refreshAntiforgery();
  sessionStore.set({ status: "signedIn", me });
}

async function becomeSignedOut(notice: string | null): Promise<void> {
  sessionStore.set({ status: "signedOut", notice });
  await refreshAntiforgery().catch(() => undefined);
}

function errorText(error: unknown): string {
  return error instanceof ApiError ? error.detail : "Something went wrong while starting Parley.";
}
