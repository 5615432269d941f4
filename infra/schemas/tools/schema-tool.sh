#!/usr/bin/env bash
# Runs SchemaTool.java (see its comment for the commands) with the jars it reads: the Kubernetes Java client's
# models and Gson's annotations, from Maven Central, and Jackson from the infra module's test class path.
#   infra/schemas/tools/schema-tool.sh kubernetes infra/schemas/kubernetes-1.32
#   infra/schemas/tools/schema-tool.sh crd CRD.yaml v1 infra/schemas/crds/NAME.json [PATH=DEFINITION ...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jars=$(mktemp -d)
trap 'rm -rf "$jars"' EXIT
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
for artifact in io.kubernetes:client-java-api:23.0.0 com.google.code.gson:gson:2.12.1; do
    (cd "$jars" && mvn -q dependency:copy -Dartifact="$artifact" -DoutputDirectory="$jars")
done
mvn -q -f "$here/../../pom.xml" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$jars/test.classpath"
"$JAVA_HOME/bin/java" -cp "$jars/*:$(cat "$jars/test.classpath")" "$here/SchemaTool.java" "$@"
