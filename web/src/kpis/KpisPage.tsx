import { useEffect, useState } from "react";
import { Bar, BarChart, CartesianGrid, Cell, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { useQuery } from "urql";
import { OrderStatusCountsDocument } from "../generated/graphql.ts";
import { CONVEYOR_COLORS, ROBOT_COLORS } from "../floor/colors.ts";
import { useFloorStatus } from "../floor/useFloorStatus.ts";
import { formatNumber, formatTime, humanize } from "../ui/format.ts";
import { ErrorBanner } from "../ui/ErrorBanner.tsx";
import { appendSample, countsOf, type Sample } from "./series.ts";

const WINDOW_MS = 10 * 60_000;
// Orders have no subscription in the supergraph yet: their counts (one grouped query) are read again at this pace.
const ORDER_REFRESH_MS = 5_000;

export function KpisPage() {
  const { status, error } = useFloorStatus();
  const [totes, setTotes] = useState<Sample[]>([]);
  useEffect(() => {
    if (status) setTotes((series) => appendSample(series, { at: Date.parse(status.at), value: status.totesPerHour }, WINDOW_MS));
  }, [status]);

  const [orders, refetchOrders] = useQuery({ query: OrderStatusCountsDocument });
  useEffect(() => {
    const timer = setInterval(() => refetchOrders({ requestPolicy: "network-only" }), ORDER_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refetchOrders]);
  const orderCounts = orders.data?.orderStatusCounts.map(({ status, count }) => ({ state: status, count })) ?? [];

  return (
    <div className="page kpis">
      <h1>KPIs</h1>
      <ErrorBanner error={error ?? orders.error} />
      <div className="kpi-grid">
        <section aria-label="totes per hour" data-testid="kpi-totes">
          <h2>
            Totes per hour <span className="big">{status ? formatNumber(status.totesPerHour) : "—"}</span>
          </h2>
          <LineChart width={520} height={220} data={totes}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="at" type="number" domain={["dataMin", "dataMax"]} tickFormatter={(at: number) => formatTime(new Date(at).toISOString())} />
            <YAxis />
            <Tooltip labelFormatter={(at) => formatTime(new Date(Number(at)).toISOString())} />
            <Line dataKey="value" name="totes/h" stroke="#1c7ed6" dot={false} isAnimationActive={false} />
          </LineChart>
        </section>
        <StateBars title="Robots by state" testId="kpi-robots" data={countsOf(status, "ROBOT")} colors={ROBOT_COLORS} />
        <StateBars title="Conveyors by state" testId="kpi-conveyors" data={countsOf(status, "CONVEYOR")} colors={CONVEYOR_COLORS} />
        <StateBars title="Orders by status" testId="kpi-orders" data={orderCounts} colors={{}} note={`refreshed every ${ORDER_REFRESH_MS / 1000} s`} />
      </div>
    </div>
  );
}

function StateBars({ title, testId, data, colors, note }: { title: string; testId: string; data: { state: string; count: number }[]; colors: Record<string, string>; note?: string }) {
  return (
    <section aria-label={title} data-testid={testId}>
      <h2>{title}</h2>
      <BarChart width={520} height={220} data={data.map((d) => ({ ...d, label: humanize(d.state) }))}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" interval={0} fontSize={11} />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Bar dataKey="count" isAnimationActive={false}>
          {data.map((d) => (
            <Cell key={d.state} fill={colors[d.state] ?? "#1c7ed6"} />
          ))}
        </Bar>
      </BarChart>
      <ul className="sr-counts">
        {data.map((d) => (
          <li key={d.state} data-testid={`${testId}-${d.state}`}>
            {humanize(d.state)}: {d.count}
          </li>
        ))}
      </ul>
      {note && <p className="muted">{note}</p>}
    </section>
  );
}
