/**
 * Identities and small values every other package shares: run and action keys, page tokens. No I/O, no
 * protobuf conversions beyond the identifiers themselves.
 */
package io.flyteservices.model;
