-- The case list's default order (newest first) and the statistics' period scans.
CREATE INDEX cases_received ON cases (received_at DESC, id DESC);
