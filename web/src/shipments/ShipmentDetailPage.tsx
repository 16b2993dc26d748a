import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { ShipmentDetailDocument } from "../generated/graphql.ts";
import { ErrorBanner } from "../ui/ErrorBanner.tsx";
import { formatDateTime } from "../ui/format.ts";
import { StatusBadge } from "../ui/StatusBadge.tsx";
import { TrackingEvents } from "./TrackingEvents.tsx";

/** A shipment with its order (orders subgraph) and the order's lines and SKUs (inventory). */
export function ShipmentDetailPage() {
  const { id = "" } = useParams();
  const [result] = useQuery({ query: ShipmentDetailDocument, variables: { id } });
  const s = result.data?.shipment;
  if (result.error) return <ErrorBanner error={result.error} />;
  if (!s) return <p className="muted">{result.fetching ? "Loading…" : "No such shipment."}</p>;
  return (
    <div className="page detail" data-testid="shipment-detail">
      <p>
        <Link to="/shipments">← Shipments</Link>
      </p>
      <h1>
        Shipment {s.trackingNumber} <StatusBadge value={s.status} />
      </h1>
      <dl className="facts">
        <div>
          <dt>Carrier</dt>
          <dd>
            {s.carrier.name} · {s.serviceLevel.name} ({s.serviceLevel.transitDays} days)
          </dd>
        </div>
        <div>
          <dt>Tracking</dt>
          <dd>{s.trackingUrl ? <a href={s.trackingUrl}>{s.trackingNumber}</a> : s.trackingNumber}</dd>
        </div>
        <div>
          <dt>Dock door / load</dt>
          <dd>
            {s.dockDoor?.code ?? "—"} / {s.load ? `${s.load.status}, cutoff ${formatDateTime(s.load.cutoffAt)}` : "—"}
          </dd>
        </div>
        <div>
          <dt>Created · shipped · delivered</dt>
          <dd>
            {formatDateTime(s.createdAt)} · {formatDateTime(s.shippedAt)} · {formatDateTime(s.deliveredAt)}
          </dd>
        </div>
      </dl>
      <section aria-label="order">
        <h2>
          Order <Link to={`/orders/${s.order.id}`}>{s.order.number}</Link> <StatusBadge value={s.order.status} />
        </h2>
        <p className="muted">
          {s.order.customer.email} · {s.order.totalQuantity} units
        </p>
        <ul>
          {s.order.lines.map((line) => (
            <li key={line.id}>
              {line.quantity} × <Link to={`/inventory/${encodeURIComponent(line.sku.code)}`}>{line.sku.code}</Link> {line.sku.name}
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="packages">
        <h2>Packages</h2>
        <ul>
          {s.packages.map((p) => (
            <li key={p.id}>
              {p.weightKg} kg · {p.lengthCm}×{p.widthCm}×{p.heightCm} cm{p.trackingNumber && ` · ${p.trackingNumber}`}
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="tracking">
        <h2>Tracking events</h2>
        <TrackingEvents events={s.trackingEvents} />
      </section>
    </div>
  );
}
