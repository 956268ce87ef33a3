-- labels, spec and status as plain strings instead of LOBs: H2 keeps a LOB apart from its row, and a read of a row
-- while another transaction replaced that row's LOB failed now and then with a NullPointerException inside H2
-- (LobStorageMap, "streamStoreId"): a listing of resources failed, and with it the cron scheduler's or a reconcile's
-- read. A string column is stored in the row itself (H2 allows up to 10^9 characters; the API refuses bodies over
-- nubo.api.max-request-megabytes long before that). PostgreSQL's TEXT has no such split.
ALTER TABLE resources ALTER COLUMN labels CHARACTER VARYING NOT NULL;
ALTER TABLE resources ALTER COLUMN spec CHARACTER VARYING NOT NULL;
ALTER TABLE resources ALTER COLUMN status CHARACTER VARYING;
