export type { User as UserRow, Partner as PartnerRow, ApiKey as ApiKeyRow } from "@floorgraph/prisma/users";
