import { request } from "./http";
import type {
  CreateInviteCodeRequest,
  InviteCode,
  RegistrationPolicy,
  ServerSettings,
  ServerSettingsUpdate,
  TestMailResult,
} from "../types";

// Run-time server settings and invite codes: the admin console's Settings and Invites tabs, and the sign-up form.

export const getRegistrationPolicy = () => request<RegistrationPolicy>("GET", "/api/auth/registration");

export const getServerSettings = () => request<ServerSettings>("GET", "/api/admin/settings");

export const saveServerSettings = (update: ServerSettingsUpdate) => request<ServerSettings>("PUT", "/api/admin/settings", { body: update });

export const sendTestMail = () => request<TestMailResult>("POST", "/api/admin/settings/test-mail");

export const listInviteCodes = () => request<InviteCode[]>("GET", "/api/admin/invite-codes");

export const createInviteCode = (body: CreateInviteCodeRequest) => request<InviteCode>("POST", "/api/admin/invite-codes", { body });

export const revokeInviteCode = (id: number) => request<void>("DELETE", `/api/admin/invite-codes/${id}`);
