CREATE TABLE `device_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`owner_id` integer NOT NULL,
	`serial` text NOT NULL,
	`kind` text NOT NULL,
	FOREIGN KEY (`owner_id`,`serial`) REFERENCES `devices`(`owner_id`,`serial`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `devices` (
	`owner_id` integer NOT NULL,
	`serial` text NOT NULL,
	`firmware` blob,
	`weight` real,
	`legacy` text,
	PRIMARY KEY(`owner_id`, `serial`),
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `devices_weight_idx` ON `devices` (`weight`) WHERE "devices"."weight" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `devices_serial_unique` ON `devices` (`serial`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text(320) NOT NULL,
	`first_name` text NOT NULL,
	`last_name` text NOT NULL,
	`full_name` text GENERATED ALWAYS AS (first_name || ' ' || last_name) STORED,
	`initials` text GENERATED ALWAYS AS (substr(first_name, 1, 1) || substr(last_name, 1, 1)) VIRTUAL,
	`role` text DEFAULT 'user' NOT NULL,
	`profile` text DEFAULT '{}',
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`updated_at` integer,
	`score` real DEFAULT 0.5,
	`balance` numeric DEFAULT '0.00',
	`balance_big` numeric,
	`balance_num` numeric,
	`avatar` blob,
	`prefs` blob,
	`counter` blob,
	CONSTRAINT "users_score_range" CHECK("users"."score" between 0 and 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_lower_idx` ON `users` (lower("email"));--> statement-breakpoint
CREATE INDEX `users_name_idx` ON `users` (`last_name`,`first_name`);--> statement-breakpoint
CREATE INDEX `users_active_idx` ON `users` (`created_at`) WHERE "users"."active" = 1;--> statement-breakpoint
CREATE INDEX `users_profile_bio_idx` ON `users` (("profile" ->> '$.bio'));--> statement-breakpoint
CREATE VIEW `active_users` AS select id, email from users where active = 1;--> statement-breakpoint
CREATE VIEW `device_counts` AS select "owner_id", count(*) as "total" from "devices" group by "devices"."owner_id";