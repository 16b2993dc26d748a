-- CreateEnum
CREATE TYPE "WaveStatus" AS ENUM ('PLANNED', 'RELEASED', 'COMPLETED');

-- CreateEnum
CREATE TYPE "PickTaskStatus" AS ENUM ('PLANNED', 'RELEASED', 'PICKED', 'SHORT', 'CANCELLED');

-- CreateEnum
CREATE TYPE "FulfilmentStatus" AS ENUM ('OPEN', 'PACKED', 'CANCELLED');

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "seq" BIGSERIAL NOT NULL,
    "id" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "message" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "InboxEvent" (
    "consumer" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "handledAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InboxEvent_pkey" PRIMARY KEY ("consumer","eventId")
);

-- CreateTable
CREATE TABLE "Wave" (
    "id" UUID NOT NULL,
    "seq" SERIAL NOT NULL,
    "warehouseId" UUID NOT NULL,
    "status" "WaveStatus" NOT NULL DEFAULT 'PLANNED',
    "releasedAt" TIMESTAMPTZ(3),
    "releasedBy" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Wave_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PickTask" (
    "id" UUID NOT NULL,
    "waveId" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "lineId" UUID NOT NULL,
    "skuCode" TEXT NOT NULL,
    "locationId" UUID NOT NULL,
    "lot" TEXT NOT NULL DEFAULT '',
    "allocationId" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "pickedQuantity" INTEGER,
    "status" "PickTaskStatus" NOT NULL DEFAULT 'PLANNED',
    "toteId" TEXT,
    "pickedBy" UUID,
    "pickedAt" TIMESTAMPTZ(3),
    "awaitingReallocation" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PickTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderFulfilment" (
    "orderId" UUID NOT NULL,
    "orderNumber" TEXT NOT NULL,
    "partnerId" UUID,
    "priority" TEXT NOT NULL,
    "status" "FulfilmentStatus" NOT NULL DEFAULT 'OPEN',
    "packages" JSONB,
    "packedAt" TIMESTAMPTZ(3),
    "packedBy" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OrderFulfilment_pkey" PRIMARY KEY ("orderId")
);

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEvent_id_key" ON "OutboxEvent"("id");

-- CreateIndex
CREATE INDEX "OutboxEvent_publishedAt_seq_idx" ON "OutboxEvent"("publishedAt", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Wave_seq_key" ON "Wave"("seq");

-- CreateIndex
CREATE INDEX "Wave_warehouseId_status_idx" ON "Wave"("warehouseId", "status");

-- CreateIndex
CREATE INDEX "Wave_status_createdAt_idx" ON "Wave"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PickTask_allocationId_key" ON "PickTask"("allocationId");

-- CreateIndex
CREATE INDEX "PickTask_orderId_idx" ON "PickTask"("orderId");

-- CreateIndex
CREATE INDEX "PickTask_waveId_status_idx" ON "PickTask"("waveId", "status");

-- CreateIndex
CREATE INDEX "PickTask_status_createdAt_idx" ON "PickTask"("status", "createdAt");

-- AddForeignKey
ALTER TABLE "PickTask" ADD CONSTRAINT "PickTask_waveId_fkey" FOREIGN KEY ("waveId") REFERENCES "Wave"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

