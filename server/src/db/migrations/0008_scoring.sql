CREATE TABLE "assessments" (
	"period" text PRIMARY KEY NOT NULL,
	"result" jsonb NOT NULL,
	"fingerprint" text NOT NULL,
	"frozen_by_id" integer NOT NULL,
	"frozen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rule_sets" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"note" text,
	"document" jsonb NOT NULL,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "score_adjustments" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_id" integer NOT NULL,
	"on" date NOT NULL,
	"points" double precision NOT NULL,
	"reason" text NOT NULL,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "score_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"on" date NOT NULL,
	"event_kind" text NOT NULL,
	"event_id" text NOT NULL,
	"rule_id" text NOT NULL,
	"rule_set_version" integer NOT NULL,
	"points" double precision NOT NULL,
	"note" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "score_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"stale" boolean DEFAULT true NOT NULL,
	"rule_set_id" integer,
	"computed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_frozen_by_id_users_id_fk" FOREIGN KEY ("frozen_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_sets" ADD CONSTRAINT "rule_sets_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_adjustments" ADD CONSTRAINT "score_adjustments_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_adjustments" ADD CONSTRAINT "score_adjustments_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rule_sets_year_version_uq" ON "rule_sets" USING btree ("year","version");--> statement-breakpoint
CREATE INDEX "score_adjustments_on_idx" ON "score_adjustments" USING btree ("on");--> statement-breakpoint
CREATE INDEX "score_ledger_year_unit_idx" ON "score_ledger" USING btree ("year","unit_id");