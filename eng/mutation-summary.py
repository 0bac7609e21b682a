#!/usr/bin/env python3
"""Prints each folder's mutation figures and its surviving mutants from a Stryker JSON report.

    eng/mutation-summary.py artifacts/mutation/Lifecycle+Actions/reports/mutation-report.json

Score = (killed + timed out) / (killed + timed out + survived + not covered), as Stryker counts it; mutants that do
not compile and mutants outside the run's --mutate folders (Ignored) do not count.
"""
import collections
import json
import sys

report = json.load(open(sys.argv[1]))
folders = collections.defaultdict(collections.Counter)
survivors = collections.defaultdict(list)
for path, file in sorted(report["files"].items()):
    relative = path.split("src/Dataphin.UpgradeKit/")[-1]
    folder = relative.split("/")[0] if "/" in relative else "."
    source = file["source"].split("\n")
    tested = [m for m in file["mutants"] if m["status"] not in ("Ignored",)]
    if not any(m["status"] != "CompileError" for m in tested):
        continue
    for mutant in tested:
        folders[folder][mutant["status"]] += 1
        if mutant["status"] in ("Survived", "NoCoverage"):
            line = mutant["location"]["start"]["line"]
            survivors[folder].append(
                f"  {mutant['status']:<10} {relative}:{line} {mutant['mutatorName']} -> {mutant.get('replacement', '')[:60]!r}"
                f" | {source[line - 1].strip()[:100]}")

for folder, counts in sorted(folders.items()):
    killed = counts["Killed"] + counts["Timeout"]
    counted = killed + counts["Survived"] + counts["NoCoverage"]
    score = 100 * killed / counted if counted else 0
    print(f"{folder}: {score:.2f} % | killed {counts['Killed']}, timeout {counts['Timeout']}, survived {counts['Survived']},"
          f" no coverage {counts['NoCoverage']}, compile errors {counts['CompileError']}")
    print("\n".join(survivors[folder]))
