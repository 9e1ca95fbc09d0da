-- AlterTable
ALTER TABLE "oauth_clients" ADD COLUMN     "can_introspect" BOOLEAN NOT NULL DEFAULT false;
