CREATE TABLE `document_languages` (
	`document_id` integer NOT NULL,
	`language` text NOT NULL,
	CONSTRAINT `document_languages_pk` PRIMARY KEY(`document_id`, `language`),
	CONSTRAINT `fk_document_languages_document_id_documents_id_fk` FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE `document_people` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`document_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`role` text NOT NULL,
	`name_as_written` text,
	`position` integer DEFAULT 0 NOT NULL,
	CONSTRAINT `fk_document_people_document_id_documents_id_fk` FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_document_people_person_id_people_id_fk` FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON DELETE RESTRICT
);
--> statement-breakpoint
CREATE TABLE `document_topics` (
	`document_id` integer NOT NULL,
	`topic_id` integer NOT NULL,
	CONSTRAINT `document_topics_pk` PRIMARY KEY(`document_id`, `topic_id`),
	CONSTRAINT `fk_document_topics_document_id_documents_id_fk` FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_document_topics_topic_id_topics_id_fk` FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON DELETE RESTRICT
);
--> statement-breakpoint
CREATE TABLE `documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`slug` text NOT NULL UNIQUE,
	`title` text NOT NULL,
	`doc_type` text NOT NULL,
	`summary` text,
	`body` text,
	`date_text` text,
	`date_start` text,
	`date_end` text,
	`date_precision` text DEFAULT 'UNDATED' NOT NULL,
	`date_sort_asc` text GENERATED ALWAYS AS (coalesce(date_start, '9999-99-99')) VIRTUAL NOT NULL,
	`date_sort_desc` text GENERATED ALWAYS AS (coalesce(date_start, '')) VIRTUAL NOT NULL,
	`title_sort` text GENERATED ALWAYS AS (lower(title)) VIRTUAL NOT NULL,
	`origin_place` text,
	`destination_place` text,
	`source_archive` text,
	`source_citation` text,
	`source_url` text,
	`rights` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "documents_date_precision_check" CHECK("date_precision" in ('DAY', 'MONTH', 'YEAR', 'RANGE', 'UNDATED')),
	CONSTRAINT "documents_date_consistency_check" CHECK(("date_precision" = 'UNDATED' and "date_start" is null and "date_end" is null) or ("date_precision" <> 'UNDATED' and "date_start" is not null and "date_end" is not null and "date_start" <= "date_end"))
);
--> statement-breakpoint
CREATE TABLE `people` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`slug` text NOT NULL UNIQUE,
	`name` text NOT NULL,
	`kind` text DEFAULT 'PERSON' NOT NULL,
	`description` text,
	`birth_year` integer,
	`death_year` integer,
	`name_sort` text GENERATED ALWAYS AS (lower(name)) VIRTUAL NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "people_kind_check" CHECK("kind" in ('PERSON', 'ORGANIZATION'))
);
--> statement-breakpoint
CREATE TABLE `person_names` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`person_id` integer NOT NULL,
	`name` text NOT NULL,
	`name_type` text NOT NULL,
	`language` text,
	CONSTRAINT `fk_person_names_person_id_people_id_fk` FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE `topics` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`slug` text NOT NULL UNIQUE,
	`name` text NOT NULL,
	`description` text,
	`parent_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT `fk_topics_parent_id_topics_id_fk` FOREIGN KEY (`parent_id`) REFERENCES `topics`(`id`) ON DELETE RESTRICT
);
--> statement-breakpoint
CREATE INDEX `document_languages_language_idx` ON `document_languages` (`language`,`document_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `document_people_unique_idx` ON `document_people` (`document_id`,`person_id`,`role`);--> statement-breakpoint
CREATE INDEX `document_people_document_idx` ON `document_people` (`document_id`,`role`,`position`);--> statement-breakpoint
CREATE INDEX `document_people_person_idx` ON `document_people` (`person_id`,`role`,`document_id`);--> statement-breakpoint
CREATE INDEX `document_people_person_document_idx` ON `document_people` (`person_id`,`document_id`);--> statement-breakpoint
CREATE INDEX `document_topics_topic_idx` ON `document_topics` (`topic_id`,`document_id`);--> statement-breakpoint
CREATE INDEX `documents_date_asc_idx` ON `documents` (`date_sort_asc`,`id`);--> statement-breakpoint
CREATE INDEX `documents_date_desc_idx` ON `documents` (`date_sort_desc`,`id`);--> statement-breakpoint
CREATE INDEX `documents_title_idx` ON `documents` (`title_sort`,`id`);--> statement-breakpoint
CREATE INDEX `documents_doc_type_idx` ON `documents` (`doc_type`,`date_sort_asc`);--> statement-breakpoint
CREATE INDEX `documents_date_range_idx` ON `documents` (`date_start`,`date_end`);--> statement-breakpoint
CREATE INDEX `people_name_idx` ON `people` (`name_sort`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `person_names_person_name_idx` ON `person_names` (`person_id`,`name`);--> statement-breakpoint
CREATE INDEX `person_names_name_idx` ON `person_names` (`name`);--> statement-breakpoint
CREATE INDEX `topics_parent_idx` ON `topics` (`parent_id`,`name`);