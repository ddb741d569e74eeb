CREATE TABLE "dedup_bands" (
	"key" integer NOT NULL,
	"doc_id" integer NOT NULL,
	CONSTRAINT "dedup_bands_key_doc_id_pk" PRIMARY KEY("key","doc_id")
);
--> statement-breakpoint
CREATE TABLE "dedup_docs" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"ref_id" integer NOT NULL,
	"content_hash" text NOT NULL,
	"char_count" integer NOT NULL,
	"indexed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dedup_fingerprint_df" (
	"hash" integer PRIMARY KEY NOT NULL,
	"df" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dedup_fingerprints" (
	"hash" integer NOT NULL,
	"doc_id" integer NOT NULL,
	"pos" integer NOT NULL,
	CONSTRAINT "dedup_fingerprints_hash_doc_id_pk" PRIMARY KEY("hash","doc_id")
);
--> statement-breakpoint
CREATE TABLE "dedup_matches" (
	"article_id" integer NOT NULL,
	"other_doc_id" integer NOT NULL,
	"score" real NOT NULL,
	"jaccard" real NOT NULL,
	"containment" real NOT NULL,
	"longest_passage" integer NOT NULL,
	"flagged" boolean NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dedup_matches_article_id_other_doc_id_pk" PRIMARY KEY("article_id","other_doc_id")
);
--> statement-breakpoint
ALTER TABLE "dedup_bands" ADD CONSTRAINT "dedup_bands_doc_id_dedup_docs_id_fk" FOREIGN KEY ("doc_id") REFERENCES "public"."dedup_docs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dedup_fingerprints" ADD CONSTRAINT "dedup_fingerprints_doc_id_dedup_docs_id_fk" FOREIGN KEY ("doc_id") REFERENCES "public"."dedup_docs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dedup_matches" ADD CONSTRAINT "dedup_matches_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dedup_matches" ADD CONSTRAINT "dedup_matches_other_doc_id_dedup_docs_id_fk" FOREIGN KEY ("other_doc_id") REFERENCES "public"."dedup_docs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dedup_bands_doc_idx" ON "dedup_bands" USING btree ("doc_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dedup_docs_ref_uq" ON "dedup_docs" USING btree ("kind","ref_id");--> statement-breakpoint
CREATE INDEX "dedup_fingerprints_doc_idx" ON "dedup_fingerprints" USING btree ("doc_id");--> statement-breakpoint
CREATE INDEX "dedup_matches_flagged_idx" ON "dedup_matches" USING btree ("article_id","flagged");