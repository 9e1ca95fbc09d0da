-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Status" AS ENUM ('active', 'disabled');

-- CreateEnum
CREATE TYPE "ClientType" AS ENUM ('public', 'confidential');

-- CreateEnum
CREATE TYPE "SubjectType" AS ENUM ('customer', 'agent');

-- CreateTable
CREATE TABLE "customers" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "password_hash" TEXT,
    "email_verified_at" TIMESTAMP(3),
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "status" "Status" NOT NULL DEFAULT 'active',
    "password_changed_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agents" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "password_hash" TEXT,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "status" "Status" NOT NULL DEFAULT 'active',
    "can_impersonate" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "agents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "companies" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "status" "Status" NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "companies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "company_roles" (
    "id" UUID NOT NULL,
    "company_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "company_roles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "company_role_permissions" (
    "id" UUID NOT NULL,
    "role_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "configuration" JSONB,

    CONSTRAINT "company_role_permissions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "company_users" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "company_id" UUID NOT NULL,
    "role_id" UUID,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "status" "Status" NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "company_users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "oauth_clients" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" "ClientType" NOT NULL,
    "subject_type" "SubjectType" NOT NULL DEFAULT 'customer',
    "status" "Status" NOT NULL DEFAULT 'active',
    "secret_hash" TEXT,
    "secret_rotated_at" TIMESTAMP(3),
    "grant_types" TEXT[],
    "scopes" TEXT[],
    "redirect_uris" TEXT[],
    "post_logout_redirect_uris" TEXT[],
    "cors_origins" TEXT[],
    "login_link_secret_enc" TEXT,
    "base_url" TEXT,
    "redirect_allow_list" TEXT[],
    "landing_url" TEXT,
    "login_url" TEXT,
    "access_token_ttl_seconds" INTEGER,
    "refresh_token_idle_ttl_seconds" INTEGER,
    "refresh_token_absolute_ttl_seconds" INTEGER,
    "refresh_reuse_grace_seconds" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "oauth_clients_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "login_tokens" (
    "id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "customer_id" UUID,
    "company_user_id" UUID,
    "client_id" TEXT NOT NULL,
    "not_before" TIMESTAMP(3),
    "expires_at" TIMESTAMP(3),
    "one_time_use" BOOLEAN NOT NULL DEFAULT true,
    "successful_attempts" INTEGER NOT NULL DEFAULT 0,
    "failed_attempts" INTEGER NOT NULL DEFAULT 0,
    "last_accessed_at" TIMESTAMP(3),
    "request_ip" TEXT,
    "extra" JSONB,
    "created_by" TEXT,
    "revoked_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "login_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "oidc_payloads" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "grant_id" TEXT,
    "uid" TEXT,
    "user_code" TEXT,
    "account_id" TEXT,
    "client_id" TEXT,
    "expires_at" TIMESTAMP(3),
    "consumed_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "oidc_payloads_pkey" PRIMARY KEY ("kind","id")
);

-- CreateTable
CREATE TABLE "used_jtis" (
    "issuer" TEXT NOT NULL,
    "jti" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "used_jtis_pkey" PRIMARY KEY ("issuer","jti")
);

-- CreateTable
CREATE TABLE "login_failure_counters" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "window_started_at" TIMESTAMP(3) NOT NULL,
    "last_failure_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "login_failure_counters_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "subject_type" TEXT,
    "subject_id" TEXT,
    "client_id" TEXT,
    "ip" TEXT,
    "details" JSONB,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "signing_keys" (
    "kid" TEXT NOT NULL,
    "alg" TEXT NOT NULL,
    "public_jwk" JSONB NOT NULL,
    "private_jwk_enc" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activated_at" TIMESTAMP(3),
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "signing_keys_pkey" PRIMARY KEY ("kid")
);

-- CreateIndex
CREATE UNIQUE INDEX "customers_reference_key" ON "customers"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "customers_email_key" ON "customers"("email");

-- CreateIndex
CREATE INDEX "customers_created_at_id_idx" ON "customers"("created_at", "id");

-- CreateIndex
CREATE INDEX "customers_last_name_first_name_idx" ON "customers"("last_name", "first_name");

-- CreateIndex
CREATE UNIQUE INDEX "agents_email_key" ON "agents"("email");

-- CreateIndex
CREATE INDEX "agents_created_at_id_idx" ON "agents"("created_at", "id");

-- CreateIndex
CREATE INDEX "companies_name_idx" ON "companies"("name");

-- CreateIndex
CREATE INDEX "companies_created_at_id_idx" ON "companies"("created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "company_roles_company_id_name_key" ON "company_roles"("company_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "company_role_permissions_role_id_key_key" ON "company_role_permissions"("role_id", "key");

-- CreateIndex
CREATE INDEX "company_users_company_id_idx" ON "company_users"("company_id");

-- CreateIndex
CREATE INDEX "company_users_role_id_idx" ON "company_users"("role_id");

-- CreateIndex
CREATE UNIQUE INDEX "company_users_customer_id_company_id_key" ON "company_users"("customer_id", "company_id");

-- CreateIndex
CREATE INDEX "oauth_clients_created_at_id_idx" ON "oauth_clients"("created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "login_tokens_token_hash_key" ON "login_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "login_tokens_created_at_id_idx" ON "login_tokens"("created_at", "id");

-- CreateIndex
CREATE INDEX "login_tokens_updated_at_id_idx" ON "login_tokens"("updated_at", "id");

-- CreateIndex
CREATE INDEX "login_tokens_expires_at_id_idx" ON "login_tokens"("expires_at", "id");

-- CreateIndex
CREATE INDEX "login_tokens_last_accessed_at_id_idx" ON "login_tokens"("last_accessed_at", "id");

-- CreateIndex
CREATE INDEX "login_tokens_successful_attempts_id_idx" ON "login_tokens"("successful_attempts", "id");

-- CreateIndex
CREATE INDEX "login_tokens_failed_attempts_id_idx" ON "login_tokens"("failed_attempts", "id");

-- CreateIndex
CREATE INDEX "login_tokens_customer_id_created_at_id_idx" ON "login_tokens"("customer_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "login_tokens_company_user_id_created_at_id_idx" ON "login_tokens"("company_user_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "login_tokens_one_time_use_created_at_id_idx" ON "login_tokens"("one_time_use", "created_at", "id");

-- CreateIndex
CREATE INDEX "login_tokens_client_id_idx" ON "login_tokens"("client_id");

-- CreateIndex
CREATE INDEX "oidc_payloads_grant_id_idx" ON "oidc_payloads"("grant_id");

-- CreateIndex
CREATE INDEX "oidc_payloads_uid_idx" ON "oidc_payloads"("uid");

-- CreateIndex
CREATE INDEX "oidc_payloads_user_code_idx" ON "oidc_payloads"("user_code");

-- CreateIndex
CREATE INDEX "oidc_payloads_account_id_kind_idx" ON "oidc_payloads"("account_id", "kind");

-- CreateIndex
CREATE INDEX "oidc_payloads_client_id_kind_idx" ON "oidc_payloads"("client_id", "kind");

-- CreateIndex
CREATE INDEX "oidc_payloads_expires_at_idx" ON "oidc_payloads"("expires_at");

-- CreateIndex
CREATE INDEX "used_jtis_expires_at_idx" ON "used_jtis"("expires_at");

-- CreateIndex
CREATE INDEX "login_failure_counters_last_failure_at_idx" ON "login_failure_counters"("last_failure_at");

-- CreateIndex
CREATE INDEX "audit_events_at_id_idx" ON "audit_events"("at", "id");

-- CreateIndex
CREATE INDEX "audit_events_actor_id_at_idx" ON "audit_events"("actor_id", "at");

-- CreateIndex
CREATE INDEX "audit_events_subject_id_at_idx" ON "audit_events"("subject_id", "at");

-- CreateIndex
CREATE INDEX "audit_events_action_at_idx" ON "audit_events"("action", "at");

-- CreateIndex
CREATE INDEX "signing_keys_created_at_idx" ON "signing_keys"("created_at");

-- AddForeignKey
ALTER TABLE "company_roles" ADD CONSTRAINT "company_roles_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "company_role_permissions" ADD CONSTRAINT "company_role_permissions_role_id_fkey" FOREIGN KEY ("role_id") REFERENCES "company_roles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "company_users" ADD CONSTRAINT "company_users_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "company_users" ADD CONSTRAINT "company_users_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "company_users" ADD CONSTRAINT "company_users_role_id_fkey" FOREIGN KEY ("role_id") REFERENCES "company_roles"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "login_tokens" ADD CONSTRAINT "login_tokens_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "login_tokens" ADD CONSTRAINT "login_tokens_company_user_id_fkey" FOREIGN KEY ("company_user_id") REFERENCES "company_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "login_tokens" ADD CONSTRAINT "login_tokens_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "oauth_clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;
