interface PagerProps {
  page: number;
  /** The key of the last item shown, or null when the page was not full (nothing after it). */
  lastKey: string | null;
  onPrevious(): void;
  onNext(lastKey: string): void;
}

export function Pager({ page, lastKey, onPrevious, onNext }: PagerProps) {
  return (
    <nav className="pager" aria-label="pages">
      <button type="button" disabled={page <= 1} onClick={onPrevious}>
        ← Previous
      </button>
      <span>Page {page}</span>
      <button type="button" disabled={!lastKey} onClick={() => lastKey && onNext(lastKey)}>
        Next →
      </button>
    </nav>
  );
}

/** The paging key of a page of results: the last item's, when the page is full. */
export const lastKeyOf = <T,>(items: readonly T[] | undefined, pageSize: number, key: (item: T) => string) =>
  items && items.length === pageSize ? key(items[items.length - 1] as T) : null;
