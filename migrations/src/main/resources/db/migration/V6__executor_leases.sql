-- Executors (issue: executor). The queue entry's counter is a lease token, not an attempt number: an executor
-- that takes over an expired lease may adopt the attempt still running (a pod), so attempts are counted on the
-- action and the token only fences writes of earlier holders.
ALTER TABLE queued_actions RENAME COLUMN attempt TO lease_token;

-- Wake-ups: only when there is something to do. New work wakes claimers; an abort wakes the holder so it stops
-- the running attempt at once instead of at its next lease renewal. Lease renewals wake nobody.
DROP TRIGGER queued_actions_notify ON queued_actions;
DROP FUNCTION notify_queue();

CREATE FUNCTION notify_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('flyte_queue', TG_ARGV[0]);
    RETURN NULL;
END;
$$;

CREATE TRIGGER queued_actions_notify_work
    AFTER INSERT ON queued_actions
    FOR EACH STATEMENT EXECUTE FUNCTION notify_queue('work');

CREATE TRIGGER queued_actions_notify_abort
    AFTER UPDATE OF status ON queued_actions
    FOR EACH STATEMENT EXECUTE FUNCTION notify_queue('abort');

-- Aborted entries whose holder vanished are cleaned up by whoever claims them next.
CREATE INDEX queued_actions_aborted_idx ON queued_actions (id) WHERE status = 1;

-- Which executor ran each attempt is recorded on the attempt (action_attempts.executor_id, already present).
