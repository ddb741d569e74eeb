ALTER TABLE "dedup_bands" DROP CONSTRAINT "dedup_bands_doc_id_dedup_docs_id_fk";
--> statement-breakpoint
ALTER TABLE "dedup_fingerprints" DROP CONSTRAINT "dedup_fingerprints_doc_id_dedup_docs_id_fk";
