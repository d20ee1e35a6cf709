-- A Hermes v2 database as v2 itself built it: aerich's initial migration, then its nine
-- updates in order (columns added at the end of their tables, customfieldvalue.value widened
-- and made nullable, the late unique indexes), plus aerich's own bookkeeping and the stray
-- "hermesmodel" table, then some rows. Used to prove Hermes can take over a live v2 database.

create table if not exists "admin" (
  "username" varchar(255) not null,
  "password" varchar(255),
  "id" serial not null primary key,
  "tc2_admin_id" int unique,
  "pd_owner_id" int,
  "first_name" varchar(255) not null default '',
  "last_name" varchar(255) not null default '',
  "timezone" varchar(255) not null default 'Europe/London',
  "is_sales_person" bool not null default False,
  "is_support_person" bool not null default False,
  "is_bdr_person" bool not null default False,
  "sells_payg" bool not null default False,
  "sells_startup" bool not null default False,
  "sells_enterprise" bool not null default False
);
comment on column "admin"."username" is 'Use their ACTUAL email address, not META';
create table if not exists "company" (
  "id" serial not null primary key,
  "name" varchar(255) not null,
  "tc2_agency_id" int unique,
  "tc2_cligency_id" int unique,
  "tc2_status" varchar(25) default 'pending_email_conf',
  "pd_org_id" int unique,
  "created" timestamptz not null default current_timestamp,
  "price_plan" varchar(255) not null default 'payg',
  "country" varchar(255),
  "website" varchar(255),
  "paid_invoice_count" int not null default 0,
  "estimated_income" varchar(255),
  "currency" varchar(255),
  "has_booked_call" bool not null default False,
  "has_signed_up" bool not null default False,
  "bdr_person_id" int references "admin" ("id") on delete cascade,
  "sales_person_id" int not null references "admin" ("id") on delete cascade,
  "support_person_id" int references "admin" ("id") on delete cascade
);
comment on column "company"."country" is 'Country code, e.g. GB';
comment on table "company" is 'Represents a company.';
create table if not exists "contact" (
  "id" serial not null primary key,
  "tc2_sr_id" int unique,
  "pd_person_id" int unique,
  "created" timestamptz not null default current_timestamp,
  "first_name" varchar(255),
  "last_name" varchar(255),
  "email" varchar(255),
  "phone" varchar(255),
  "country" varchar(255),
  "company_id" int not null references "company" ("id") on delete cascade
);
comment on table "contact" is 'Represents a contact, an individual who works at a company.';
create table if not exists "stage" (
  "id" serial not null primary key,
  "pd_stage_id" int not null unique,
  "name" varchar(255) not null
);
create table if not exists "pipeline" (
  "id" serial not null primary key,
  "pd_pipeline_id" int not null unique,
  "name" varchar(255) not null,
  "dft_entry_stage_id" int references "stage" ("id") on delete cascade
);
create table if not exists "config" (
  "id" serial not null primary key,
  "meeting_dur_mins" int not null default 30,
  "meeting_buffer_mins" int not null default 15,
  "meeting_min_start" varchar(5) not null default '10:00',
  "meeting_max_end" varchar(5) not null default '17:30',
  "enterprise_pipeline_id" int references "pipeline" ("id") on delete cascade,
  "payg_pipeline_id" int references "pipeline" ("id") on delete cascade,
  "startup_pipeline_id" int references "pipeline" ("id") on delete cascade
);
comment on column "config"."meeting_dur_mins" is 'The length of a newly created meeting';
comment on column "config"."meeting_buffer_mins" is 'The buffer time before and after a meeting';
comment on column "config"."meeting_min_start" is 'The earliest time a meeting can be booked for an admin in their timezone.';
comment on column "config"."meeting_max_end" is 'The earliest time a meeting can be booked for an admin in their timezone.';
comment on column "config"."enterprise_pipeline_id" is 'The pipeline that Enterprise clients will be added to';
comment on column "config"."payg_pipeline_id" is 'The pipeline that PAYG clients will be added to';
comment on column "config"."startup_pipeline_id" is 'The pipeline that Startup clients will be added to';
comment on table "config" is 'The model that stores the configuration for the app.';
create table if not exists "deal" (
  "id" serial not null primary key,
  "pd_deal_id" int unique,
  "name" varchar(255),
  "status" varchar(255) not null default 'open',
  "admin_id" int not null references "admin" ("id") on delete cascade,
  "company_id" int not null references "company" ("id") on delete cascade,
  "contact_id" int references "contact" ("id") on delete cascade,
  "pipeline_id" int not null references "pipeline" ("id") on delete cascade,
  "stage_id" int not null references "stage" ("id") on delete cascade
);
create table if not exists "meeting" (
  "id" serial not null primary key,
  "created" timestamptz not null default current_timestamp,
  "start_time" timestamptz,
  "end_time" timestamptz,
  "status" varchar(255) not null default 'PLANNED',
  "meeting_type" varchar(255) not null,
  "admin_id" int not null references "admin" ("id") on delete cascade,
  "contact_id" int not null references "contact" ("id") on delete cascade,
  "deal_id" int references "deal" ("id") on delete set null
);
create table if not exists "aerich" (
  "id" serial not null primary key,
  "version" varchar(255) not null,
  "app" varchar(100) not null,
  "content" jsonb not null
);

-- update 1: custom fields (value still varchar(255) not null) and the stray abstract-model table
create table if not exists "customfield" (
  "id" serial not null primary key,
  "name" varchar(255) not null,
  "machine_name" varchar(255),
  "field_type" varchar(255) not null,
  "hermes_field_name" varchar(255),
  "tc2_machine_name" varchar(255),
  "pd_field_id" varchar(255),
  "linked_object_type" varchar(255) not null,
  constraint "uid_customfield_machine_3ef6e9" unique ("machine_name", "linked_object_type")
);
comment on column "customfield"."field_type" is 'The type of field.';
comment on column "customfield"."hermes_field_name" is 'If this is connected to data from the Hermes model, this is the field name. Eg: `website`';
comment on column "customfield"."tc2_machine_name" is 'The machine name of the Custom Field in TC2, if not in the normal data.';
comment on column "customfield"."pd_field_id" is 'The ID of the Custom Field in Pipedrive';
comment on column "customfield"."linked_object_type" is 'The name of the model this is linked to, ("Company", "Contact", "Deal", "Meeting")';
comment on table "customfield" is 'Used to store the custom fields that we have in Pipedrive/TC. When the app is started, we run';
create table if not exists "customfieldvalue" (
  "id" serial not null primary key,
  "value" varchar(255) not null,
  "company_id" int references "company" ("id") on delete cascade,
  "contact_id" int references "contact" ("id") on delete cascade,
  "custom_field_id" int not null references "customfield" ("id") on delete cascade,
  "deal_id" int references "deal" ("id") on delete cascade,
  "meeting_id" int references "meeting" ("id") on delete cascade
);
create table if not exists "hermesmodel" ("id" serial not null primary key);

-- updates 2 to 9
alter table "company" add "utm_campaign" varchar(255);
alter table "company" add "utm_source" varchar(255);
alter table "company" add "narc" bool not null default False;
alter table "admin" add "sells_row" bool not null default False;
alter table "admin" add "sells_us" bool not null default False;
alter table "admin" add "sells_gb" bool not null default False;
alter table "admin" add "sells_au" bool not null default False;
alter table "admin" add "sells_eu" bool not null default False;
alter table "admin" add "sells_ca" bool not null default False;
alter table "company" add "signup_questionnaire" jsonb;
alter table "customfieldvalue" alter column "value" type varchar(10000) using "value"::varchar(10000);
alter table "customfieldvalue" alter column "value" drop not null;
alter table "company" add "pay0_dt" timestamptz;
alter table "company" add "pay1_dt" timestamptz;
alter table "company" add "gclid" varchar(255);
alter table "company" add "card_saved_dt" timestamptz;
alter table "company" add "pay3_dt" timestamptz;
alter table "company" add "gclid_expiry_dt" timestamptz;
alter table "company" add "email_confirmed_dt" timestamptz;
create unique index if not exists "uid_customfield_custom__c313d2" on "customfieldvalue" ("custom_field_id", "deal_id");
create unique index if not exists "uid_customfield_custom__eddbbb" on "customfieldvalue" ("custom_field_id", "company_id");
create unique index if not exists "uid_customfield_custom__4e670b" on "customfieldvalue" ("custom_field_id", "contact_id");
create unique index if not exists "uid_customfield_custom__b2ecbe" on "customfieldvalue" ("custom_field_id", "meeting_id");
create index if not exists "idx_customfield_custom__c313d2" on "customfieldvalue" ("custom_field_id", "deal_id");
create index if not exists "idx_customfield_custom__eddbbb" on "customfieldvalue" ("custom_field_id", "company_id");
create index if not exists "idx_customfield_custom__4e670b" on "customfieldvalue" ("custom_field_id", "contact_id");
create index if not exists "idx_customfield_custom__b2ecbe" on "customfieldvalue" ("custom_field_id", "meeting_id");

insert into "aerich" ("version", "app", "content") values
  ('0_20231115150252_init.py', 'models', '{}'),
  ('9_20251015140135_add_customfieldvalue_unique_constraints.py', 'models', '{}');

-- rows, as production holds them
insert into "admin" ("id", "username", "tc2_admin_id", "pd_owner_id", "first_name", "last_name", "timezone",
  "is_sales_person", "sells_payg", "sells_startup", "sells_gb", "sells_eu") values
  (1, 'sam@tutorcruncher.com', 101, 9001, 'Sam', 'Sales', 'Europe/London', true, true, true, true, true),
  (2, 'toni@tutorcruncher.com', 102, 9002, 'Toni', 'Support', 'America/Toronto', false, false, false, false, false);
update "admin" set "is_support_person" = true where "id" = 2;
insert into "stage" ("id", "pd_stage_id", "name") values (1, 11, 'PAYG - Contacted'), (2, 12, 'PAYG - Demo booked');
insert into "pipeline" ("id", "pd_pipeline_id", "name", "dft_entry_stage_id") values (1, 21, 'PAYG', 1);
insert into "config" ("id", "meeting_dur_mins", "payg_pipeline_id") values (1, 45, 1);
insert into "company" ("id", "name", "tc2_agency_id", "tc2_cligency_id", "tc2_status", "pd_org_id", "created",
  "price_plan", "country", "website", "paid_invoice_count", "estimated_income", "currency", "has_booked_call",
  "has_signed_up", "sales_person_id", "support_person_id", "utm_campaign", "utm_source", "narc",
  "signup_questionnaire", "pay0_dt", "gclid", "gclid_expiry_dt") values
  (1, 'Junior Cramming Ltd', 301, 401, 'trial', 501, '2024-03-01T09:30:00Z', 'startup', 'GB', 'https://junior.example',
   2, '£150,000 - £500,000', 'GBP', true, true, 1, 2, 'spring', 'google', false,
   '{"how_did_you_hear": "search", "tutors": 12}', '2024-04-01T00:00:00Z', 'abc-123', '2024-06-01T00:00:00Z');
insert into "contact" ("id", "tc2_sr_id", "pd_person_id", "first_name", "last_name", "email", "phone", "country", "company_id") values
  (1, 601, 701, 'Jane', 'Van Dyke', 'jane@junior.example', '+44 20 7946 0000', 'GB', 1);
insert into "deal" ("id", "pd_deal_id", "name", "status", "admin_id", "company_id", "contact_id", "pipeline_id", "stage_id") values
  (1, 801, 'Junior Cramming Ltd', 'open', 1, 1, 1, 1, 2);
insert into "meeting" ("id", "start_time", "end_time", "status", "meeting_type", "admin_id", "contact_id", "deal_id") values
  (1, '2024-03-05T10:00:00Z', '2024-03-05T10:30:00Z', 'COMPLETED', 'sales', 1, 1, 1);
insert into "customfield" ("id", "name", "machine_name", "field_type", "hermes_field_name", "tc2_machine_name", "pd_field_id", "linked_object_type") values
  (1, 'Website', 'website', 'str', 'website', 'website', 'f0e1d2c3b4a5968778695a4b3c2d1e0f12345678', 'Company'),
  (2, 'Referer', 'referer', 'str', null, 'referer', 'a0e1d2c3b4a5968778695a4b3c2d1e0f12345678', 'Company');
insert into "customfieldvalue" ("custom_field_id", "company_id", "value") values (2, 1, 'a friend');
select setval(pg_get_serial_sequence('"admin"', 'id'), 2);
select setval(pg_get_serial_sequence('"company"', 'id'), 1);
