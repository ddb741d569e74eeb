-- The articles' full-text index moves out of the articles table into article_search, partitioned by year of the
-- date search sorts by (first submission, else creation). A search reads the newest year first and stops once it has
-- enough: a common word's cost is that of one year's articles, not of the whole archive. The rows are narrow (the
-- vector is kept out of line), so the filters read few pages. A trigger on articles keeps it; nothing else writes it.
CREATE TABLE "article_search" (
	"article_id" integer NOT NULL,
	"d" timestamp with time zone NOT NULL,
	"unit_id" integer NOT NULL,
	"created_by_id" integer NOT NULL,
	"type" text NOT NULL,
	"state" text NOT NULL,
	"submitted" boolean NOT NULL,
	"topic_ids" integer[] NOT NULL,
	"title" text NOT NULL,
	"tsv" tsvector NOT NULL,
	PRIMARY KEY ("d", "article_id")
) PARTITION BY RANGE ("d");--> statement-breakpoint
ALTER TABLE "article_search" ALTER COLUMN "tsv" SET STORAGE EXTERNAL;--> statement-breakpoint
-- No statistics of the vectors: searches take the GIN index anyway, and sampling them would read every sampled vector.
ALTER TABLE "article_search" ALTER COLUMN "tsv" SET STATISTICS 0;--> statement-breakpoint
-- One partition per year from 2010 to 2035 (China time), one before and one after. The service's slices
-- (SEARCH_YEARS in features/search/service.ts) are the same years.
DO $$
DECLARE y integer;
BEGIN
	EXECUTE 'CREATE TABLE article_search_before PARTITION OF article_search FOR VALUES FROM (MINVALUE) TO (''2010-01-01 00:00:00+08'') WITH (toast_tuple_target = 256)';
	FOR y IN 2010..2035 LOOP
		EXECUTE format('CREATE TABLE article_search_%s PARTITION OF article_search FOR VALUES FROM (%L) TO (%L) WITH (toast_tuple_target = 256)',
			y, y || '-01-01 00:00:00+08', (y + 1) || '-01-01 00:00:00+08');
	END LOOP;
	EXECUTE 'CREATE TABLE article_search_after PARTITION OF article_search FOR VALUES FROM (''2036-01-01 00:00:00+08'') TO (MAXVALUE) WITH (toast_tuple_target = 256)';
END $$;--> statement-breakpoint
INSERT INTO "article_search" ("article_id", "d", "unit_id", "created_by_id", "type", "state", "submitted", "topic_ids", "title", "tsv")
	SELECT "id", coalesce("first_submitted_at", "created_at"), "unit_id", "created_by_id", "type", "state", "first_submitted_at" IS NOT NULL, "topic_ids", "title", "search_tsv"
	FROM "articles";--> statement-breakpoint
CREATE INDEX "article_search_tsv_idx" ON "article_search" USING gin ("tsv");--> statement-breakpoint
-- Substrings of titles (names jieba does not know): trigrams help from three characters on.
CREATE INDEX "article_search_title_trgm_idx" ON "article_search" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE FUNCTION "article_search_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	old_d timestamptz;
	new_d timestamptz;
BEGIN
	IF TG_OP <> 'INSERT' THEN
		old_d := coalesce(OLD.first_submitted_at, OLD.created_at);
	END IF;
	IF TG_OP = 'DELETE' THEN
		DELETE FROM article_search WHERE d = old_d AND article_id = OLD.id;
		RETURN NULL;
	END IF;
	new_d := coalesce(NEW.first_submitted_at, NEW.created_at);
	IF TG_OP = 'UPDATE' THEN
		IF OLD.search_title = NEW.search_title AND OLD.search_body = NEW.search_body AND old_d = new_d THEN
			-- The words and the date stay: the row is updated in place when a filtered column changed.
			IF OLD.title IS DISTINCT FROM NEW.title OR OLD.unit_id <> NEW.unit_id OR OLD.created_by_id <> NEW.created_by_id
				OR OLD.type <> NEW.type OR OLD.state <> NEW.state OR OLD.topic_ids IS DISTINCT FROM NEW.topic_ids
				OR (OLD.first_submitted_at IS NULL) <> (NEW.first_submitted_at IS NULL) THEN
				UPDATE article_search SET unit_id = NEW.unit_id, created_by_id = NEW.created_by_id, type = NEW.type, state = NEW.state,
					submitted = NEW.first_submitted_at IS NOT NULL, topic_ids = NEW.topic_ids, title = NEW.title
					WHERE d = old_d AND article_id = OLD.id;
			END IF;
			RETURN NULL;
		END IF;
		DELETE FROM article_search WHERE d = old_d AND article_id = OLD.id;
	END IF;
	INSERT INTO article_search ("article_id", "d", "unit_id", "created_by_id", "type", "state", "submitted", "topic_ids", "title", "tsv")
		VALUES (NEW.id, new_d, NEW.unit_id, NEW.created_by_id, NEW.type, NEW.state, NEW.first_submitted_at IS NOT NULL, NEW.topic_ids, NEW.title,
			setweight(to_tsvector('simple'::regconfig, NEW.search_title), 'A') || setweight(to_tsvector('simple'::regconfig, NEW.search_body), 'B'));
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "article_search_sync" AFTER INSERT OR UPDATE OR DELETE ON "articles" FOR EACH ROW EXECUTE FUNCTION "article_search_sync"();--> statement-breakpoint
DROP INDEX "articles_search_idx";--> statement-breakpoint
DROP INDEX "articles_date_idx";--> statement-breakpoint
ALTER TABLE "articles" DROP COLUMN "search_tsv";--> statement-breakpoint
ANALYZE "article_search";
