-- The work queue executors claim from (DESIGN §5). An entry lives while its action is not terminal.

CREATE TABLE queued_actions (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id        bigint      NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    run_id           bigint      NOT NULL,
    enqueued_at      timestamptz NOT NULL DEFAULT now(),
    -- 0 = pending (claimable once not_before has passed and no live lease holds it), 1 = aborted
    -- (the holder stops the running attempt, then removes the entry).
    status           smallint    NOT NULL DEFAULT 0 CHECK (status IN (0, 1)),
    attempt          integer     NOT NULL DEFAULT 0,  -- the last attempt handed out: the fencing token
    claimed_by       text,
    lease_expires_at timestamptz,
    not_before       timestamptz NOT NULL DEFAULT now(),  -- retry back-off
    abort_reason     text,
    CONSTRAINT queued_actions_action_key UNIQUE (action_id)
);

-- Claim order is FIFO by id among claimable entries.
CREATE INDEX queued_actions_claim_idx ON queued_actions (id) WHERE status = 0;
CREATE INDEX queued_actions_run_idx ON queued_actions (run_id);

-- Executors registered with the control plane, for metrics and operators (issue: executor).
CREATE TABLE executors (
    id             text        PRIMARY KEY,
    host           text        NOT NULL,
    started_at     timestamptz NOT NULL DEFAULT now(),
    last_heartbeat timestamptz NOT NULL DEFAULT now(),
    running        integer     NOT NULL DEFAULT 0
);

-- Wake executors when work arrives; the payload is empty, NOTIFY is only a wake-up.
CREATE FUNCTION notify_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('flyte_queue', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER queued_actions_notify
    AFTER INSERT OR UPDATE OF status, lease_expires_at, not_before ON queued_actions
    FOR EACH STATEMENT EXECUTE FUNCTION notify_queue();
