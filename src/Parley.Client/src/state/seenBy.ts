import * as api from "./api";
import { showNotice } from "./notices";
import { ApiError } from "./problem";
import { loadSettings } from "./settings";
import type { UserSummary } from "../types";

// "Seen by" in rooms: who has read up to one of the user's messages, asked for on demand.

/**
 * The readers, or null when the server says this user's own receipts are off: turned off on another device, and
 * this one missed the news. Its settings catch up, and every receipt shown here goes with them; a notice says why.
 */
export async function whoHasSeen(conversationId: number, messageId: number): Promise<UserSummary[] | null> {
  try {
    return await api.getSeenBy(conversationId, messageId);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== "read_receipts_off") throw error;
    showNotice(error.detail);
    void loadSettings();
    return null;
  }
}
