CREATE TABLE `users` (
	`id` text PRIMARY KEY DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))) NOT NULL,
	`email` text NOT NULL,
	`display_name` text,
	`password_hash` text,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	`updated_at` text
);
--> statement-breakpoint
CREATE TABLE `roles` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text
);
--> statement-breakpoint
CREATE TABLE `user_roles` (
	`user_id` text NOT NULL,
	`role_id` integer NOT NULL,
	`granted_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	PRIMARY KEY(`user_id`, `role_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`role_id`) REFERENCES `roles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))) NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`key_hash` text NOT NULL,
	`scopes` text DEFAULT '[]' NOT NULL,
	`last_used_at` text,
	`expires_at` text,
	`revoked` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `platforms` (
	`id` text PRIMARY KEY DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))) NOT NULL,
	`name` text NOT NULL,
	`client_id` text NOT NULL,
	`client_secret_hash` text,
	`redirect_uris` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL
);
--> statement-breakpoint
CREATE TABLE `platform_users` (
	`platform_id` text NOT NULL,
	`user_id` text NOT NULL,
	`external_id` text NOT NULL,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	PRIMARY KEY(`platform_id`, `user_id`),
	FOREIGN KEY (`platform_id`) REFERENCES `platforms`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `issuers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`url` text,
	`email` text,
	`description` text,
	`image` text,
	`public_key` text,
	`owner_id` text,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	`updated_at` text,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `badge_classes` (
	`id` text PRIMARY KEY NOT NULL,
	`issuer_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`image` text,
	`criteria_url` text,
	`criteria_narrative` text,
	`tags` text DEFAULT '[]' NOT NULL,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`issuer_id`) REFERENCES `issuers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `alignments` (
	`id` integer PRIMARY KEY NOT NULL,
	`badge_class_id` text NOT NULL,
	`target_name` text NOT NULL,
	`target_url` text NOT NULL,
	`target_description` text,
	`target_framework` text,
	`target_code` text,
	FOREIGN KEY (`badge_class_id`) REFERENCES `badge_classes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `recipient_identities` (
	`id` text PRIMARY KEY DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))) NOT NULL,
	`user_id` text,
	`identity_type` text DEFAULT 'email' NOT NULL,
	`identity` text NOT NULL,
	`hashed` integer DEFAULT false NOT NULL,
	`salt` text,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `status_lists` (
	`id` text PRIMARY KEY NOT NULL,
	`issuer_id` text NOT NULL,
	`purpose` text DEFAULT 'revocation' NOT NULL,
	`encoded_list` text NOT NULL,
	`next_index` integer DEFAULT 0 NOT NULL,
	`size` integer DEFAULT 131072 NOT NULL,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	`updated_at` text,
	FOREIGN KEY (`issuer_id`) REFERENCES `issuers`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "status_lists_size_check" CHECK("size" > 0 AND "next_index" >= 0)
);
--> statement-breakpoint
CREATE TABLE `assertions` (
	`id` text PRIMARY KEY NOT NULL,
	`badge_class_id` text NOT NULL,
	`issuer_id` text NOT NULL,
	`recipient_id` text NOT NULL,
	`issued_on` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	`expires_at` text,
	`revoked` integer DEFAULT false NOT NULL,
	`revocation_reason` text,
	`status_list_id` text,
	`status_list_index` integer,
	`evidence_narrative` text,
	`credential` text,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`badge_class_id`) REFERENCES `badge_classes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`issuer_id`) REFERENCES `issuers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recipient_id`) REFERENCES `recipient_identities`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`status_list_id`) REFERENCES `status_lists`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "assertions_status_index_check" CHECK("status_list_index" IS NULL OR "status_list_index" >= 0)
);
--> statement-breakpoint
CREATE TABLE `evidence` (
	`id` integer PRIMARY KEY NOT NULL,
	`assertion_id` text NOT NULL,
	`url` text,
	`narrative` text,
	`name` text,
	`description` text,
	`genre` text,
	`audience` text,
	FOREIGN KEY (`assertion_id`) REFERENCES `assertions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text,
	`details` text,
	`at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `roles_name_unique` ON `roles` (`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_hash_unique` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_user_idx` ON `api_keys` (`user_id`);--> statement-breakpoint
CREATE INDEX `api_keys_active_idx` ON `api_keys` (`user_id`) WHERE "revoked" = false;--> statement-breakpoint
CREATE UNIQUE INDEX `platforms_client_id_unique` ON `platforms` (`client_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `platform_users_platform_id_external_id_unique` ON `platform_users` (`platform_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `issuers_owner_idx` ON `issuers` (`owner_id`);--> statement-breakpoint
CREATE INDEX `badge_class_issuer_idx` ON `badge_classes` (`issuer_id`);--> statement-breakpoint
CREATE INDEX `alignments_badge_class_idx` ON `alignments` (`badge_class_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `recipient_identities_identity_type_identity_unique` ON `recipient_identities` (`identity_type`,`identity`);--> statement-breakpoint
CREATE INDEX `assertions_badge_class_idx` ON `assertions` (`badge_class_id`);--> statement-breakpoint
CREATE INDEX `assertions_recipient_idx` ON `assertions` (`recipient_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `assertions_status_entry_idx` ON `assertions` (`status_list_id`,`status_list_index`) WHERE "status_list_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `evidence_assertion_idx` ON `evidence` (`assertion_id`);--> statement-breakpoint
CREATE INDEX `audit_log_subject_idx` ON `audit_log` (`subject_type`,`subject_id`);