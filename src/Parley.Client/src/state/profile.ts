import * as api from "./api";
import { sessionStore } from "./session";
import type { Me, UpdateProfileRequest } from "../types";

// The signed-in user's own profile. Each change answers with who they are now; everyone else (this user's other
// devices included) hears of it through the userUpdated event.

export async function saveProfile(changes: UpdateProfileRequest): Promise<void> {
  becomeMe(await api.updateProfile(changes));
}

export async function setPicture(image: Blob): Promise<void> {
  becomeMe(await api.uploadAvatar(image));
}

export async function removePicture(): Promise<void> {
  becomeMe(await api.removeAvatar());
}

/** After a reconnect: the user may have changed their profile on another device meanwhile. */
export async function refreshMe(): Promise<void> {
  try {
    becomeMe(await api.getMe());
  } catch {
    // What is shown stays; a lost session is noticed by the requests that need one.
  }
}

function becomeMe(me: Me): void {
  const session = sessionStore.get();
  if (session.status === "signedIn" && session.me.id === me.id) sessionStore.set({ status: "signedIn", me });
}
