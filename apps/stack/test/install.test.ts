import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import semver from "semver";
import { describe, expect, it } from "vitest";

// Keeps `npm ci` quiet: no dependency may exclude a Node version the project claims to support (npm
// would print EBADENGINE), and every install script in the lock is decided in the root's allowScripts
// (npm 11 warns about unreviewed ones). README, Dockerfile and CI name the same Node versions.
const root = fileURLToPath(new URL("../../../", import.meta.url));
const read = (file: string) => readFileSync(`${root}${file}`, "utf8");

interface LockPackage {
  name?: string;
  version?: string;
  link?: boolean;
  engines?: Record<string, string> | string[];
  hasInstallScript?: boolean;
}
const pkg = JSON.parse(read("package.json")) as {
  engines: { node: string };
  packageManager: string;
  allowScripts: Record<string, boolean>;
};
const lock = JSON.parse(read("package-lock.json")) as { packages: Record<string, LockPackage> };
const supported = pkg.engines.node;
// A lock key is a path; the package's own name is the last node_modules segment, unless it is an alias
// (`"prisma6": "npm:prisma@6"`), whose entry records the real name, which npm's policy matches on.
const nameOf = (path: string, entry: LockPackage) => entry.name ?? path.slice(path.lastIndexOf("node_modules/") + 13);
const dependencies = Object.entries(lock.packages).filter(([path, entry]) => path.includes("node_modules/") && !entry.link);

describe("a clean install", () => {
  it("claims a valid Node range, and the Node running this is in it", () => {
    expect(semver.validRange(supported), supported).not.toBeNull();
    expect(semver.satisfies(process.version, supported), `${process.version} in ${supported}`).toBe(true);
  });

  it("has no dependency whose engines exclude a supported Node version (else: an override, or change engines)", () => {
    expect(dependencies.length).toBeGreaterThan(500);
    const excluding = dependencies
      .filter(([, entry]) => !Array.isArray(entry.engines) && entry.engines?.node !== undefined)
      .filter(([, entry]) => !semver.subset(supported, (entry.engines as Record<string, string>).node as string))
      .map(([path, entry]) => `${path}@${entry.version} wants node ${(entry.engines as Record<string, string>).node}`);
    expect(excluding).toEqual([]);
  });

  it("decides every install script of the lock in allowScripts, and names nothing that is not there", () => {
    const withScripts = new Set(dependencies.filter(([, e]) => e.hasInstallScript).map(([path, e]) => nameOf(path, e)));
    expect(withScripts.size).toBeGreaterThan(0);
    // Entries may pin a version (`pkg@1.2.3`); the policy is decided per package name here.
    const named = new Set(Object.keys(pkg.allowScripts).map((entry) => entry.replace(/(?<=.)@.*$/, "")));
    expect([...withScripts].filter((name) => !named.has(name)), "install scripts not in allowScripts").toEqual([]);
    expect([...named].filter((name) => !withScripts.has(name)), "allowScripts entries without an install script in the lock").toEqual([]);
  });

  it("names the same Node versions in README, the Dockerfile and CI", () => {
    expect(read("README.md"), "README states the engines range").toContain(`\`${supported}\``);
    const image = /^FROM node:(\d+)[-\w.]*$/m.exec(read("Dockerfile"));
    expect(image, "Dockerfile builds on an official node image").not.toBeNull();
    expect(semver.intersects(`${image?.[1]}.x`, supported), `node:${image?.[1]} within ${supported}`).toBe(true);
    // The image's bundled npm may predate allowScripts: it installs the npm the project names.
    const npm = pkg.packageManager.replace(/^npm@/, "");
    expect(read("Dockerfile")).toContain(`npm install -g npm@${npm}`);
    // CI fails instead of warning on an engine mismatch or an undecided install script.
    expect(read(".ci/run")).toMatch(/^npm ci .*--engine-strict --strict-allow-scripts/m);
  });
});
