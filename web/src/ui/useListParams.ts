import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";

/**
 * A list's filters and page in the URL, so a detail page's Back returns to the same page. Paging is
 * forward-only in the API (`first` + `after` = the last item's id or code); the cursors of the pages
 * before are kept in the URL, so Previous is a step back along them.
 */
export function useListParams<F extends string>(filterNames: readonly F[]) {
  const [params, setParams] = useSearchParams();
  const cursors = useMemo(() => params.get("after")?.split(",").filter(Boolean) ?? [], [params]);
  const filters = useMemo(() => Object.fromEntries(filterNames.map((name) => [name, params.get(name) ?? ""])) as Record<F, string>, [params, filterNames]);

  const update = useCallback(
    (change: (next: URLSearchParams) => void) =>
      setParams((current) => {
        const next = new URLSearchParams(current);
        change(next);
        return next;
      }),
    [setParams],
  );
  const setCursors = (next: URLSearchParams, list: string[]) => (list.length ? next.set("after", list.join(",")) : next.delete("after"));

  return {
    filters,
    after: cursors.at(-1) ?? null,
    page: cursors.length + 1,
    setFilter: (name: F, value: string) =>
      update((next) => {
        if (value) next.set(name, value);
        else next.delete(name);
        next.delete("after");
      }),
    next: (lastKey: string) => update((next) => setCursors(next, [...cursors, lastKey])),
    previous: () => update((next) => setCursors(next, cursors.slice(0, -1))),
  };
}
