import type { RoomVisibility } from "../../types";

const options: { value: RoomVisibility; label: string; description: string }[] = [
  { value: "public", label: "Public", description: "Listed in Browse rooms; anyone can join." },
  { value: "private", label: "Private", description: "Hidden; people join through an invite link." },
  { value: "password", label: "Password", description: "Hidden; people join with the room ID and a password." },
];

/** Who may join a room: a radio group with a line on what each choice means. */
export function VisibilityFields({
  value,
  onChange,
  error,
  legendHidden,
}: {
  value: RoomVisibility;
  onChange: (visibility: RoomVisibility) => void;
  error?: string;
  /** For when a heading right above already says it. */
  legendHidden?: boolean;
}) {
  return (
    <fieldset className="field visibility-field">
      <legend className={legendHidden ? "visually-hidden" : undefined}>Who can join</legend>
      {options.map((option) => (
        <label key={option.value} className="radio-card">
          <input type="radio" name="visibility" value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} />
          <span>
            <span className="radio-card-label">{option.label}</span>
            <span className="radio-card-description">{option.description}</span>
          </span>
        </label>
      ))}
      {error && <div className="field-error">{error}</div>}
    </fieldset>
  );
}
