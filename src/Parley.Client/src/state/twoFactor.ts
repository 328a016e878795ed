import { ApiError } from "./problem";
import { becomeSignedIn, signIn } from "./session";
import * as twoFactorApi from "./twoFactorApi";
import type { SecondFactor } from "./twoFactorApi";
import type { SignInRequest } from "../types";

/**
 * The password step of signing in. Signed in at once (null), or, for an account with two-factor sign-in, the
 * ticket the code step needs: the server makes no session from a password alone.
 */
export async function startSignIn(credentials: SignInRequest): Promise<string | null> {
  try {
    await signIn(credentials);
    return null;
  } catch (error) {
    const ticket = twoFactorTicket(error);
    if (ticket === null) throw error;
    return ticket;
  }
}

/** The code step: a current code or a recovery code with the ticket from the password step. */
export async function finishSignIn(ticket: string, factor: SecondFactor): Promise<void> {
  await becomeSignedIn(await twoFactorApi.signInWithSecondFactor(ticket, factor));
}

/** The ticket of a two_factor_required answer; null for any other failure. */
export function twoFactorTicket(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== "two_factor_required") return null;
  const ticket = error.body.ticket;
  return typeof ticket === "string" && ticket.length > 0 ? ticket : null;
}

/** The ticket expired or the account changed meanwhile: only the password step again helps. */
export const ticketExpired = (error: ApiError | null) => error?.code === "two_factor_ticket_invalid";

/** What a person types as an authenticator code ("123 456", "123-456"), as the six digits the server takes. */
export function normalizeCode(typed: string): string {
  return typed.replace(/[\s-]/g, "");
}

export const isCompleteCode = (typed: string) => /^\d{6}$/.test(normalizeCode(typed));

/** Recovery codes as a text file to keep: one a line, with what they are for. */
export function recoveryCodesText(codes: readonly string[], account: string, host: string): string {
  return [
    `Parley recovery codes for ${account} on ${host}`,
    "Each code signs in once when you cannot use your authenticator app. Keep them somewhere safe.",
    "",
    ...codes,
    "",
  ].join("\n");
}

/** Lifetimes offered for a personal access token, in days; null for none. */
export const tokenLifetimes: readonly { days: number | null; label: string }[] = [
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
  { days: 365, label: "1 year" },
  { days: null, label: "No expiry" },
];

const day = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** "Expires 1 Mar 2027", "Expired" or "Never expires", for the tokens list. */
export function describeExpiry(expiresAt: string | null, now: Date = new Date()): string {
  if (expiresAt === null) return "Never expires";
  const when = new Date(expiresAt);
  return when <= now ? "Expired" : `Expires ${day.format(when)}`;
}

/** "Last used 1 Dec 2026" or "Never used". */
export function describeLastUse(lastUsedAt: string | null): string {
  return lastUsedAt === null ? "Never used" : `Last used ${day.format(new Date(lastUsedAt))}`;
}
