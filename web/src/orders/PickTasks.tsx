import type { OrderPickTaskFragment } from "../generated/graphql.ts";
import { formatDateTime } from "../ui/format.ts";
import { StatusBadge } from "../ui/StatusBadge.tsx";

/** The warehouse's pick tasks for an order: which line, from where, in which wave, picked by whom. */
export function PickTasks({ tasks }: { tasks: readonly OrderPickTaskFragment[] }) {
  return (
    <section aria-label="pick tasks" data-testid="pick-tasks">
      <h2>Pick tasks</h2>
      {tasks.length === 0 ? (
        <p className="muted">No pick tasks: the warehouse has not planned this order into a wave.</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th>Line</th>
              <th>SKU</th>
              <th>From</th>
              <th>Wave</th>
              <th>Status</th>
              <th className="num">Quantity</th>
              <th className="num">Picked</th>
              <th>Tote</th>
              <th>Picked by</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((t) => (
              <tr key={t.id}>
                <td>{t.orderLine.lineNumber}</td>
                <td>
                  {t.sku.code}
                  {t.lot && <span className="muted"> lot {t.lot}</span>}
                </td>
                <td>{t.location.code}</td>
                <td>
                  {t.wave.number} <StatusBadge value={t.wave.status} />
                </td>
                <td>
                  <StatusBadge value={t.status} />
                </td>
                <td className="num">{t.quantity}</td>
                <td className="num">{t.pickedQuantity ?? "—"}</td>
                <td>{t.toteId ?? "—"}</td>
                <td>{t.pickedBy ? `${t.pickedBy.email}, ${formatDateTime(t.pickedAt)}` : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
