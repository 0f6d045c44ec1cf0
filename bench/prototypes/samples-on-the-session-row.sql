ALTER TABLE sessions ADD COLUMN recent_samples bytea NOT NULL DEFAULT ''::bytea
