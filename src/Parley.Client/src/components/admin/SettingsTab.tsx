import { useEffect, useId, useState, type FormEvent } from "react";
import { draftFrom, limitLabel, updateFrom, type SettingsDraft } from "../../state/serverSettings";
import { getServerSettings, saveServerSettings, sendTestMail } from "../../state/settingsApi";
import type { RegistrationMode, ServerSettings, TestMailResult } from "../../types";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";
import "../../styles/adminSettings.css";

const registrationModes: { value: RegistrationMode; label: string; description: string }[] = [
  { value: "open", label: "Open", description: "Anyone who reaches the server can create an account." },
  { value: "inviteOnly", label: "Invite only", description: "New accounts need an invite code from the Invites tab." },
  { value: "closed", label: "Closed", description: "Nobody can create an account." },
];

const securities = [
  { value: "starttls", label: "STARTTLS (port 587)" },
  { value: "tls", label: "TLS (port 465)" },
  { value: "none", label: "None (trusted network only)" },
];

/**
 * The server's run-time settings: saved in the database over appsettings.json, in force as soon as they are saved.
 * Only what changed is sent, so the audit log lists real changes and the mail password only when one is typed.
 */
export function SettingsTab() {
  const id = useId();
  const [settings, setSettings] = useState<ServerSettings | null>(null);
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [inputErrors, setInputErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const [testResult, setTestResult] = useState<TestMailResult | null>(null);

  const load = useAction(async () => {
    const current = await getServerSettings();
    setSettings(current);
    setDraft(draftFrom(current));
  });
  const save = useAction(async () => {
    if (!settings || !draft) return;
    setSaved(null);
    const { update, errors } = updateFrom(settings, draft);
    setInputErrors(errors);
    if (Object.keys(errors).length > 0) return;
    if (Object.keys(update).length === 0) {
      setSaved("Nothing changed.");
      return;
    }
    const current = await saveServerSettings(update);
    setSettings(current);
    setDraft(draftFrom(current));
    setSaved("Saved. The new settings are in force.");
  });
  const test = useAction(async () => {
    setTestResult(null);
    setTestResult(await sendTestMail());
  });

  useEffect(() => {
    void load.run();
  }, []);

  if (!settings || !draft) {
    return load.error ? <FormError message={load.error.detail} /> : <p className="muted">Loading the settings…</p>;
  }

  const fieldError = (field: string) => inputErrors[field] ?? save.error?.fieldError(field);
  const edit = (change: (next: SettingsDraft) => void) => {
    const next = structuredClone(draft);
    change(next);
    setDraft(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run();
  };

  return (
    <form className="form admin-settings" onSubmit={submit} noValidate aria-label="Server settings">
      <section className="settings-section" aria-labelledby={`${id}-registration`}>
        <h3 id={`${id}-registration`}>Registration</h3>
        <fieldset className="field">
          <legend className="visually-hidden">Who can create an account</legend>
          {registrationModes.map((mode) => (
            <label key={mode.value} className="radio-card">
              <input
                type="radio"
                name="registrationMode"
                value={mode.value}
                checked={draft.registrationMode === mode.value}
                onChange={() => edit((d) => void (d.registrationMode = mode.value))}
              />
              <span>
                <span className="radio-card-label">{mode.label}</span>
                <span className="radio-card-description">{mode.description}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-rooms`}>Default rooms</label>
          <textarea
            id={`${id}-rooms`}
            rows={3}
            value={draft.defaultRooms}
            onChange={(e) => edit((d) => void (d.defaultRooms = e.target.value))}
            aria-describedby={`${id}-rooms-hint`}
            aria-invalid={fieldError("defaultRooms") ? true : undefined}
          />
          <div id={`${id}-rooms-hint`} className="field-hint">
            One room name per line. Every new account joins these public rooms; missing ones are created when you save.
          </div>
          {fieldError("defaultRooms") && <div className="field-error">{fieldError("defaultRooms")}</div>}
        </div>
      </section>

      <section className="settings-section" aria-labelledby={`${id}-uploads`}>
        <h3 id={`${id}-uploads`}>Uploads</h3>
        <div className="admin-settings-pair">
          <TextField
            label="Largest file (MB)"
            inputMode="decimal"
            value={draft.maxFileMegabytes}
            onChange={(e) => edit((d) => void (d.maxFileMegabytes = e.target.value))}
            error={fieldError("files.maxFileBytes")}
          />
          <TextField
            label="Storage per person (MB)"
            inputMode="decimal"
            value={draft.quotaMegabytes}
            onChange={(e) => edit((d) => void (d.quotaMegabytes = e.target.value))}
            error={fieldError("files.quotaBytesPerUser")}
          />
        </div>
      </section>

      <section className="settings-section" aria-labelledby={`${id}-limits`}>
        <h3 id={`${id}-limits`}>Rate limits per person</h3>
        <p className="muted">
          Each allows a burst at once, then a steady number per minute. A change applies to the next request.
        </p>
        <table className="admin-limits">
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Burst</th>
              <th scope="col">Per minute</th>
            </tr>
          </thead>
          <tbody>
            {settings.rateLimits.map(({ limit }) => {
              const value = draft.rateLimits[limit]!;
              const errors = [fieldError(`rateLimits.${limit}.burst`), fieldError(`rateLimits.${limit}.perMinute`)].filter(Boolean);
              return (
                <tr key={limit}>
                  <th scope="row">
                    {limitLabel(limit)}
                    {errors.length > 0 && <div className="field-error">{errors.join(" ")}</div>}
                  </th>
                  <td>
                    <input
                      aria-label={`${limitLabel(limit)}: burst`}
                      inputMode="numeric"
                      value={value.burst}
                      onChange={(e) => edit((d) => void (d.rateLimits[limit]!.burst = e.target.value))}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`${limitLabel(limit)}: per minute`}
                      inputMode="numeric"
                      value={value.perMinute}
                      onChange={(e) => edit((d) => void (d.rateLimits[limit]!.perMinute = e.target.value))}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section className="settings-section" aria-labelledby={`${id}-mail`}>
        <h3 id={`${id}-mail`}>Mail</h3>
        <p className="muted">Without an SMTP host, mail is written to the outbox folder in the server's data folder.</p>
        <div className="admin-settings-pair">
          <TextField
            label="SMTP host"
            value={draft.mail.host}
            onChange={(e) => edit((d) => void (d.mail.host = e.target.value))}
            placeholder="smtp.example.org"
            error={fieldError("mail.host")}
          />
          <TextField
            label="Port"
            inputMode="numeric"
            value={draft.mail.port}
            onChange={(e) => edit((d) => void (d.mail.port = e.target.value))}
            error={fieldError("mail.port")}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-security`}>Security</label>
          <select id={`${id}-security`} value={draft.mail.security} onChange={(e) => edit((d) => void (d.mail.security = e.target.value))}>
            {securities.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
          {fieldError("mail.security") && <div className="field-error">{fieldError("mail.security")}</div>}
        </div>
        <div className="admin-settings-pair">
          <TextField
            label="Username"
            autoComplete="off"
            value={draft.mail.username}
            onChange={(e) => edit((d) => void (d.mail.username = e.target.value))}
            error={fieldError("mail.username")}
          />
          <TextField
            label="Password"
            type="password"
            autoComplete="new-password"
            value={draft.mail.password}
            onChange={(e) => edit((d) => void (d.mail.password = e.target.value))}
            placeholder={settings.mail.passwordSet ? "Set (type to replace)" : "Not set"}
            error={fieldError("mail.password")}
          />
        </div>
        {settings.mail.passwordSet && (
          <div className="toggle">
            <input
              id={`${id}-clear`}
              type="checkbox"
              checked={draft.mail.clearPassword}
              onChange={(e) => edit((d) => void (d.mail.clearPassword = e.target.checked))}
            />
            <label htmlFor={`${id}-clear`} className="toggle-label">
              Remove the stored password
            </label>
          </div>
        )}
        <TextField
          label="Sender (From)"
          value={draft.mail.from}
          onChange={(e) => edit((d) => void (d.mail.from = e.target.value))}
          hint='As people see it, such as "Parley <parley@example.org>".'
          error={fieldError("mail.from")}
        />
        <div>
          <button type="button" className="button" disabled={test.pending} onClick={() => void test.run()}>
            {test.pending ? "Sending…" : "Send a test mail to me"}
          </button>
          <span className="field-hint"> Uses the saved settings: save changes first.</span>
        </div>
        {testResult && (
          <p className="muted" role="status">
            {testResult.detail}
          </p>
        )}
        <FormError message={test.error?.detail} />
      </section>

      <FormError message={save.error?.formError ?? load.error?.detail} />
      {saved && (
        <p className="muted" role="status">
          {saved}
        </p>
      )}
      <div>
        <button type="submit" className="button button-primary" disabled={save.pending}>
          {save.pending ? "Saving…" : "Save settings"}
        </button>
      </div>
    </form>
  );
}
