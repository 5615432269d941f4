-- CreateRun's writes (core RunCreator -> RunStore, ActionStore, QueueStore), one transaction per CreateRun:
-- the run row, its root action a0 (QUEUED) and its queue entry, with the same statements (ON CONFLICT ...
-- RETURNING) and row sizes. The change-feed rows (changes) and the NOTIFYs on flyte_changes and flyte_queue come
-- from the same triggers our own inserts fire. Values (-D) are taken from a run the benchmark created through the
-- service (bytea in \x hex input syntax: pgbench refuses empty values); the run name is random per transaction.
-- Not mirrored: the queue capacity count in that transaction and the inputs file CreateRun writes. (CreateRun
-- inserts the action and its queue entry in one statement; here they are two, as a plain client would write them.)
\set n random(1, 999999999999)
BEGIN;
INSERT INTO runs (org, project, domain, name, run_spec, inputs_uri, run_output_base, source)
VALUES ('', :project, :domain, 'pg' || :client_id || 'n' || :n, :run_spec,
        :prefix || 'pg' || :client_id || 'n' || :n || '/inputs/inputs.pb', :prefix || 'pg' || :client_id || 'n' || :n || '/', 0)
ON CONFLICT ON CONSTRAINT runs_identity_key DO NOTHING
RETURNING id AS run_id \gset
INSERT INTO actions (run_id, org, project, domain, run_name, name, parent_name, group_name,
                     action_type, phase, attempts, task_org, task_project, task_domain, task_name,
                     task_version, task_type, short_name, spec, input_uri, run_output_base,
                     cluster, executed_by, ended_at)
VALUES (:run_id, '', :project, :domain, 'pg' || :client_id || 'n' || :n, 'a0', NULL, '',
        :action_type, :phase, 0, :task_org, :task_project, :task_domain, :task_name,
        :task_version, :task_type, :short_name, :spec,
        :prefix || 'pg' || :client_id || 'n' || :n || '/inputs/inputs.pb', :prefix || 'pg' || :client_id || 'n' || :n || '/',
        '', NULL, NULL)
ON CONFLICT ON CONSTRAINT actions_run_name_key DO NOTHING
RETURNING id AS action_id \gset
INSERT INTO queued_actions (action_id, run_id) VALUES (:action_id, :run_id);
END;
