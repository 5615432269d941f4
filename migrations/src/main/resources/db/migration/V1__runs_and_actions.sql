-- Runs and their actions (DESIGN §3). Phases are flyteidl2.workflow.Phase numbers; specs are binary protobuf.

-- One row per run. The run's identity never changes once inserted.
CREATE TABLE runs (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org               text        NOT NULL,
    project           text        NOT NULL,
    domain            text        NOT NULL,
    name              text        NOT NULL,
    run_spec          bytea       NOT NULL,   -- flyteidl2.task.RunSpec
    inputs_uri        text        NOT NULL,
    run_output_base   text        NOT NULL,
    source            smallint    NOT NULL DEFAULT 0,
    trigger_name      text,
    trigger_task_name text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT runs_identity_key UNIQUE (org, project, domain, name)
);

-- One row per action; the root action of every run is named 'a0'. The run identity is copied here
-- (it is immutable) so that listing runs reads one row per run: the root action.
CREATE TABLE actions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id          bigint      NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    org             text        NOT NULL,
    project         text        NOT NULL,
    domain          text        NOT NULL,
    run_name        text        NOT NULL,
    name            text        NOT NULL,
    parent_name     text,
    group_name      text        NOT NULL DEFAULT '',
    action_type     smallint    NOT NULL,  -- flyteidl2.workflow.ActionType
    phase           smallint    NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    cache_status    smallint    NOT NULL DEFAULT 0,
    -- metadata extracted from the spec, for filters and sorting
    task_org        text,
    task_project    text,
    task_domain     text,
    task_name       text,
    task_version    text,
    task_type       text,
    short_name      text,      -- task short name, trace name or condition name
    spec            bytea       NOT NULL,  -- flyteidl2.workflow.ActionSpec as enqueued
    input_uri       text        NOT NULL,
    run_output_base text        NOT NULL,
    cluster         text        NOT NULL DEFAULT '',
    executed_by     bytea,                 -- flyteidl2.common.EnrichedIdentity
    error_kind      smallint,              -- flyteidl2.workflow.ErrorInfo.Kind, when FAILED/TIMED_OUT
    error_message   text,
    abort_reason    text,                  -- when ABORTED
    aborted_by      bytea,                 -- flyteidl2.common.EnrichedIdentity
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    ended_at        timestamptz,
    version         integer     NOT NULL DEFAULT 0,
    CONSTRAINT actions_run_name_key UNIQUE (run_id, name),
    CONSTRAINT actions_phase_check CHECK (phase BETWEEN 0 AND 8)
);

-- Children of a parent, for the tree, abort cascades and StateService.Watch.
CREATE INDEX actions_parent_idx ON actions (run_id, parent_name);

-- ListRuns: root actions of a project, newest first (created_at never changes after insert).
CREATE INDEX actions_root_project_idx ON actions (org, project, domain, created_at DESC, id DESC)
    WHERE parent_name IS NULL;
CREATE INDEX actions_root_org_idx ON actions (org, created_at DESC, id DESC)
    WHERE parent_name IS NULL;

-- Task identities known from earlier runs (CreateRun by task_id).
CREATE INDEX actions_task_idx ON actions (task_org, task_project, task_domain, task_name, task_version)
    WHERE task_name IS NOT NULL;
