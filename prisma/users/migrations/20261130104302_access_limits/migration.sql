-- AlterTable
ALTER TABLE "Partner" ADD COLUMN     "rateLimitCostPerMinute" INTEGER,
ADD COLUMN     "rateLimitRequestsPerMinute" INTEGER;

-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "registeredOperationsOnly" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "PersistedOperation" (
    "partnerId" UUID NOT NULL,
    "hash" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PersistedOperation_pkey" PRIMARY KEY ("partnerId","hash")
);

-- AddForeignKey
ALTER TABLE "PersistedOperation" ADD CONSTRAINT "PersistedOperation_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

