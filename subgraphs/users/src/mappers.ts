export type { User as UserRow, Partner as PartnerRow, ApiKey as ApiKeyRow, PersistedOperation as PersistedOperationRow } from "@floorgraph/prisma/users";
