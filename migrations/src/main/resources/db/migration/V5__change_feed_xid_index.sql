-- The change feed reads by transaction id, not by seq (DESIGN §4): each read takes every row with
-- xid >= the xmin of the previous read's snapshot, so that a transaction that took its seq early and commits
-- late is still found. This index keeps that read proportional to the rows near the horizon, and lets pruning
-- find the rows below it.
CREATE INDEX changes_xid_idx ON changes (xid);
