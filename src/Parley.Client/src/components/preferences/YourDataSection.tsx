/** A copy of everything one has written and uploaded, for keeping or for moving elsewhere. */
export function YourDataSection() {
  return (
    <section className="settings-section" aria-labelledby="preferences-data">
      <h3 id="preferences-data">Your data</h3>
      <p className="muted">
        A zip of your account, conversations, messages, reactions and uploaded files. Downloads are limited to a few an hour.
      </p>
      <div>
        {/* A plain link: the browser streams the download to disk however large it is. */}
        <a className="button" href="/api/me/export" download="parley-data.zip">
          Download my data
        </a>
      </div>
    </section>
  );
}
