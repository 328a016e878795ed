import { useState, type ReactNode } from "react";
import { Dialog } from "../common/Dialog";
import { FormError } from "../common/Field";
import { useAction } from "../common/useAction";

interface ConfirmButtonProps {
  /** The button's text, and the dialog's title. */
  label: string;
  /** What will happen, in a sentence or two. */
  question: ReactNode;
  /** The confirming button's text ("Deactivate"). */
  confirm: string;
  danger?: boolean;
  disabled?: boolean;
  onConfirm: () => Promise<void>;
}

/** A button for an action that cannot be taken back: it asks first, in a dialog, and shows why it failed there. */
export function ConfirmButton({ label, question, confirm, danger, disabled, onConfirm }: ConfirmButtonProps) {
  const [open, setOpen] = useState(false);
  const { run, pending, error } = useAction(async () => {
    await onConfirm();
    setOpen(false);
  });
  return (
    <>
      <button type="button" className={danger ? "button button-small button-danger" : "button button-small"} disabled={disabled} onClick={() => setOpen(true)}>
        {label}
      </button>
      {open && (
        <Dialog title={label} onClose={() => setOpen(false)}>
          <p>{question}</p>
          <FormError message={error?.detail} />
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setOpen(false)} data-autofocus>
              Cancel
            </button>
            <button type="button" className={danger ? "button button-danger" : "button button-primary"} disabled={pending} onClick={() => void run()}>
              {confirm}
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
