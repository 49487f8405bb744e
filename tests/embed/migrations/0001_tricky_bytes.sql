CREATE TABLE `notes` (
	`id` integer PRIMARY KEY NOT NULL,
	`body` text NOT NULL
);
--> statement-breakpoint
INSERT INTO `notes` (`id`, `body`) VALUES (1, ')" )delim" R"( \n \ ??= "" '' café 日本');