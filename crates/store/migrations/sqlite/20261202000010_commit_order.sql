-- PostgreSQL only: commit order for servers that follow the log (see the
-- PostgreSQL migration of this name). SQLite has one writer at a time, so its
-- `seq` is already commit order.
SELECT 1;
