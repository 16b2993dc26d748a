import { demoId } from "./random.ts";

export type DemoRole = "ADMIN" | "SUPERVISOR" | "OPERATOR" | "PICKER" | "PARTNER" | "VIEWER";

export interface DemoPartner {
  id: string;
  code: string;
  name: string;
}

export interface DemoUser {
  id: string;
  email: string;
  name: string;
  role: DemoRole;
  partnerId: string | null;
}

/** The password of every demo account. Demo data is never seeded when NODE_ENV=production. */
export const DEMO_PASSWORD = "floorgraph";

const partner = (code: string, name: string): DemoPartner => ({ id: demoId("partner", code), code, name });
export const demoPartners: DemoPartner[] = [
  partner("ACME", "Acme Retail B.V."),
  partner("NORDIC", "Nordic Outdoor AB"),
  partner("GREENLEAF", "Greenleaf Grocers Ltd"),
];

const user = (email: string, name: string, role: DemoRole, partnerCode?: string): DemoUser => ({
  id: demoId("user", email),
  email,
  name,
  role,
  partnerId: partnerCode ? demoId("partner", partnerCode) : null,
});

/** One demo login per role (`<role>@floorgraph.dev`), then more staff and partner users. */
export const demoLogins: DemoUser[] = [
  user("admin@floorgraph.dev", "Ada Admin", "ADMIN"),
  user("supervisor@floorgraph.dev", "Sam Supervisor", "SUPERVISOR"),
  user("operator@floorgraph.dev", "Olle Operator", "OPERATOR"),
  user("picker@floorgraph.dev", "Pia Picker", "PICKER"),
  user("partner@floorgraph.dev", "Paul Partner (Acme)", "PARTNER", "ACME"),
  user("viewer@floorgraph.dev", "Vera Viewer", "VIEWER"),
];

export const demoUsers: DemoUser[] = [
  ...demoLogins,
  user("m.jansen@floorgraph.dev", "Marieke Jansen", "SUPERVISOR"),
  user("k.bakker@floorgraph.dev", "Kees Bakker", "OPERATOR"),
  user("l.visser@floorgraph.dev", "Lotte Visser", "PICKER"),
  user("t.smit@floorgraph.dev", "Tom Smit", "PICKER"),
  user("r.mulder@floorgraph.dev", "Rik Mulder", "PICKER"),
  user("orders@acme.example", "Acme ERP integration", "PARTNER", "ACME"),
  user("ops@nordic-outdoor.example", "Nordic Outdoor operations", "PARTNER", "NORDIC"),
  user("buyer@greenleaf.example", "Greenleaf purchasing", "PARTNER", "GREENLEAF"),
];
