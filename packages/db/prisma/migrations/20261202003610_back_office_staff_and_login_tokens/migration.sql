-- CreateExtension (by hand: the schema names no extensions, so diffs leave it alone; it ships with PostgreSQL and PGlite)
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('viewer', 'editor', 'impersonator');

-- AlterTable
ALTER TABLE "agents" ADD COLUMN     "roles" "StaffRole"[] DEFAULT ARRAY[]::"StaffRole"[];

-- Agents who could act for customers keep that as the impersonator role (added by hand: the diff only drops the column).
UPDATE "agents" SET "roles" = ARRAY['impersonator']::"StaffRole"[] WHERE "can_impersonate";

-- AlterTable
ALTER TABLE "agents" DROP COLUMN "can_impersonate";

-- AlterTable
ALTER TABLE "login_tokens" ADD COLUMN     "lock_company_user" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "token_enc" TEXT;

-- AlterTable
ALTER TABLE "oauth_clients" ADD COLUMN     "login_token_default" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "agents_email_trgm_idx" ON "agents" USING GIN ("email" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "agents_first_name_trgm_idx" ON "agents" USING GIN ("first_name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "agents_last_name_trgm_idx" ON "agents" USING GIN ("last_name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "companies_name_trgm_idx" ON "companies" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "customers_email_trgm_idx" ON "customers" USING GIN ("email" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "customers_first_name_trgm_idx" ON "customers" USING GIN ("first_name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "customers_last_name_trgm_idx" ON "customers" USING GIN ("last_name" gin_trgm_ops);
