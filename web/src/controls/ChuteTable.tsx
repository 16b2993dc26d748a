import { SetChuteEnabledDocument, type SorterLiveFragment } from "../generated/graphql.ts";
import type { RunCommand } from "./useCommands.ts";

/** The sorter's chutes; with `run` (a user who may command the floor) each can be enabled or disabled. */
export function ChuteTable({ sorter, run, pending }: { sorter: SorterLiveFragment; run?: RunCommand | undefined; pending: boolean }) {
  return (
    <table className="chutes" aria-label="chutes">
      <thead>
        <tr>
          <th>Chute</th>
          <th>Fill</th>
          <th>State</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {sorter.chutes.map((chute) => (
          <tr key={chute.id}>
            <td>{chute.id}</td>
            <td>
              {chute.count}/{chute.capacity}
            </td>
            <td>{[chute.full && "full", !chute.enabled && "disabled"].filter(Boolean).join(", ") || "ok"}</td>
            <td>
              {run && (
              <button
                type="button"
                disabled={pending}
                onClick={() =>
                  run(SetChuteEnabledDocument, { sorterId: sorter.id, chuteId: chute.id, enabled: !chute.enabled }, () => `${chute.id} ${chute.enabled ? "disabled" : "enabled"}.`)
                }
              >
                {chute.enabled ? "Disable" : "Enable"}
              </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
