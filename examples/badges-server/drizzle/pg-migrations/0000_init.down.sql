DROP TABLE "users" CASCADE;--> statement-breakpoint
DROP TABLE "roles" CASCADE;--> statement-breakpoint
DROP TABLE "user_roles" CASCADE;--> statement-breakpoint
DROP TABLE "api_keys" CASCADE;--> statement-breakpoint
DROP TABLE "platforms" CASCADE;--> statement-breakpoint
DROP TABLE "platform_users" CASCADE;--> statement-breakpoint
DROP TABLE "issuers" CASCADE;--> statement-breakpoint
DROP TABLE "badge_classes" CASCADE;--> statement-breakpoint
DROP TABLE "alignments" CASCADE;--> statement-breakpoint
DROP TABLE "recipient_identities" CASCADE;--> statement-breakpoint
DROP TABLE "status_lists" CASCADE;--> statement-breakpoint
DROP TABLE "assertions" CASCADE;--> statement-breakpoint
DROP TABLE "evidence" CASCADE;--> statement-breakpoint
DROP TABLE "audit_log" CASCADE;--> statement-breakpoint
DROP TYPE "public"."platform_status";--> statement-breakpoint
DROP TYPE "public"."identity_type";--> statement-breakpoint
DROP TYPE "public"."status_purpose";