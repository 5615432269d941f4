-- The change feed (DESIGN §4). Every insert or update of a watched row appends one entry with a seq from
-- one global sequence; a NOTIFY on channel flyte_changes wakes the gateways. NOTIFY is only a wake-up:
-- readers page through `changes` by seq, so a lost notification loses nothing.
--
-- Sequence numbers are taken before commit, so entries can become visible out of seq order. `xid` lets a
-- reader hold its cursor below any transaction still in flight (pg_current_snapshot()).

CREATE SEQUENCE change_seq AS bigint;

CREATE TABLE changes (
    seq        bigint      PRIMARY KEY DEFAULT nextval('change_seq'),
    xid        xid8        NOT NULL DEFAULT pg_current_xact_id(),
    entity     smallint    NOT NULL,  -- 1 run, 2 action, 3 attempt, 4 phase transition, 5 cluster event, 6 state
    run_id     bigint      NOT NULL,
    action_id  bigint,
    changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION record_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_run_id    bigint;
    v_action_id bigint;
    v_entity    smallint := TG_ARGV[0]::smallint;
BEGIN
    IF TG_TABLE_NAME = 'runs' THEN
        v_run_id := NEW.id;
    ELSIF TG_TABLE_NAME = 'actions' THEN
        v_run_id := NEW.run_id;
        v_action_id := NEW.id;
    ELSE
        v_action_id := NEW.action_id;
        SELECT a.run_id INTO v_run_id FROM actions a WHERE a.id = NEW.action_id;
    END IF;
    INSERT INTO changes (entity, run_id, action_id) VALUES (v_entity, v_run_id, v_action_id);
    -- Keys only; identical payloads within one transaction collapse into one notification.
    PERFORM pg_notify('flyte_changes', v_run_id::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER runs_change AFTER INSERT OR UPDATE ON runs
    FOR EACH ROW EXECUTE FUNCTION record_change(1);
CREATE TRIGGER actions_change AFTER INSERT OR UPDATE ON actions
    FOR EACH ROW EXECUTE FUNCTION record_change(2);
CREATE TRIGGER action_attempts_change AFTER INSERT OR UPDATE ON action_attempts
    FOR EACH ROW EXECUTE FUNCTION record_change(3);
CREATE TRIGGER phase_transitions_change AFTER INSERT OR UPDATE ON phase_transitions
    FOR EACH ROW EXECUTE FUNCTION record_change(4);
CREATE TRIGGER cluster_events_change AFTER INSERT OR UPDATE ON cluster_events
    FOR EACH ROW EXECUTE FUNCTION record_change(5);
CREATE TRIGGER action_states_change AFTER INSERT OR UPDATE ON action_states
    FOR EACH ROW EXECUTE FUNCTION record_change(6);
