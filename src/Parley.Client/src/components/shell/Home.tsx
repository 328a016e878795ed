import { Logo } from "../common/Logo";

/** The main area with no room open (on phones, the room list takes the screen instead). */
export function Home() {
  return (
    <div className="main-message home">
      <Logo size={56} />
      <h1>Welcome to Parley</h1>
      <p className="muted">Pick a room on the left, create a new one, or browse the public rooms.</p>
    </div>
  );
}
