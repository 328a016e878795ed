import { useEffect, useId } from "react";
import { permissionStore, requestNotificationPermission, type PermissionState } from "../../state/notifications";
import { changeSettings, loadSettings, settingsStore } from "../../state/settings";
import type { UserSettings } from "../../types";
import { Dialog } from "../common/Dialog";
import { FormError } from "../common/Field";
import { useAction } from "../common/useAction";
import { useStore } from "../common/useStore";
import { ChangeEmailSection } from "./ChangeEmailSection";
import { ChangePasswordSection } from "./ChangePasswordSection";
import { PersonalTokensSection } from "./PersonalTokensSection";
import { PasskeysSection } from "./PasskeysSection";
import { SessionsSection } from "./SessionsSection";
import { TwoFactorSection } from "./TwoFactorSection";
import { YourDataSection } from "./YourDataSection";
import { DeleteAccountSection } from "./DeleteAccountSection";

const permissionText: Record<PermissionState, string> = {
  granted: "Browser notifications are on for Parley.",
  denied: "Browser notifications are blocked for Parley. Allow them in your browser's site settings.",
  default: "Browser notifications are off. Turn them on to hear about new messages while Parley is in the background.",
  unsupported: "This browser does not support notifications.",
};

/** The user's own preferences: saved on the server at each change, so every device follows them. */
export function PreferencesDialog({ onClose }: { onClose: () => void }) {
  const settings = useStore(settingsStore);
  const permission = useStore(permissionStore);
  const save = useAction((changes: Partial<UserSettings>) => changeSettings(changes));

  useEffect(() => {
    if (!settingsStore.get()) void loadSettings();
  }, []);

  return (
    <Dialog title="Preferences" onClose={onClose}>
      {!settings ? (
        <p className="muted">Loading your preferences…</p>
      ) : (
        <div className="settings">
          <section className="settings-section" aria-labelledby="preferences-privacy">
            <h3 id="preferences-privacy">Privacy</h3>
            <Toggle
              label="Send read receipts"
              hint="Others see when you have read their messages. Turned off, you don't see theirs either."
              checked={settings.sendReadReceipts}
              onChange={(sendReadReceipts) => void save.run({ sendReadReceipts })}
              autoFocus
            />
          </section>
          <section className="settings-section" aria-labelledby="preferences-notifications">
            <h3 id="preferences-notifications">Notifications</h3>
            <Toggle
              label="Do not disturb"
              hint="No notifications or sounds, even for mentions. Unread counts still show."
              checked={settings.doNotDisturb}
              onChange={(doNotDisturb) => void save.run({ doNotDisturb })}
            />
            <Toggle
              label="Notification sounds"
              hint="A short chime when a message arrives in a conversation you are not looking at."
              checked={settings.notificationSounds}
              onChange={(notificationSounds) => void save.run({ notificationSounds })}
            />
            <p className="muted" aria-live="polite">
              {permissionText[permission]}
            </p>
            {permission === "default" && (
              <div>
                <button type="button" className="button" onClick={() => void requestNotificationPermission()}>
                  Enable browser notifications
                </button>
              </div>
            )}
          </section>
          <FormError message={save.error?.detail} />
          <ChangeEmailSection />
          <ChangePasswordSection />
          <TwoFactorSection />
          <PasskeysSection />
          <SessionsSection />
          <PersonalTokensSection />
          <YourDataSection />
          <DeleteAccountSection />
        </div>
      )}
    </Dialog>
  );
}

interface ToggleProps {
  label: string;
  hint: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  autoFocus?: boolean;
}

function Toggle({ label, hint, checked, onChange, autoFocus }: ToggleProps) {
  const id = useId();
  return (
    <div className="toggle">
      <input
        id={id}
        type="checkbox"
        role="switch"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={`${id}-hint`}
        data-autofocus={autoFocus ? "" : undefined}
      />
      <span>
        <label htmlFor={id} className="toggle-label">
          {label}
        </label>
        <span id={`${id}-hint`} className="toggle-hint">
          {hint}
        </span>
      </span>
    </div>
  );
}
