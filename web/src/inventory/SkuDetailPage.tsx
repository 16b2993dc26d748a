import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { SkuDetailDocument } from "../generated/graphql.ts";
import { ErrorBanner } from "../ui/ErrorBanner.tsx";
import { humanize } from "../ui/format.ts";

/** A SKU with its stock per location (inventory) and where each location is (warehouse). */
export function SkuDetailPage() {
  const { code = "" } = useParams();
  const [result] = useQuery({ query: SkuDetailDocument, variables: { code } });
  const sku = result.data?.sku;
  if (result.error) return <ErrorBanner error={result.error} />;
  if (!sku) return <p className="muted">{result.fetching ? "Loading…" : "No such SKU."}</p>;
  return (
    <div className="page detail" data-testid="sku-detail">
      <p>
        <Link to="/inventory">← Inventory</Link>
      </p>
      <h1>
        {sku.code} <small>{sku.name}</small>
      </h1>
      {sku.description && <p>{sku.description}</p>}
      <dl className="facts">
        <div>
          <dt>Available / on hand / reserved</dt>
          <dd>
            <b>{sku.totalAvailable}</b> / {sku.totalOnHand} / {sku.totalReserved} {humanize(sku.unit)}
          </dd>
        </div>
        <div>
          <dt>Reorder point · safety stock</dt>
          <dd>
            {sku.reorderPoint} · {sku.safetyStock}
            {sku.belowReorderPoint && <b className="short"> reorder now</b>}
          </dd>
        </div>
        <div>
          <dt>ABC · weight · tracking</dt>
          <dd>
            {sku.abcClass} · {sku.weightKg ?? "—"} kg · {[sku.lotTracked && "lots", sku.serialTracked && "serials"].filter(Boolean).join(", ") || "none"}
          </dd>
        </div>
      </dl>
      <h2>Stock by location</h2>
      <table className="list" aria-label="stock by location">
        <thead>
          <tr>
            <th>Location</th>
            <th>Type</th>
            <th>Zone</th>
            <th>Warehouse</th>
            <th>Lot</th>
            <th>Expires</th>
            <th className="num">On hand</th>
            <th className="num">Reserved</th>
            <th className="num">Available</th>
          </tr>
        </thead>
        <tbody>
          {sku.stock.map((item) => (
            <tr key={item.id}>
              <td>{item.location.code}</td>
              <td>{humanize(item.location.type)}</td>
              <td>{item.location.zone.name}</td>
              <td>{item.location.warehouse.code}</td>
              <td>{item.lot ?? "—"}</td>
              <td>{item.expiresOn ?? "—"}</td>
              <td className="num">{item.quantity}</td>
              <td className="num">{item.reserved}</td>
              <td className="num">{item.available}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {sku.stock.length === 0 && <p className="muted">No stock.</p>}
    </div>
  );
}
