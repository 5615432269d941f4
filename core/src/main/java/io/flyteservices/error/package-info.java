/**
 * The exceptions core code throws for outcomes a client must see (not found, already exists, bad input...).
 * Each names the offending field or entity. Only {@code protocol.grpc.GrpcErrors} turns them into statuses.
 */
package io.flyteservices.error;
