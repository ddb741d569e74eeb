CREATE TABLE "channels" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text DEFAULT 'other' NOT NULL,
	"sort_order" integer DEFAULT 100 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "forwarded_piece_sources" (
	"piece_id" integer NOT NULL,
	"article_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	CONSTRAINT "forwarded_piece_sources_piece_id_article_id_pk" PRIMARY KEY("piece_id","article_id")
);
--> statement-breakpoint
CREATE TABLE "forwarded_pieces" (
	"id" serial PRIMARY KEY NOT NULL,
	"forwarding_id" integer NOT NULL,
	"position" integer NOT NULL,
	"item_id" integer,
	"article_id" integer,
	"title" text NOT NULL,
	"body_html" text NOT NULL,
	"body_text" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "forwardings" (
	"id" serial PRIMARY KEY NOT NULL,
	"channel_id" integer NOT NULL,
	"state" text DEFAULT 'awaiting_signoff' NOT NULL,
	"note" text,
	"created_by_id" integer NOT NULL,
	"signed_off_by_id" integer,
	"signed_off_at" timestamp with time zone,
	"sent_on" date,
	"reject_comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "upstream_instructions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"outcome_id" integer NOT NULL,
	"leader_rank" text NOT NULL,
	"leader_name" text NOT NULL,
	"instructed_on" date NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "upstream_outcomes" (
	"id" serial PRIMARY KEY NOT NULL,
	"piece_id" integer NOT NULL,
	"result" text NOT NULL,
	"upstream_publication_id" integer,
	"issue_label" text,
	"outcome_on" date NOT NULL,
	"note" text,
	"recorded_by_id" integer NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "upstream_publications" (
	"id" serial PRIMARY KEY NOT NULL,
	"channel_id" integer NOT NULL,
	"name" text NOT NULL,
	"sort_order" integer DEFAULT 100 NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "solicitation_targets" (
	"solicitation_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"declined_at" timestamp with time zone,
	"decline_reason" text,
	"declined_by_id" integer,
	"rating" text,
	"rated_by_id" integer,
	"rated_at" timestamp with time zone,
	CONSTRAINT "solicitation_targets_solicitation_id_unit_id_pk" PRIMARY KEY("solicitation_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "solicitations" (
	"id" serial PRIMARY KEY NOT NULL,
	"upstream_id" integer,
	"topic" text NOT NULL,
	"requirements" text NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"mandatory" boolean DEFAULT true NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"swept_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "upstream_solicitations" (
	"id" serial PRIMARY KEY NOT NULL,
	"channel_id" integer,
	"topic" text NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"payload" jsonb,
	"dedupe_key" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "solicitation_id" integer;--> statement-breakpoint
ALTER TABLE "forwarded_piece_sources" ADD CONSTRAINT "forwarded_piece_sources_piece_id_forwarded_pieces_id_fk" FOREIGN KEY ("piece_id") REFERENCES "public"."forwarded_pieces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forwarded_piece_sources" ADD CONSTRAINT "forwarded_piece_sources_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forwarded_piece_sources" ADD CONSTRAINT "forwarded_piece_sources_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forwarded_pieces" ADD CONSTRAINT "forwarded_pieces_forwarding_id_forwardings_id_fk" FOREIGN KEY ("forwarding_id") REFERENCES "public"."forwardings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forwarded_pieces" ADD CONSTRAINT "forwarded_pieces_item_id_issue_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."issue_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forwarded_pieces" ADD CONSTRAINT "forwarded_pieces_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forwardings" ADD CONSTRAINT "forwardings_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forwardings" ADD CONSTRAINT "forwardings_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forwardings" ADD CONSTRAINT "forwardings_signed_off_by_id_users_id_fk" FOREIGN KEY ("signed_off_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upstream_instructions" ADD CONSTRAINT "upstream_instructions_outcome_id_upstream_outcomes_id_fk" FOREIGN KEY ("outcome_id") REFERENCES "public"."upstream_outcomes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upstream_outcomes" ADD CONSTRAINT "upstream_outcomes_piece_id_forwarded_pieces_id_fk" FOREIGN KEY ("piece_id") REFERENCES "public"."forwarded_pieces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upstream_outcomes" ADD CONSTRAINT "upstream_outcomes_upstream_publication_id_upstream_publications_id_fk" FOREIGN KEY ("upstream_publication_id") REFERENCES "public"."upstream_publications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upstream_outcomes" ADD CONSTRAINT "upstream_outcomes_recorded_by_id_users_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upstream_publications" ADD CONSTRAINT "upstream_publications_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "solicitation_targets" ADD CONSTRAINT "solicitation_targets_solicitation_id_solicitations_id_fk" FOREIGN KEY ("solicitation_id") REFERENCES "public"."solicitations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "solicitation_targets" ADD CONSTRAINT "solicitation_targets_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "solicitation_targets" ADD CONSTRAINT "solicitation_targets_declined_by_id_users_id_fk" FOREIGN KEY ("declined_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "solicitation_targets" ADD CONSTRAINT "solicitation_targets_rated_by_id_users_id_fk" FOREIGN KEY ("rated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "solicitations" ADD CONSTRAINT "solicitations_upstream_id_upstream_solicitations_id_fk" FOREIGN KEY ("upstream_id") REFERENCES "public"."upstream_solicitations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "solicitations" ADD CONSTRAINT "solicitations_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upstream_solicitations" ADD CONSTRAINT "upstream_solicitations_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upstream_solicitations" ADD CONSTRAINT "upstream_solicitations_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "channels_name_uq" ON "channels" USING btree ("name");--> statement-breakpoint
CREATE INDEX "forwarded_piece_sources_unit_idx" ON "forwarded_piece_sources" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "forwarded_pieces_forwarding_idx" ON "forwarded_pieces" USING btree ("forwarding_id");--> statement-breakpoint
CREATE INDEX "forwarded_pieces_article_idx" ON "forwarded_pieces" USING btree ("article_id");--> statement-breakpoint
CREATE INDEX "forwardings_state_idx" ON "forwardings" USING btree ("state");--> statement-breakpoint
CREATE INDEX "upstream_instructions_outcome_idx" ON "upstream_instructions" USING btree ("outcome_id");--> statement-breakpoint
CREATE UNIQUE INDEX "upstream_outcomes_piece_uq" ON "upstream_outcomes" USING btree ("piece_id");--> statement-breakpoint
CREATE INDEX "upstream_outcomes_on_idx" ON "upstream_outcomes" USING btree ("outcome_on");--> statement-breakpoint
CREATE UNIQUE INDEX "upstream_publications_name_uq" ON "upstream_publications" USING btree ("channel_id","name");--> statement-breakpoint
CREATE INDEX "solicitation_targets_unit_idx" ON "solicitation_targets" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "solicitations_deadline_idx" ON "solicitations" USING btree ("deadline");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_dedupe_uq" ON "outbox" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("state","next_attempt_at");--> statement-breakpoint
CREATE INDEX "articles_solicitation_idx" ON "articles" USING btree ("solicitation_id");