#!/bin/sh
# Rebuilds examples/parent.json from examples/parent.sh: the parent task runs the script inline (sh -c), so the
# run works whatever directory the server was started from. Usage: sh examples/make-parent-json.sh
set -eu
dir=$(dirname "$0")
tab=$(printf '\t')
# The script as one JSON string: escape \ and ", tabs as \t, join the lines with \n.
script=$(sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e "s/$tab/\\\\t/g" "$dir/parent.sh" | awk '{ printf "%s\\n", $0 }')
cat > "$dir/parent.json" <<JSON
{
  "runId": {"project": "examples", "domain": "development", "name": "ex-parent"},
  "taskSpec": {
    "shortName": "parent",
    "taskTemplate": {
      "type": "container",
      "container": {
        "image": "busybox",
        "command": ["sh", "-c", "$script", "parent.sh"]
      },
      "metadata": {"retries": {"retries": 1}, "timeout": "180s"}
    }
  }
}
JSON
echo "wrote $dir/parent.json"
