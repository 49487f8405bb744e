-- Custom SQL migration file, put your code below! --
CREATE INDEX `notes_body_idx` ON `notes` (`body`);