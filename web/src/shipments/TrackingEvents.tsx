import { formatDateTime, humanize } from "../ui/format.ts";

interface TrackingEvent {
  id: string;
  status: string;
  description: string;
  location: string | null;
  occurredAt: string;
}

/** Tracking events as the shipment subgraph gives them (newest first). */
export function TrackingEvents({ events }: { events: readonly TrackingEvent[] }) {
  if (events.length === 0) return <p className="muted">No tracking events.</p>;
  return (
    <ol className="timeline" aria-label="tracking events">
      {events.map((e) => (
        <li key={e.id}>
          {formatDateTime(e.occurredAt)} · <b>{humanize(e.status)}</b> · {e.description}
          {e.location && <span className="muted"> ({e.location})</span>}
        </li>
      ))}
    </ol>
  );
}
