/**
 * Every SQL statement of the system and the one way to run them. Each table family has a package-private
 * {@code <Table>Sql} (text blocks with bound parameters only) and a public {@code <Table>Store} whose methods
 * read table-then-verb and name their guard. {@link io.flyteservices.store.Db} runs work in transactions
 * with retries on serialization failures; {@link io.flyteservices.store.SqlErrors} is the only reader of
 * SQLSTATE. Nothing here decides phases: guards bind the constants of {@code phase.PhaseRules}.
 */
package io.flyteservices.store;
