import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { loadGifConfig, sendGif } from "../../state/gifs";
import { cancelReply, replyTargetsStore } from "../../state/replies";
import type { Conversation, Gif, GifProvider, Me } from "../../types";
import { GifPicker } from "./GifPicker";
import "../../styles/gifs.css";
import { summaryOf } from "../../state/users";

/**
 * The composer's GIF button and the picker it opens; nothing at all when the server has no GIF provider. A GIF
 * picked goes out at once as its own message (answering the message being replied to, if any).
 */
export function GifButton({ conversation, me, composerInput }: { conversation: Conversation; me: Me; composerInput: RefObject<HTMLTextAreaElement | null> }) {
  const [provider, setProvider] = useState<GifProvider | null>(null);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let current = true;
    void loadGifConfig().then((config) => current && setProvider(config.provider));
    return () => {
      current = false;
    };
  }, []);

  const close = useCallback(() => {
    setOpen(false);
    composerInput.current?.focus();
  }, [composerInput]);

  const pick = (gif: Gif) => {
    if (!provider) return;
    const replyTo = replyTargetsStore.get().get(conversation.id) ?? null;
    sendGif(conversation.id, gif, provider, summaryOf(me), replyTo);
    cancelReply(conversation.id);
    close();
  };

  if (!provider) return null;
  return (
    <>
      {open && <GifPicker provider={provider} onPick={pick} onClose={close} trigger={button} />}
      <button
        ref={button}
        type="button"
        className="composer-gif"
        aria-label="Send a GIF"
        title="Send a GIF"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => (open ? close() : setOpen(true))}
      >
        <span aria-hidden="true">GIF</span>
      </button>
    </>
  );
}
