import { usePermissions } from "../app/session.tsx";
import { ErrorBanner } from "../ui/ErrorBanner.tsx";
import { AlarmsPanel } from "./AlarmsPanel.tsx";
import { useAlarms } from "./useAlarms.ts";

export function AlarmsPage() {
  const permissions = usePermissions();
  const { alarms, error, update } = useAlarms();
  return (
    <div className="page">
      <ErrorBanner error={error} />
      <AlarmsPanel alarms={alarms} canAcknowledge={permissions.control} onAcknowledged={update} />
    </div>
  );
}
