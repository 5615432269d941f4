/**
 * Authentication and tenant isolation, off unless {@code flyte.auth.enabled}: a bearer JWT on every
 * {@code flyteidl2.workflow} call (gRPC, Connect and gRPC-Web alike, since the protocol bridge runs the same
 * interceptors) names a {@link io.flyteservices.auth.Caller}, whose org and optional projects scope what the call
 * may name ({@link io.flyteservices.auth.TenantScope}) and what lists and streams show.
 */
package io.flyteservices.auth;
