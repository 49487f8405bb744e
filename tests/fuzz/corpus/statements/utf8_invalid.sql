INSERT INTO t VALUES ('ÿþ latin1 café');--> statement-breakpoint
SELECT 'â‚';