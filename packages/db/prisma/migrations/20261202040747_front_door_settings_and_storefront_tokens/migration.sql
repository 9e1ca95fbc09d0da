-- AlterTable
ALTER TABLE "oauth_clients" ADD COLUMN     "channel_ids" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "logout_path" TEXT,
ADD COLUMN     "store_hash" TEXT;

-- CreateTable
CREATE TABLE "storefront_tokens" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "customer_id" UUID NOT NULL,
    "company_user_id" UUID,
    "client_id" TEXT NOT NULL,
    "grant_id" TEXT NOT NULL,
    "not_before" TIMESTAMP(3) NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "storefront_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "storefront_tokens_grant_id_key" ON "storefront_tokens"("grant_id");

-- CreateIndex
CREATE INDEX "storefront_tokens_created_at_id_idx" ON "storefront_tokens"("created_at", "id");

-- CreateIndex
CREATE INDEX "storefront_tokens_customer_id_created_at_id_idx" ON "storefront_tokens"("customer_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "storefront_tokens_client_id_created_at_id_idx" ON "storefront_tokens"("client_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "storefront_tokens_expires_at_idx" ON "storefront_tokens"("expires_at");

-- CreateIndex
CREATE INDEX "oauth_clients_store_hash_idx" ON "oauth_clients"("store_hash");

-- AddForeignKey
ALTER TABLE "storefront_tokens" ADD CONSTRAINT "storefront_tokens_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "storefront_tokens" ADD CONSTRAINT "storefront_tokens_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "oauth_clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;
