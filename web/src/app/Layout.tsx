import { NavLink, Outlet } from "react-router";
import { useSession } from "./session.tsx";

export function Layout() {
  const { session, permissions, signOut } = useSession();
  if (!session || !permissions) return null;
  const links: [string, string, boolean][] = [
    ["/floor", "Floor", permissions.floor],
    ["/alarms", "Alarms", permissions.floor],
    ["/kpis", "KPIs", permissions.floor],
    ["/orders", "Orders", true],
    ["/inventory", "Inventory", permissions.inventory],
    ["/shipments", "Shipments", true],
    ["/explorer", "Explorer", true],
  ];
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Floorgraph</span>
        <nav>
          {links
            .filter(([, , allowed]) => allowed)
            .map(([to, label]) => (
              <NavLink key={to} to={to}>
                {label}
              </NavLink>
            ))}
        </nav>
        <span className="who" data-testid="who">
          {session.user.email} · {session.user.role}
        </span>
        <button type="button" onClick={() => signOut()}>
          Log out
        </button>
      </header>
      <main>
        <Outlet />
      </main>
    </div>
  );
}
