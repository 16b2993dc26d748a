import { Link } from "react-router";
import { useQuery } from "urql";
import { CarriersDocument, ShipmentListDocument, type ShipmentStatus } from "../generated/graphql.ts";
import { EnumSelect } from "../ui/EnumSelect.tsx";
import { ErrorBanner } from "../ui/ErrorBanner.tsx";
import { formatDateTime } from "../ui/format.ts";
import { lastKeyOf, Pager } from "../ui/Pager.tsx";
import { StatusBadge } from "../ui/StatusBadge.tsx";
import { useListParams } from "../ui/useListParams.ts";

const PAGE = 25;
const STATUSES: ShipmentStatus[] = ["CREATED", "LABELLED", "LOADED", "SHIPPED", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED", "EXCEPTION", "CANCELLED"];
const FILTERS = ["status", "carrier"] as const;

export function ShipmentsPage() {
  const list = useListParams(FILTERS);
  const [carriers] = useQuery({ query: CarriersDocument });
  const [result] = useQuery({
    query: ShipmentListDocument,
    variables: { first: PAGE, after: list.after, status: (list.filters.status || null) as ShipmentStatus | null, carrierCode: list.filters.carrier || null },
  });
  const shipments = result.data?.shipments;
  return (
    <div className="page">
      <h1>Shipments</h1>
      <div className="filters">
        <EnumSelect label="Status" values={STATUSES} value={list.filters.status} onChange={(v) => list.setFilter("status", v)} />
        <label>
          Carrier
          <select value={list.filters.carrier} onChange={(e) => list.setFilter("carrier", e.target.value)}>
            <option value="">any</option>
            {carriers.data?.carriers.map((c) => (
              <option key={c.id} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorBanner error={result.error} />
      <table className="list" aria-label="shipments">
        <thead>
          <tr>
            <th>Tracking number</th>
            <th>Status</th>
            <th>Carrier</th>
            <th>Order</th>
            <th>Created</th>
            <th>Shipped</th>
          </tr>
        </thead>
        <tbody>
          {shipments?.map((s) => (
            <tr key={s.id}>
              <td>
                <Link to={`/shipments/${s.id}`}>{s.trackingNumber}</Link>
              </td>
              <td>
                <StatusBadge value={s.status} />
              </td>
              <td>{s.carrier.name}</td>
              <td>
                <Link to={`/orders/${s.order.id}`}>{s.order.number}</Link>
              </td>
              <td>{formatDateTime(s.createdAt)}</td>
              <td>{formatDateTime(s.shippedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shipments?.length === 0 && <p className="muted">No shipments match.</p>}
      <Pager page={list.page} lastKey={lastKeyOf(shipments, PAGE, (s) => s.id)} onPrevious={list.previous} onNext={list.next} />
    </div>
  );
}
