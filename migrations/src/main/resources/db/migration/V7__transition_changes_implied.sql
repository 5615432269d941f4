-- A phase transition is only ever written in the same statement as its attempt (insert, move forward, abort),
-- and the attempt's own change already names the action: readers re-read an action's transitions with its
-- attempts. The transition trigger doubled the change rows (and plpgsql calls) of every status write, the
-- largest cost of the executor's writes (BENCHMARKS.md, executor), and is dropped. Rows of entity 4 written
-- before this migration stay readable until pruned.
DROP TRIGGER phase_transitions_change ON phase_transitions;
