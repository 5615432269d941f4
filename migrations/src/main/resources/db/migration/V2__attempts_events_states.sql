-- What happens inside an action: its attempts, their phase transitions and cluster events, and its state.

CREATE TABLE action_attempts (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id       bigint      NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    attempt         integer     NOT NULL CHECK (attempt > 0),
    phase           smallint    NOT NULL CHECK (phase BETWEEN 0 AND 8),
    started_at      timestamptz NOT NULL DEFAULT now(),
    ended_at        timestamptz,
    error_kind      smallint,
    error_message   text,
    log_info        bytea[]     NOT NULL DEFAULT '{}',  -- flyteidl2.core.TaskLog each
    logs_available  boolean     NOT NULL DEFAULT false,
    output_uri      text,
    report_uri      text,
    cache_status    smallint    NOT NULL DEFAULT 0,
    cluster         text        NOT NULL DEFAULT '',
    log_context     bytea,                               -- flyteidl2.core.LogContext
    executor_id     text,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT action_attempts_key UNIQUE (action_id, attempt)
);

CREATE TABLE phase_transitions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id   bigint      NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    attempt     integer     NOT NULL,
    phase       smallint    NOT NULL CHECK (phase BETWEEN 0 AND 8),
    started_at  timestamptz NOT NULL DEFAULT now(),
    ended_at    timestamptz
);
CREATE INDEX phase_transitions_action_idx ON phase_transitions (action_id, attempt, id);

CREATE TABLE cluster_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id   bigint      NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    attempt     integer     NOT NULL,
    occurred_at timestamptz NOT NULL,
    message     text        NOT NULL
);
CREATE INDEX cluster_events_action_idx ON cluster_events (action_id, attempt, id);

-- The latest state (NodeStatus JSON) an action's task put through StateService.
CREATE TABLE action_states (
    action_id   bigint      PRIMARY KEY REFERENCES actions (id) ON DELETE CASCADE,
    state       jsonb       NOT NULL,
    version     bigint      NOT NULL DEFAULT 1,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
