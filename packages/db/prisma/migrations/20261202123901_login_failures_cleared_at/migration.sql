-- AlterTable
ALTER TABLE "login_failure_counters" ADD COLUMN     "cleared_at" TIMESTAMP(3),
ADD COLUMN     "failures_at_clear" INTEGER NOT NULL DEFAULT 0;
