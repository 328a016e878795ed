import { useEffect, useRef, useState, type FormEvent } from "react";
import { removePicture, saveProfile, setPicture } from "../../state/profile";
import type { Me } from "../../types";
import { Avatar } from "../common/Avatar";
import { Dialog } from "../common/Dialog";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";
import { AvatarCropper, type CropperHandle } from "./AvatarCropper";

/** Must match the server's AccountRules. */
const MaxDisplayNameLength = 64;
const MaxStatusLength = 100;

/** The user's own profile: how others see them (display name, status, picture), saved for everyone at once. */
export function ProfileDialog({ me, onClose }: { me: Me; onClose: () => void }) {
  return (
    <Dialog title="Profile" onClose={onClose}>
      <div className="settings">
        <PictureSection me={me} />
        <NameSection me={me} />
      </div>
    </Dialog>
  );
}

function PictureSection({ me }: { me: Me }) {
  const [chosen, setChosen] = useState<{ image: HTMLImageElement; url: string } | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const cropper = useRef<CropperHandle | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const upload = useAction(async () => {
    if (!cropper.current) return;
    await setPicture(await cropper.current.toBlob());
    setChosen(null);
  });
  const remove = useAction(removePicture);

  // The object URL lives as long as the picture is being framed.
  useEffect(() => (chosen ? () => URL.revokeObjectURL(chosen.url) : undefined), [chosen]);

  const choose = (file: File | undefined) => {
    setReadError(null);
    if (!file) return;
    const url = URL.createObjectURL(file);
    const image = new Image();
    image.onload = () => setChosen({ image, url });
    image.onerror = () => {
      URL.revokeObjectURL(url);
      setReadError("This file is not a picture this browser can open. Choose a JPEG, PNG, WebP or GIF image.");
    };
    image.src = url;
  };

  return (
    <section className="settings-section profile-picture" aria-labelledby="profile-picture">
      <h3 id="profile-picture">Picture</h3>
      {chosen ? (
        <>
          <AvatarCropper image={chosen.image} onReady={(handle) => (cropper.current = handle)} />
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setChosen(null)} disabled={upload.pending}>
              Cancel
            </button>
            <button type="button" className="button button-primary" onClick={() => void upload.run()} disabled={upload.pending}>
              {upload.pending ? "Saving…" : "Save picture"}
            </button>
          </div>
        </>
      ) : (
        <div className="profile-picture-current">
          <Avatar user={me} size="lg" />
          <div className="profile-picture-actions">
            <button type="button" className="button" onClick={() => fileInput.current?.click()} data-autofocus="">
              {me.avatarUrl ? "Change picture…" : "Choose a picture…"}
            </button>
            {me.avatarUrl && (
              <button type="button" className="button" onClick={() => void remove.run()} disabled={remove.pending}>
                Remove picture
              </button>
            )}
          </div>
        </div>
      )}
      <input
        ref={fileInput}
        className="visually-hidden"
        type="file"
        accept="image/*"
        aria-label="Picture file"
        tabIndex={-1}
        onChange={(e) => {
          choose(e.target.files?.[0]);
          e.target.value = "";
        }}
      />
      <FormError message={readError ?? upload.error?.detail ?? remove.error?.detail} />
    </section>
  );
}

function NameSection({ me }: { me: Me }) {
  const [displayName, setDisplayName] = useState(me.displayName);
  const [status, setStatus] = useState(me.status ?? "");
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => {
    await saveProfile({ displayName, status });
    setSaved(true);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    void save.run();
  };

  return (
    <section className="settings-section" aria-labelledby="profile-name">
      <h3 id="profile-name">Name and status</h3>
      <form className="form" onSubmit={submit}>
        <TextField
          label="Display name"
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          maxLength={MaxDisplayNameLength}
          required
          error={save.error?.fieldError("displayName")}
        />
        <TextField
          label="Status"
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          maxLength={MaxStatusLength}
          placeholder="What are you up to?"
          hint="Shown beside your name in member lists. Leave it empty for none."
          error={save.error?.fieldError("status")}
        />
        <FormError message={save.error?.formError} />
        <div className="form-actions">
          {saved && !save.pending && (
            <span className="muted" role="status">
              Saved.
            </span>
          )}
          <button type="submit" className="button button-primary" disabled={save.pending}>
            {save.pending ? "Saving…" : "Save"}
          </button>
        </div>
      </form>
    </section>
  );
}
