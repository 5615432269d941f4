-- EnqueueAction's writes (core Enqueuer -> ActionStore, QueueStore), one transaction per call: a child action
-- (QUEUED, parent a0) of an existing run and its queue entry, with the same statements and row sizes. The run's
-- identity columns are copied from its row by id (our EnqueueAction reads the run by key first). Change-feed rows
-- and NOTIFYs come from the same triggers. Values (-D) are taken from an action the benchmark enqueued through the
-- service; runs :first_run..:last_run were created by the benchmark. Not mirrored: our reads in that transaction
-- (the run by key, the root action locked FOR SHARE, the queue capacity count). (EnqueueAction inserts the action
-- and its queue entry in one statement; here they are two.)
\set n random(1, 999999999999)
\set r random(:first_run, :last_run)
BEGIN;
INSERT INTO actions (run_id, org, project, domain, run_name, name, parent_name, group_name,
                     action_type, phase, attempts, task_org, task_project, task_domain, task_name,
                     task_version, task_type, short_name, spec, input_uri, run_output_base,
                     cluster, executed_by, ended_at)
SELECT r.id, r.org, r.project, r.domain, r.name, 'pg' || :client_id || 'n' || :n, 'a0', '',
       :action_type, :phase, 0, :task_org, :task_project, :task_domain, :task_name,
       :task_version, :task_type, :short_name, :spec, :input_uri, :run_output_base,
       '', NULL, NULL
  FROM runs r WHERE r.id = :r
ON CONFLICT ON CONSTRAINT actions_run_name_key DO NOTHING
RETURNING id AS action_id \gset
INSERT INTO queued_actions (action_id, run_id) VALUES (:action_id, :r);
END;
