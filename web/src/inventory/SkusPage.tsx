import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { SkuListDocument, type AbcClass } from "../generated/graphql.ts";
import { EnumSelect } from "../ui/EnumSelect.tsx";
import { ErrorBanner } from "../ui/ErrorBanner.tsx";
import { lastKeyOf, Pager } from "../ui/Pager.tsx";
import { useListParams } from "../ui/useListParams.ts";

const PAGE = 25;
const FILTERS = ["search", "abc", "low"] as const;

export function SkusPage() {
  const list = useListParams(FILTERS);
  const [search, setSearch] = useState(list.filters.search);
  const [result] = useQuery({
    query: SkuListDocument,
    variables: {
      first: PAGE,
      after: list.after,
      search: list.filters.search || null,
      abcClass: (list.filters.abc || null) as AbcClass | null,
      belowReorderPoint: list.filters.low === "1" ? true : null,
    },
  });
  const skus = result.data?.skus;
  return (
    <div className="page">
      <h1>Inventory</h1>
      <div className="filters">
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            list.setFilter("search", search.trim());
          }}
        >
          <label>
            Search
            <input value={search} onChange={(e) => setSearch(e.target.value)} placeholder="code or name" />
          </label>
          <button type="submit">Search</button>
        </form>
        <EnumSelect label="ABC class" values={["A", "B", "C"]} value={list.filters.abc} onChange={(v) => list.setFilter("abc", v)} />
        <label className="check">
          <input type="checkbox" checked={list.filters.low === "1"} onChange={(e) => list.setFilter("low", e.target.checked ? "1" : "")} />
          at or below reorder point
        </label>
      </div>
      <ErrorBanner error={result.error} />
      <table className="list" aria-label="skus">
        <thead>
          <tr>
            <th>Code</th>
            <th>Name</th>
            <th>ABC</th>
            <th className="num">On hand</th>
            <th className="num">Reserved</th>
            <th className="num">Available</th>
            <th className="num">Reorder point</th>
          </tr>
        </thead>
        <tbody>
          {skus?.map((s) => (
            <tr key={s.id}>
              <td>
                <Link to={`/inventory/${encodeURIComponent(s.code)}`}>{s.code}</Link>
              </td>
              <td>{s.name}</td>
              <td>{s.abcClass}</td>
              <td className="num">{s.totalOnHand}</td>
              <td className="num">{s.totalReserved}</td>
              <td className={`num${s.belowReorderPoint ? " short" : ""}`}>{s.totalAvailable}</td>
              <td className="num">{s.reorderPoint}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {skus?.length === 0 && <p className="muted">No SKUs match.</p>}
      <Pager page={list.page} lastKey={lastKeyOf(skus, PAGE, (s) => s.code)} onPrevious={list.previous} onNext={list.next} />
    </div>
  );
}
