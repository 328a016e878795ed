import { useState } from "react";

/**
 * Copies a secret shown once (a key, recovery codes, a token) and says so. Without a clipboard (plain HTTP on a LAN
 * address) it says to select the text instead: the text is on screen either way.
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [result, setResult] = useState<string | null>(null);
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error("No clipboard here");
      await navigator.clipboard.writeText(text);
      setResult("Copied");
    } catch {
      setResult("Select the text and copy it");
    }
  };
  return (
    <>
      <button type="button" className="button button-small" onClick={() => void copy()}>
        {label}
      </button>
      {result && (
        <span className="muted" role="status">
          {" "}
          {result}
        </span>
      )}
    </>
  );
}
