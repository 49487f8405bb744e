SELECT 1;--> statement-breakpoint--> statement-breakpoint
--> statement-breakpoint