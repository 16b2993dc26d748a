-- AlterTable
ALTER TABLE "DemandLine" ADD COLUMN     "orderNumber" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "partnerId" UUID,
ADD COLUMN     "priority" TEXT NOT NULL DEFAULT 'NORMAL';

