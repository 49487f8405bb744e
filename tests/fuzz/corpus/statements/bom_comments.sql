-- ob-migrate: no-transaction
/* comment */ --> statement-breakpoint
-- only a comment
--> statement-breakpoint


/* unterminated