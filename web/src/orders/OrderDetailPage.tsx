import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { OrderDetailDocument, type OrderDetailQuery } from "../generated/graphql.ts";
import { TrackingEvents } from "../shipments/TrackingEvents.tsx";
import { PickTasks } from "./PickTasks.tsx";
import { ErrorBanner } from "../ui/ErrorBanner.tsx";
import { formatDateTime, humanize } from "../ui/format.ts";
import { StatusBadge } from "../ui/StatusBadge.tsx";

type Order = NonNullable<OrderDetailQuery["order"]>;

/**
 * An order across the graph: lines with reservations and SKU availability (orders, inventory), pick
 * tasks (warehouse), shipments and tracking (shipment).
 */
export function OrderDetailPage() {
  const { id = "" } = useParams();
  const [result] = useQuery({ query: OrderDetailDocument, variables: { id } });
  const order = result.data?.order;
  if (result.error) return <ErrorBanner error={result.error} />;
  if (!order) return <p className="muted">{result.fetching ? "Loading…" : "No such order."}</p>;
  return (
    <div className="page detail" data-testid="order-detail">
      <p>
        <Link to="/orders">← Orders</Link>
      </p>
      <h1>
        Order {order.number} <StatusBadge value={order.status} /> <StatusBadge value={order.priority} />
      </h1>
      <Summary order={order} />
      <Lines order={order} />
      <PickTasks tasks={order.pickTasks} />
      <Shipments order={order} />
      <section aria-label="status history">
        <h2>Status history</h2>
        <ol className="timeline">
          {order.statusHistory.map((change) => (
            <li key={`${change.to}-${change.at}`}>
              {formatDateTime(change.at)}: {change.from ? `${humanize(change.from)} → ` : ""}
              <b>{humanize(change.to)}</b>
              {change.reason && <span className="muted"> ({change.reason})</span>}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function Summary({ order }: { order: Order }) {
  const a = order.shipTo;
  return (
    <dl className="facts">
      <div>
        <dt>Customer</dt>
        <dd>
          {order.customer.name} ({order.customer.email})
        </dd>
      </div>
      <div>
        <dt>Ship to</dt>
        <dd>{[a.name, a.line1, a.line2, `${a.postalCode} ${a.city}`, a.country].filter(Boolean).join(", ")}</dd>
      </div>
      <div>
        <dt>Ship by</dt>
        <dd>{order.requestedShipDate ?? "—"}</dd>
      </div>
      <div>
        <dt>Reference</dt>
        <dd>{order.externalReference ?? "—"}</dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>{formatDateTime(order.createdAt)}</dd>
      </div>
      {order.cancellationReason && (
        <div>
          <dt>Cancelled because</dt>
          <dd>{order.cancellationReason}</dd>
        </div>
      )}
    </dl>
  );
}

function Lines({ order }: { order: Order }) {
  return (
    <section aria-label="lines">
      <h2>Lines ({order.totalQuantity} units)</h2>
      <table className="list">
        <thead>
          <tr>
            <th>#</th>
            <th>SKU</th>
            <th>Name</th>
            <th className="num">Quantity</th>
            <th className="num">Reserved</th>
            <th className="num">Backordered</th>
            <th className="num">Picked</th>
            <th className="num">Available now</th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.id} data-testid={`line-${line.lineNumber}`}>
              <td>{line.lineNumber}</td>
              <td>
                <Link to={`/inventory/${encodeURIComponent(line.sku.code)}`}>{line.sku.code}</Link>
              </td>
              <td>{line.sku.name}</td>
              <td className="num">{line.quantity}</td>
              <td className="num">{line.reservedQuantity}</td>
              <td className={`num${line.backorderedQuantity > 0 ? " short" : ""}`}>{line.backorderedQuantity}</td>
              <td className="num">{line.pickedQuantity}</td>
              <td className={`num${line.sku.totalAvailable < line.quantity ? " short" : ""}`}>
                {line.sku.totalAvailable}
                {line.sku.belowReorderPoint && <span className="muted"> (reorder)</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Shipments({ order }: { order: Order }) {
  return (
    <section aria-label="shipments">
      <h2>Shipments</h2>
      {order.shipments.length === 0 && <p className="muted">Not shipped yet.</p>}
      {order.shipments.map((s) => (
        <article key={s.id} className="card" data-testid={`shipment-${s.id}`}>
          <h3>
            <Link to={`/shipments/${s.id}`}>{s.trackingNumber}</Link> <StatusBadge value={s.status} />
          </h3>
          <p className="muted">
            {s.carrier.name} · {s.serviceLevel.name} · created {formatDateTime(s.createdAt)}
          </p>
          <TrackingEvents events={s.trackingEvents} />
        </article>
      ))}
    </section>
  );
}
