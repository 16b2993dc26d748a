import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { useClient, useQuery } from "urql";
import { OrderByNumberDocument, OrderListDocument, type OrderPriority, type OrderStatus } from "../generated/graphql.ts";
import { ErrorBanner } from "../ui/ErrorBanner.tsx";
import { formatDateTime } from "../ui/format.ts";
import { lastKeyOf, Pager } from "../ui/Pager.tsx";
import { StatusBadge } from "../ui/StatusBadge.tsx";
import { useListParams } from "../ui/useListParams.ts";
import { EnumSelect } from "../ui/EnumSelect.tsx";

const PAGE = 25;
const STATUSES: OrderStatus[] = ["CREATED", "ALLOCATED", "BACKORDERED", "RELEASED", "PICKING", "PACKED", "SHIPPED", "DELIVERED", "CANCELLED"];
const PRIORITIES: OrderPriority[] = ["URGENT", "HIGH", "NORMAL", "LOW"];
const FILTERS = ["status", "priority"] as const;

export function OrdersPage() {
  const list = useListParams(FILTERS);
  const [result] = useQuery({
    query: OrderListDocument,
    variables: { first: PAGE, after: list.after, status: (list.filters.status || null) as OrderStatus | null, priority: (list.filters.priority || null) as OrderPriority | null },
  });
  const orders = result.data?.orders;
  return (
    <div className="page">
      <h1>Orders</h1>
      <div className="filters">
        <EnumSelect label="Status" values={STATUSES} value={list.filters.status} onChange={(v) => list.setFilter("status", v)} />
        <EnumSelect label="Priority" values={PRIORITIES} value={list.filters.priority} onChange={(v) => list.setFilter("priority", v)} />
        <FindOrder />
      </div>
      <ErrorBanner error={result.error} />
      <table className="list" aria-label="orders">
        <thead>
          <tr>
            <th>Number</th>
            <th>Status</th>
            <th>Priority</th>
            <th>Customer</th>
            <th className="num">Units</th>
            <th>Ship by</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {orders?.map((o) => (
            <tr key={o.id}>
              <td>
                <Link to={`/orders/${o.id}`}>{o.number}</Link>
              </td>
              <td>
                <StatusBadge value={o.status} />
              </td>
              <td>
                <StatusBadge value={o.priority} />
              </td>
              <td>{o.customer.email}</td>
              <td className="num">{o.totalQuantity}</td>
              <td>{o.requestedShipDate ?? "—"}</td>
              <td>{formatDateTime(o.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.fetching && !orders && <p className="muted">Loading…</p>}
      {orders?.length === 0 && <p className="muted">No orders match.</p>}
      <Pager page={list.page} lastKey={lastKeyOf(orders, PAGE, (o) => o.id)} onPrevious={list.previous} onNext={list.next} />
    </div>
  );
}

/** Jumps to an order by its number (SO-000123). */
function FindOrder() {
  const client = useClient();
  const navigate = useNavigate();
  const [number, setNumber] = useState("");
  const [missing, setMissing] = useState<string | null>(null);
  return (
    <form
      className="inline"
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await client.query(OrderByNumberDocument, { number: number.trim() }).toPromise();
        const id = result.data?.orderByNumber?.id;
        if (id) navigate(`/orders/${id}`);
        else setMissing(result.error ? result.error.message : `No order ${number.trim()}`);
      }}
    >
      <label>
        Order number
        <input value={number} onChange={(e) => setNumber(e.target.value)} placeholder="SO-000123" />
      </label>
      <button type="submit" disabled={!number.trim()}>
        Open
      </button>
      {missing && <span className="muted">{missing}</span>}
    </form>
  );
}
