import { useEffect, useRef, useState, type ClipboardEvent } from "react";
import { createPortal } from "react-dom";
import { formatSize } from "../../state/attachments";
import { addUploads, cancelUpload, retryUpload, uploadPreview, type PendingUpload } from "../../state/uploadQueue";
import { FileTypeIcon, PaperclipIcon } from "./AttachmentIcons";
import "../../styles/attachments.css";

// The composer's side of attachments: the attach button, pasting and dropping files, and the tray of files that
// will go with the next message. The queue itself (uploading, retrying, cancelling) is state/uploadQueue.ts.

const named = (files: Iterable<File>) => [...files].map((file) => ({ blob: file as Blob, name: file.name || "file" }));

export function AttachButton({ conversationId }: { conversationId: number }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="composer-attach" aria-label="Attach files" title="Attach files" onClick={() => input.current?.click()}>
        <PaperclipIcon />
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="attach-input"
        onChange={(event) => {
          const files = event.currentTarget.files;
          if (files && files.length > 0) addUploads(conversationId, named(files));
          // Cleared, so choosing the same file again (after removing it) still counts as a change.
          event.currentTarget.value = "";
        }}
      />
    </>
  );
}

/**
 * Files in the clipboard are attached; text stays text. Office apps put a picture of what was copied beside its
 * text (and HTML): that is a paste of text, not of an image.
 */
export function pasteFiles(event: ClipboardEvent, conversationId: number): void {
  const data = event.clipboardData;
  if (data.files.length === 0 || data.types.includes("text/html")) return;
  event.preventDefault();
  addUploads(conversationId, named(data.files));
}

/** Files dragged over the conversation: an overlay says they will be attached, and dropping them does it. */
export function AttachmentDropZone({ conversationId }: { conversationId: number }) {
  const [zone, setZone] = useState<DOMRect | null>(null);
  useEffect(() => {
    const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes("Files") ?? false;
    const areaOf = (target: EventTarget | null) => (target instanceof Element ? target.closest<HTMLElement>(".conversation") : null);
    const enter = (event: DragEvent) => {
      const area = areaOf(event.target);
      if (carriesFiles(event) && area) setZone(area.getBoundingClientRect());
    };
    const over = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      // Everywhere: a file let go outside the conversation must not replace the app with the file.
      event.preventDefault();
      event.dataTransfer!.dropEffect = areaOf(event.target) ? "copy" : "none";
    };
    const leave = (event: DragEvent) => {
      if (!areaOf(event.relatedTarget)) setZone(null);
    };
    const drop = (event: DragEvent) => {
      setZone(null);
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (areaOf(event.target) && event.dataTransfer!.files.length > 0) addUploads(conversationId, named(event.dataTransfer!.files));
    };
    document.addEventListener("dragenter", enter);
    document.addEventListener("dragover", over);
    document.addEventListener("dragleave", leave);
    document.addEventListener("drop", drop);
    return () => {
      document.removeEventListener("dragenter", enter);
      document.removeEventListener("dragover", over);
      document.removeEventListener("dragleave", leave);
      document.removeEventListener("drop", drop);
    };
  }, [conversationId]);
  if (!zone) return null;
  return createPortal(
    <div className="drop-zone" data-testid="drop-zone" style={{ left: zone.left, top: zone.top, width: zone.width, height: zone.height }}>
      <div className="drop-zone-label">
        <PaperclipIcon />
        Drop files to attach them
      </div>
    </div>,
    document.body,
  );
}

/** The files that will go with the next message, each with its progress, its error and a way to remove it. */
export function UploadTray({ conversationId, uploads, waiting }: { conversationId: number; uploads: readonly PendingUpload[]; waiting: boolean }) {
  if (uploads.length === 0) return null;
  return (
    <div className="upload-tray">
      <ul className="upload-list" aria-label="Files to send">
        {uploads.map((upload) => (
          <UploadEntry key={upload.key} conversationId={conversationId} upload={upload} />
        ))}
      </ul>
      {waiting && (
        <p className="upload-hint" aria-live="polite">
          Send waits until the files have uploaded.
        </p>
      )}
    </div>
  );
}

function UploadEntry({ conversationId, upload }: { conversationId: number; upload: PendingUpload }) {
  const percent = upload.size > 0 ? Math.min(100, Math.round((upload.sent / upload.size) * 100)) : 0;
  return (
    <li className="upload" data-testid="upload" data-status={upload.status} data-code={upload.errorCode ?? undefined}>
      <UploadThumb upload={upload} />
      <div className="upload-body">
        <span className="upload-name" title={upload.name}>
          {upload.name}
        </span>
        {upload.status === "failed" ? (
          <span className="upload-error" role="alert">
            {upload.error}{" "}
            <button type="button" className="link-button" onClick={() => retryUpload(conversationId, upload.key)}>
              Retry
            </button>
          </span>
        ) : (
          <span className="upload-size">{upload.status === "done" ? formatSize(upload.size) : `${formatSize(upload.sent)} of ${formatSize(upload.size)}`}</span>
        )}
        {upload.status === "uploading" && (
          <div className="upload-progress" role="progressbar" aria-label={`Uploading ${upload.name}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
            <div className="upload-progress-bar" style={{ width: `${percent}%` }} />
          </div>
        )}
      </div>
      <button type="button" className="icon-button upload-remove" aria-label={`Remove ${upload.name}`} title="Remove" onClick={() => cancelUpload(conversationId, upload.key)}>
        ×
      </button>
    </li>
  );
}

/** Images show themselves (from the file on this device); anything else its type. */
function UploadThumb({ upload }: { upload: PendingUpload }) {
  const [url, setUrl] = useState<string | null>(null);
  const isImage = upload.type.startsWith("image/");
  useEffect(() => {
    const blob = isImage ? uploadPreview(upload.key) : null;
    if (!blob) return;
    const objectUrl = URL.createObjectURL(blob);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [isImage, upload.key]);
  if (url) return <img className="upload-thumb" src={url} alt="" />;
  const label = upload.type === "application/pdf" ? "PDF" : upload.type.startsWith("video/") ? "Video" : upload.type.startsWith("audio/") ? "Audio" : "File";
  return <FileTypeIcon label={label} size={36} />;
}
