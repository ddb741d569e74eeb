CREATE TABLE "search_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"ref_id" integer NOT NULL,
	"issue_id" integer,
	"publication_id" integer,
	"title" text NOT NULL,
	"body_text" text NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"date" timestamp with time zone,
	"search_title" text DEFAULT '' NOT NULL,
	"search_body" text DEFAULT '' NOT NULL,
	"search_tsv" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple'::regconfig, search_title), 'A') || setweight(to_tsvector('simple'::regconfig, search_body), 'B')) STORED
);
--> statement-breakpoint
ALTER TABLE "dedup_bands" DROP CONSTRAINT "dedup_bands_doc_id_dedup_docs_id_fk";
--> statement-breakpoint
ALTER TABLE "dedup_fingerprints" DROP CONSTRAINT "dedup_fingerprints_doc_id_dedup_docs_id_fk";
--> statement-breakpoint
CREATE UNIQUE INDEX "search_entries_ref_uq" ON "search_entries" USING btree ("kind","ref_id");--> statement-breakpoint
CREATE INDEX "search_entries_tsv_idx" ON "search_entries" USING gin ("search_tsv");--> statement-breakpoint
CREATE INDEX "search_entries_pub_idx" ON "search_entries" USING btree ("publication_id");