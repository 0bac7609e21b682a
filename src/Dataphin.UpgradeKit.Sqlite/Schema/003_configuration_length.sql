-- Dataphin.UpgradeKit SQLite schema, version 3: the configuration file's length on the record (issue 21).
-- The length in bytes of the file as the operator saved it, written with the file by the SDK. NULL for a file saved
-- before version 3: the stored content may be sealed by a protecting store, so its length here would count ciphertext,
-- not the file, and is not derived.
ALTER TABLE upgrade_configurations ADD COLUMN file_length INTEGER;
