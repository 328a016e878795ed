import { dismissNotice, noticesStore } from "../../state/notices";
import { useStore } from "../common/useStore";

export function Notices() {
  const notices = useStore(noticesStore);
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className="notice">
          <span>{notice.text}</span>
          <button type="button" className="icon-button" onClick={() => dismissNotice(notice.id)} aria-label="Dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
