PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_device_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`owner_id` integer NOT NULL,
	`serial` text NOT NULL,
	`kind` text DEFAULT 'ping' NOT NULL,
	FOREIGN KEY (`owner_id`,`serial`) REFERENCES `devices`(`owner_id`,`serial`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_device_events`("id", "owner_id", "serial", "kind") SELECT "id", "owner_id", "serial", "kind" FROM `device_events`;--> statement-breakpoint
DROP TABLE `device_events`;--> statement-breakpoint
ALTER TABLE `__new_device_events` RENAME TO `device_events`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
ALTER TABLE `users` ADD `nickname` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `email_domain` text GENERATED ALWAYS AS (substr(email, instr(email, '@') + 1)) VIRTUAL;--> statement-breakpoint
CREATE INDEX `users_admin_idx` ON `users` (`role`) WHERE "users"."role" = 'admin';--> statement-breakpoint
CREATE INDEX `users_first_lower_idx` ON `users` (lower("first_name"));--> statement-breakpoint
ALTER TABLE `devices` DROP COLUMN `legacy`;--> statement-breakpoint
DROP VIEW `active_users`;--> statement-breakpoint
CREATE VIEW `active_users` AS select id, email from users where active = 1 and email <> '';