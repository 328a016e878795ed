import type { AdminPage } from "../../types";

/** Previous and next for an offset-paged list, with where the page is. */
export function Pager<T>({ page, onOffset }: { page: AdminPage<T>; onOffset: (offset: number) => void }) {
  if (page.total <= page.limit) return null;
  const last = Math.min(page.offset + page.items.length, page.total);
  return (
    <nav className="admin-pager" aria-label="Pages">
      <button type="button" className="button button-small" disabled={page.offset === 0} onClick={() => onOffset(Math.max(0, page.offset - page.limit))}>
        Previous
      </button>
      <span className="muted">
        {page.offset + 1}–{last} of {page.total}
      </span>
      <button type="button" className="button button-small" disabled={last >= page.total} onClick={() => onOffset(page.offset + page.limit)}>
        Next
      </button>
    </nav>
  );
}
