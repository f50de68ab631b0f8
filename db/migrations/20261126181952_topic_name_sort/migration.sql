ALTER TABLE `topics` ADD `name_sort` text GENERATED ALWAYS AS (lower(name)) VIRTUAL NOT NULL;--> statement-breakpoint
CREATE INDEX `topics_name_idx` ON `topics` (`name_sort`,`id`);