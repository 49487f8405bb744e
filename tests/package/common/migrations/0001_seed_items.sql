INSERT INTO `items` (`id`, `name`) VALUES (1, 'first');--> statement-breakpoint
INSERT INTO `items` (`id`, `name`) VALUES (2, 'second');