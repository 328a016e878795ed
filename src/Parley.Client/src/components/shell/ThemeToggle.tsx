import { setTheme, themeStore, type ThemePreference } from "../../state/theme";
import { useStore } from "../common/useStore";

const choices: { value: ThemePreference; label: string }[] = [
  { value: "system", label: "Auto" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
];

export function ThemeToggle() {
  const theme = useStore(themeStore);
  return (
    <div className="segmented" role="group" aria-label="Theme">
      {choices.map((choice) => (
        <button
          key={choice.value}
          type="button"
          aria-pressed={theme === choice.value}
          onClick={() => setTheme(choice.value)}
          title={choice.value === "system" ? "Follow the system setting" : undefined}
        >
          {choice.label}
        </button>
      ))}
    </div>
  );
}
