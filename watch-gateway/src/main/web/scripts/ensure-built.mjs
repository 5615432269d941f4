// What Maven runs (generate-resources): installs the npm dependencies when node_modules is missing or older than
// package-lock.json, then builds the page unless its inputs are unchanged since the last build, so a rebuild of the
// module costs nothing when the page did not change. `npm run build` always builds.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { descriptorSetBytes } from "./descriptor-set.mjs";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const target = resolve(web, "../../../target");
const stamp = join(target, "web-build.sha256");
const page = join(target, "classes", "public", "index.html");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

const installed = join(web, "node_modules", ".package-lock.json");
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(join(web, "package-lock.json")).mtimeMs) {
  console.log("web: npm ci");
  execFileSync(npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: web, stdio: "inherit" });
}

const hash = inputsHash();
if (existsSync(page) && existsSync(stamp) && readFileSync(stamp, "utf8") === hash) {
  console.log("web: page up to date");
} else {
  // Vite's per-file report is left to `npm run build`; warnings and errors still show.
  execFileSync(npm, ["run", "--silent", "build", "--", "--logLevel", "warn"], { cwd: web, stdio: "inherit" });
  writeFileSync(stamp, hash);
  const assets = join(target, "classes", "public", "assets");
  const sizes = readdirSync(assets).map((f) => `${f} ${Math.round(statSync(join(assets, f)).size / 1024)} kB`);
  console.log(`web: built target/classes/public: ${sizes.join(", ")}`);
}

/** A hash of everything the page is built from: sources, build files, the examples and the descriptor set. */
function inputsHash() {
  const sha = createHash("sha256");
  const files = [
    ...["package.json", "package-lock.json", "tsconfig.json", "vite.config.ts", "index.html"].map((f) => join(web, f)),
    ...walk(join(web, "scripts")),
    ...walk(join(web, "src")).filter((f) => !relative(web, f).startsWith(join("src", "gen"))),
    ...walk(resolve(web, "../../../../examples")).filter((f) => f.endsWith(".json")),
  ];
  for (const file of files) {
    sha.update(relative(web, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return sha.update(descriptorSetBytes()).digest("hex");
}

function walk(dir) {
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]).sort();
}
